// DF603 apt-get-yes (alias DL3014).
//
// `apt-get install` asks for confirmation before it installs anything beyond the named packages, and a build
// has nobody to answer: apt-get reads end-of-file and aborts. `-y` (`--yes`, `--assume-yes`) answers yes up
// front. As in hadolint, `-qq` (or `-q -q`, `--quiet --quiet`, `-q=2`) also counts, since apt-get's quiet
// level 2 implies `-y`; a single `-q` does not.
import DockerfileSyntax

/// Reports `apt-get install` without `-y`.
public struct AptGetYes: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF603.
  public let descriptor = RuleDescriptor(
    code: "DF603", name: "apt-get-yes", aliases: ["DL3014"], severity: .warning, category: .correctness,
    summary: "apt-get install should run with -y",
    documentation: RuleDocumentation(
      why: """
        `apt-get install` stops to ask for confirmation when it would install more than the named packages, \
        and during a build nobody can answer, so apt-get aborts and the build fails, sometimes only after a \
        dependency change. Pass `-y` (or `--yes`, `--assume-yes`; quiet level 2, `-qq`, implies it) so that \
        the install never waits for input.
        """,
      bad: """
        FROM debian:12
        RUN apt-get update \\
         && apt-get install --no-install-recommends curl=7.88.1-10+deb12u12 \\
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
    where command.isNamed("apt-get", withAnyArgument: ["install"]) && !Self.assumesYes(command) {
      report(
        command.wordsRange(through: ["install"]),
        "`apt-get install` without `-y` waits for a confirmation that a build cannot give; add `-y`")
      return
    }
  }

  /// Whether the command answers apt-get's prompts: `-y`, `--yes`, `--assume-yes`, `--qq`, or quiet level 2.
  static func assumesYes(_ command: ShellCommand) -> Bool {
    command.hasAnyFlag(["y", "yes", "qq", "assume-yes"]) || command.flagCount("q") == 2
      || command.flagCount("quiet") == 2 || command.hasArgument("-q=2")
  }
}
