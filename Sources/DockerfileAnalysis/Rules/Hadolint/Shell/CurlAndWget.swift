// DF661 curl-and-wget (alias DL4001).
//
// curl and wget do the same job; installing and using both in one image adds a tool, its libraries and two
// sets of flags to maintain. hadolint keeps, per stage (reset at each FROM), the set of `curl`/`wget`
// commands seen in RUNs, and reports every RUN that uses one of them once the stage has used both, this RUN
// included. `ONBUILD RUN` triggers form a separate pass with no FROM.
import DockerfileSyntax

/// Reports RUNs using curl or wget in a stage that uses both.
public struct CurlAndWget: Rule {
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

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    check(context, onbuild: false, report: report)
    check(context, onbuild: true, report: report)
  }

  /// One of hadolint's passes: top-level instructions, or the instructions under ONBUILD.
  func check(_ context: RuleContext, onbuild: Bool, report: (Range<Int>, String) -> Void) {
    var seen: Set<String> = []
    for (index, top) in context.model.instructions.enumerated() {
      guard let ins = onbuild ? ShellRuleSupport.onbuildTrigger(top) : top else { continue }
      if ins.kind == .from { seen = [] }
      guard ins.kind == .run else { continue }
      var first: Range<Int>?
      for command in context.shellCommands(ofInstructionAt: index) where !command.isInScriptArgument {
        guard let (name, wordIndex) = ShellRuleSupport.name(command), name == "curl" || name == "wget" else {
          continue
        }
        seen.insert(name)
        if first == nil { first = command.words[wordIndex].range }
      }
      if let first, seen.count == 2 {
        report(first, "this stage uses both curl and wget; use one of them for every download")
      }
    }
  }
}
