// In-file suppression comments: `# dockerfile-lsp: ignore=...` and hadolint's `# hadolint ignore=...`
// pragmas. (BuildKit's `# check=` comments are handled in CheckDirective.swift.)
import DockerfileSyntax

/// The suppression comments of one file.
struct Suppressions {
  /// Reads the comments of the context's tree.
  init(context: RuleContext) {}

  /// Whether there is nothing to suppress.
  var isEmpty: Bool { true }

  /// Whether a finding of rule `descriptor` at `range` is suppressed.
  func suppresses(_ descriptor: RuleDescriptor, range: Range<Int>) -> Bool { false }
}
