// DF504 latest-tag (hadolint DL3007).
//
// `:latest` is an explicit way of not pinning: the tag moves with every release. hadolint reports a FROM whose
// tag is exactly `latest` unless a digest pins the image anyway.
import DockerfileSyntax

/// Reports `FROM image:latest` without a digest.
public struct LatestTag: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF504.
  public let descriptor = RuleDescriptor(
    code: "DF504", name: "latest-tag", aliases: ["DL3007"], severity: .warning, category: .correctness,
    summary: "FROM images should not use the latest tag",
    documentation: RuleDocumentation(
      why: """
        The `latest` tag moves whenever the publisher releases, so builds are not reproducible and can break \
        without any change to the Dockerfile. Pin a release tag (or add a digest, which pins the image \
        whatever the tag says).
        """,
      bad: "FROM debian:latest\n",
      good: "FROM debian:12-slim\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let from = HadolintFrom(facts.instruction), from.split.tag == "latest", from.split.digest == nil,
      let tagRange = from.split.tagRange
    else { return }
    report(from.image.sourceSubrange(tagRange), "the `latest` tag changes with every release; pin a version tag")
  }
}
