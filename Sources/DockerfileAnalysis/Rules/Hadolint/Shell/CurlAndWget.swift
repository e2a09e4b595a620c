// DF661 curl-and-wget (alias DL4001).
//
// curl and wget do the same job; installing and using both in one image adds a tool, its libraries and two
// sets of flags to maintain. hadolint keeps, per stage (reset at each FROM), the set of `curl`/`wget`
// commands seen in RUNs, and reports every RUN that uses one of them once the stage has used both, this RUN
// included. `ONBUILD RUN` triggers form a separate pass with no FROM. Both passes run as one fold whose state is,
// per pass, which of the two the current stage has used.
import DockerfileSyntax

/// Reports RUNs using curl or wget in a stage that uses both.
public struct CurlAndWget: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF661.
  public let descriptor = RuleDescriptor(
    code: "DF661", name: "curl-and-wget", aliases: ["DL4001"], severity: .warning, category: .size,
    summary: "A stage uses both curl and wget",
    documentation: RuleDocumentation(
      why: """
        curl and wget do the same job. Using both in one stage means both (and their libraries) have to be in \
        the image, and readers have to know two sets of flags. Pick one and use it for every download in the \
        stage.
        """,
      bad: """
        FROM debian:12-slim
        RUN wget -q https://example.com/a.tar.gz
        RUN curl -fsSLO https://example.com/b.tar.gz
        USER nobody

        """,
      good: """
        FROM debian:12-slim
        RUN curl -fsSLO https://example.com/a.tar.gz && curl -fsSLO https://example.com/b.tar.gz
        USER nobody

        """))

  /// Which of curl and wget each of hadolint's passes has seen in its current stage.
  public struct State: Equatable, Sendable {
    fileprivate var main = Seen()
    fileprivate var onbuild = Seen()
  }

  /// The programs a stage has used.
  fileprivate struct Seen: Equatable, Sendable {
    var curl = false
    var wget = false
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .run, .onbuild] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let onbuild = facts.instruction.kind == .onbuild
    guard let ins = onbuild ? ShellRuleSupport.onbuildTrigger(facts.instruction) : facts.instruction else { return }
    var seen = onbuild ? state.onbuild : state.main
    defer {
      if onbuild { state.onbuild = seen } else { state.main = seen }
    }
    if ins.kind == .from { seen = Seen() }
    guard ins.kind == .run else { return }
    var first: Range<Int>?
    for command in facts.commands where !command.isInScriptArgument {
      guard let (name, wordIndex) = ShellRuleSupport.name(command), name == "curl" || name == "wget" else {
        continue
      }
      if name == "curl" { seen.curl = true } else { seen.wget = true }
      if first == nil { first = command.words[wordIndex].range }
    }
    if let first, seen.curl && seen.wget {
      out.report(first, "this stage uses both curl and wget; use one of them for every download")
    }
  }
}
