// DF206 maintainer-deprecated (BuildKit's MaintainerDeprecated).
//
// MAINTAINER sets the image's `Author` field, which the OCI image format has deprecated. The author belongs in
// a label (`org.opencontainers.image.authors`), which tools read, and which LABEL sets like any other metadata.
import DockerfileSyntax

/// Reports every MAINTAINER instruction.
public struct MaintainerDeprecated: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF206.
  public let descriptor = RuleDescriptor(
    code: "DF206", name: "maintainer-deprecated", aliases: ["MaintainerDeprecated", "DL4000"], severity: .warning,
    category: .style,
    summary: "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
    documentation: RuleDocumentation(
      why: """
        MAINTAINER fills the image config's Author field, which is deprecated. Record the author with a \
        label instead, conventionally `org.opencontainers.image.authors`, which registries and tools \
        understand and which can be inspected like any other label.
        """,
      bad: "FROM alpine\nMAINTAINER me@example.org\n",
      good: "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"me@example.org\"\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let ins = facts.instruction
    guard ins.kind == .maintainer else { return }
    report(ins.keyword.range, "Maintainer instruction is deprecated in favor of using label")
  }
}
