// DF657 wget-progress (alias DL3047).
//
// When its output is not a terminal, wget prints a progress line every few kilobytes, so downloading a large
// file can add thousands of lines to the build log. `--progress=dot:giga` keeps the log short; `-q`
// (`--quiet`), `-nv` (`--no-verbose`) or a log file (`-o`, `-a`) silence it. hadolint reports `wget` with
// none of these (`-O`, the output document, does not count).
import DockerfileSyntax

/// Reports `wget` without a progress or quiet option.
public struct WgetProgress: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF657.
  public let descriptor = RuleDescriptor(
    code: "DF657", name: "wget-progress", aliases: ["DL3047"], severity: .info, category: .style,
    summary: "wget without --progress, -q or -nv floods the build log",
    documentation: RuleDocumentation(
      why: """
        In a build, wget's output is not a terminal, so it falls back to printing a progress line every few \
        kilobytes: a large download adds thousands of lines to the build log and buries the useful ones. Use \
        --progress=dot:giga, or silence wget with -q (--quiet) or -nv (--no-verbose), or send its log to a file \
        with -o or -a.
        """,
      bad: """
        FROM debian:12-slim
        RUN wget https://example.com/tool.tar.gz
        USER nobody

        """,
      good: """
        FROM debian:12-slim
        RUN wget --progress=dot:giga https://example.com/tool.tar.gz
        USER nobody

        """))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let commands = ShellRuleSupport.runCommands(facts, onbuild: true) else { return }
    for command in commands {
      guard let (name, index) = ShellRuleSupport.name(command), name == "wget",
        !command.hasAnyFlag([
          "progress", "q", "quiet", "o", "output-file", "a", "append-output", "no-verbose",
        ]),
        !command.hasArgument("-nv")
      else { continue }
      report(
        command.words[index].range,
        "wget without --progress=dot:giga, -q or -nv fills the build log with progress lines")
      return
    }
  }
}
