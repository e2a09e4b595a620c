// DF214 undefined-arg-in-from (BuildKit's UndefinedArgInFrom).
//
// A FROM line can only use the global ARGs (declared before the first FROM, with or without a default) and
// BuildKit's predefined platform arguments. Any other variable in the image reference or in `--platform` expands to
// nothing: the build then pulls the wrong image or fails on an empty platform, usually because of a typo.
import DockerfileSyntax

/// Reports variables in FROM lines that no global ARG declares.
public struct UndefinedArgInFrom: Rule {
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

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard !model.stages.isEmpty else { return }
    let globals = GlobalArgs(model)
    for stage in model.stages {
      let ins = model.instructions[stage.fromIndex]
      // BuildKit expands the image, then the platform, each as its own word.
      let words = [ExpandedWord.argument(0, of: ins), ExpandedWord.flag("platform", of: ins)].compactMap { $0 }
      for word in words {
        for (name, range) in word.lookups(in: ins) where !globals.isDeclared(name) {
          var message = "FROM argument '\(name)' is not declared"
          if let suggestion = buildKitSuggestion(for: name, among: globals.suggestionCandidates) {
            message += " (did you mean \(suggestion)?)"
          }
          report(range, message)
        }
      }
    }
  }
}
