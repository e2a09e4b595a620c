// DF214 undefined-arg-in-from (BuildKit's UndefinedArgInFrom).
//
// A FROM line can only use the global ARGs (declared before the first FROM, with or without a default) and
// BuildKit's predefined platform arguments. Any other variable in the image reference or in `--platform` expands to
// nothing: the build then pulls the wrong image or fails on an empty platform, usually because of a typo.
//
// A sequential rule whose state is the global ARG names (and whether the first FROM was read).
import DockerfileSyntax

/// Reports variables in FROM lines that no global ARG declares.
public struct UndefinedArgInFrom: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF214.
  public let descriptor = RuleDescriptor(
    code: "DF214", name: "undefined-arg-in-from", aliases: ["UndefinedArgInFrom"], severity: .warning,
    category: .correctness, summary: "FROM command must use declared ARGs",
    documentation: RuleDocumentation(
      why: """
        The image and `--platform` of a FROM line are expanded with the global ARGs (those declared before the \
        first FROM) and the predefined platform arguments (BUILDPLATFORM, TARGETARCH, ...). Anything else \
        expands to an empty string, so the stage builds on the wrong image or the build fails. Declare the \
        variable with an ARG before the first FROM, or fix the typo.
        """,
      bad: "ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERISON}-slim\n",
      good: "ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim\nUSER nobody\n"))

  /// Global ARGs and FROM lines.
  public var stepKinds: Set<InstructionKind>? { [.from, .arg] }

  /// The global ARG names, and whether the first FROM was read (ARGs after it are not global).
  public struct State: Equatable, Sendable {
    var globals = GlobalArgNames()
    var inStages = false
  }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>
  ) {
    let ins = facts.instruction
    switch ins.kind {
    case .arg:
      guard !state.inStages else { return }
      for declaration in ArgInstruction(ins)?.declarations ?? [] {
        state.globals.declare(String(decoding: declaration.name, as: UTF8.self))
      }
    case .from:
      state.inStages = true
      // BuildKit expands the image, then the platform, each as its own word.
      let words = [ExpandedWord.argument(0, of: ins), ExpandedWord.flag("platform", of: ins)].compactMap { $0 }
      for word in words {
        for (name, range) in word.lookups(in: ins) where !state.globals.isDeclared(name) {
          var message = "FROM argument '\(name)' is not declared"
          if let suggestion = buildKitSuggestion(for: name, among: state.globals.suggestionCandidates) {
            message += " (did you mean \(suggestion)?)"
          }
          out.report(range, message)
        }
      }
    default:
      break
    }
  }
}
