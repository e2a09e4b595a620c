// DF608 yum-yes (alias DL3030).
//
// `yum install` asks for confirmation before installing, and a build has nobody to answer: yum reads
// end-of-file and exits without installing. `-y` (`--assumeyes`) answers yes up front. Checked for the
// `install`, `groupinstall` and `localinstall` subcommands.
import DockerfileSyntax

/// Reports `yum install` without `-y`.
public struct YumYes: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF608.
  public let descriptor = RuleDescriptor(
    code: "DF608", name: "yum-yes", aliases: ["DL3030"], severity: .warning, category: .correctness,
    summary: "yum install should run with -y",
    documentation: RuleDocumentation(
      why: """
        `yum install` stops to ask whether to go ahead, and during a build nobody can answer: yum sees \
        end-of-file, installs nothing and fails the build. Pass `-y` (`--assumeyes`) so that the install never \
        waits for input.
        """,
      bad: "FROM centos:7\nRUN yum install httpd-2.4.6 && yum clean all\nUSER 65534\n",
      good: "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\nUSER 65534\n"))

  static let subcommands: Set<String> = ["install", "groupinstall", "localinstall"]

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for command in facts.packageCommands
    where command.isNamed("yum", withAnyArgument: Self.subcommands) && !command.hasAnyFlag(["y", "assumeyes"]) {
      report(
        command.wordsRange(through: Self.subcommands),
        "`\(command.invocation(through: Self.subcommands))` without `-y` waits for a confirmation that a build "
          + "cannot give; add `-y`")
      return
    }
  }
}
