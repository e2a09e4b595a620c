// DF604 apt-no-install-recommends (alias DL3015).
//
// By default apt-get also installs every package the named ones "recommend": documentation, optional tools,
// sometimes whole language runtimes. In an image they are dead weight and extra attack surface.
// `--no-install-recommends` (or `-o APT::Install-Recommends=false`) installs only what is required.
import DockerfileSyntax

/// Reports `apt-get install` that also installs recommended packages.
public struct AptNoInstallRecommends: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF604.
  public let descriptor = RuleDescriptor(
    code: "DF604", name: "apt-no-install-recommends", aliases: ["DL3015"], severity: .info, category: .size,
    summary: "apt-get install should use --no-install-recommends",
    documentation: RuleDocumentation(
      why: """
        Unless told otherwise, apt-get also installs the packages that the requested ones merely recommend: \
        documentation, optional helpers, sometimes entire runtimes. They make the image bigger and add \
        software to patch without being needed. Pass `--no-install-recommends` (or \
        `-o APT::Install-Recommends=false`) and name any extra package you do want explicitly.
        """,
      bad: """
        FROM debian:12
        RUN apt-get update \\
         && apt-get install -y curl=7.88.1-10+deb12u12 \\
         && rm -rf /var/lib/apt/lists/*
        USER 65534

        """,
      good: """
        FROM debian:12
        RUN apt-get update \\
         && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 \\
         && rm -rf /var/lib/apt/lists/*
        USER 65534

        """))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for command in facts.packageCommands
    where command.isNamed("apt-get", withAnyArgument: ["install"])
      && !command.hasAnyFlag(["no-install-recommends"]) && !command.hasArgument("APT::Install-Recommends=false")
    {
      report(
        command.wordsRange(through: ["install"]),
        "`apt-get install` also installs recommended packages; add `--no-install-recommends`")
      return
    }
  }
}
