// DF651 run-cd (alias DL3003).
//
// Each RUN starts a new shell, so a `cd` inside it lasts only until the end of that RUN: the next RUN, COPY or
// CMD starts again in the working directory. Scripts that rely on `cd` are harder to follow and break when the
// RUN is split. WORKDIR sets the directory for every later instruction of the stage, and creates it. hadolint
// checks top-level RUNs only (not ONBUILD triggers) and does not look inside `sh -c '...'` strings.
import DockerfileSyntax

/// Reports `cd` in a RUN.
public struct RunCd: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF651.
  public let descriptor = RuleDescriptor(
    code: "DF651", name: "run-cd", aliases: ["DL3003"], severity: .warning, category: .style,
    summary: "cd in RUN; use WORKDIR to change directory",
    documentation: RuleDocumentation(
      why: """
        Every RUN runs in a fresh shell, so a `cd` only lasts until the end of its own RUN; the next instruction \
        is back in the stage's working directory. Set the directory with WORKDIR instead: it applies to every \
        later RUN, COPY, CMD and ENTRYPOINT of the stage, creates the directory when needed, and makes the \
        Dockerfile say where things happen.
        """,
      bad: """
        FROM python:3.12-slim
        COPY . /src
        RUN cd /src && python -m compileall .
        USER nobody

        """,
      good: """
        FROM python:3.12-slim
        WORKDIR /src
        COPY . .
        RUN python -m compileall .
        USER nobody

        """))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let commands = ShellRuleSupport.runCommands(facts, onbuild: false) else { return }
    for command in commands {
      guard let (name, index) = ShellRuleSupport.name(command), name == "cd" else { continue }
      report(
        command.words[index].range,
        "`cd` only lasts until the end of this RUN; use WORKDIR to change the working directory")
      return
    }
  }
}
