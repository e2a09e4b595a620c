// DF611 zypper-non-interactive (alias DL3034).
//
// zypper asks for confirmation before it installs, removes or patches, and a build has nobody to answer.
// `-n` (`--non-interactive`) as a global option, or `-y` (`--no-confirm`) on the subcommand, makes it proceed.
// Checked for `install`/`in`, `remove`/`rm`, `source-install`/`si` and `patch`.
import DockerfileSyntax

/// Reports zypper commands that would stop to ask for confirmation.
public struct ZypperNonInteractive: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF611.
  public let descriptor = RuleDescriptor(
    code: "DF611", name: "zypper-non-interactive", aliases: ["DL3034"], severity: .warning,
    category: .correctness,
    summary: "zypper install should run non-interactively",
    documentation: RuleDocumentation(
      why: """
        zypper asks whether to go ahead before it installs, removes or patches packages, and during a build \
        nobody can answer. Pass `-n` (`--non-interactive`) before the subcommand, or `-y` (`--no-confirm`) \
        after it, so that zypper never waits for input.
        """,
      bad: "FROM opensuse/leap:15.6\nRUN zypper install curl=8.6.0 && zypper clean\nUSER 65534\n",
      good: "FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0 && zypper clean\nUSER 65534\n"))

  static let subcommands: Set<String> = ["install", "in", "remove", "rm", "source-install", "si", "patch"]

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for command in facts.packageCommands
    where command.isNamed("zypper", withAnyArgument: Self.subcommands)
      && !command.hasAnyFlag(["non-interactive", "n", "no-confirm", "y"])
    {
      report(
        command.wordsRange(through: Self.subcommands),
        "`\(command.invocation(through: Self.subcommands))` waits for a confirmation that a build cannot give; "
          + "add `-n` (or `-y` after the subcommand)")
      return
    }
  }
}
