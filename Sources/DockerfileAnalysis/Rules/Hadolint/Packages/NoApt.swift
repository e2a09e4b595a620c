// DF607 no-apt (alias DL3027).
//
// `apt` is Debian's command-line front end for people at a terminal: its output, progress bars and defaults
// may change between releases, and it warns that it "does not have a stable CLI interface". Scripts, and so
// Dockerfiles, should call `apt-get` (and `apt-cache` for queries), whose behaviour is kept stable.
import DockerfileSyntax

/// Reports commands named `apt`.
public struct NoApt: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF607.
  public let descriptor = RuleDescriptor(
    code: "DF607", name: "no-apt", aliases: ["DL3027"], severity: .warning, category: .correctness,
    summary: "Use apt-get or apt-cache instead of apt",
    documentation: RuleDocumentation(
      why: """
        `apt` is meant for people at a terminal. Its output and defaults may change from one release to the \
        next, and it prints a warning that its command line is not stable when used in a script. In a \
        Dockerfile, use `apt-get` to install and remove packages and `apt-cache` to query them: both keep a \
        stable interface.
        """,
      bad: """
        FROM debian:12
        RUN apt update \\
         && apt install -y --no-install-recommends curl=7.88.1-10+deb12u12 \\
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
    guard let command = facts.packageCommands.first(where: { $0.isNamed("apt") }), let word = command.words.first
    else { return }
    report(word.range, "`apt` has no stable command line for scripts; use `apt-get` or `apt-cache`")
  }
}
