// DF614 dnf-yes (alias DL3038).
//
// `dnf install` (and `microdnf install`) ask for confirmation before installing, and a build has nobody to
// answer. `-y` (`--assumeyes`) answers yes up front. Checked for `install`, `groupinstall` and `localinstall`.
import DockerfileSyntax

/// Reports `dnf install` / `microdnf install` without `-y`.
public struct DnfYes: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF614.
  public let descriptor = RuleDescriptor(
    code: "DF614", name: "dnf-yes", aliases: ["DL3038"], severity: .warning, category: .correctness,
    summary: "dnf install should run with -y",
    documentation: RuleDocumentation(
      why: """
        `dnf install` (and `microdnf install`) stop to ask whether to go ahead, and during a build nobody can \
        answer, so the install is abandoned and the build fails. Pass `-y` (`--assumeyes`) so that the install \
        never waits for input.
        """,
      bad: "FROM fedora:41\nRUN dnf install httpd-2.4.62 && dnf clean all\nUSER 65534\n",
      good: "FROM fedora:41\nRUN dnf install -y httpd-2.4.62 && dnf clean all\nUSER 65534\n"))

  static let subcommands: Set<String> = ["install", "groupinstall", "localinstall"]

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for command in facts.packageCommands
    where (command.isNamed("dnf") || command.isNamed("microdnf")) && command.hasArgument(Self.subcommands)
      && !command.hasAnyFlag(["y", "assumeyes"])
    {
      report(
        command.wordsRange(through: Self.subcommands),
        "`\(command.invocation(through: Self.subcommands))` without `-y` waits for a confirmation that a build "
          + "cannot give; add `-y`")
      return
    }
  }
}
