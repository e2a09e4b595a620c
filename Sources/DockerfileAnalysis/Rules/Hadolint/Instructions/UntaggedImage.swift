// DF503 untagged-image (hadolint DL3006).
//
// `FROM debian` means `debian:latest`, whatever that is on the day of the build: the same Dockerfile builds
// different images over time. hadolint reports a FROM image with neither tag nor digest, except `scratch`,
// an image starting with a variable (the variable may carry the tag), and the name of a stage defined by an
// earlier FROM (a stage's own name does not count yet, so `FROM foo AS foo` is reported).
import DockerfileSyntax

/// Reports a FROM image without a tag or digest.
public struct UntaggedImage: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF503.
  public let descriptor = RuleDescriptor(
    code: "DF503", name: "untagged-image", aliases: ["DL3006"], severity: .warning, category: .correctness,
    summary: "FROM images should name a tag or digest",
    documentation: RuleDocumentation(
      why: """
        An image without a tag is `latest`, which moves whenever the publisher pushes: the same Dockerfile \
        builds a different image from one week to the next, and a rebuild can break for reasons unrelated to \
        the change being built. Name a version tag (or a digest). `scratch`, earlier stages, and images given \
        by a variable are not reported.
        """,
      bad: "FROM debian\n",
      good: "FROM debian:12-slim\nUSER nobody\n"))

  /// The stage names defined so far.
  public struct State: Equatable, Sendable {
    var aliases = PersistentSet<String>()
  }

  public var stepKinds: Set<InstructionKind>? { [.from] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    guard let from = HadolintFrom(facts.instruction) else { return }
    defer { if let alias = from.alias { state.aliases.insert(alias.string) } }
    let image = from.split
    if image.name == "scratch" || image.tag != nil || image.digest != nil || image.name.hasPrefix("$")
      || state.aliases.contains(image.name)
    {
      return
    }
    out.report(from.image.range, "image \(from.image.string) has no tag, so it is whatever `latest` is at build time")
  }
}
