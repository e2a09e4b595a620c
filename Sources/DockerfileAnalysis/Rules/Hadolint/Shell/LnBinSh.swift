// DF662 ln-bin-sh (alias DL4005).
//
// Replacing /bin/sh with a link to another shell (`ln -sf /bin/bash /bin/sh`) changes the shell of every later
// RUN without the Dockerfile saying so, and also changes it for every program in the image that runs
// `/bin/sh`. The SHELL instruction picks the shell for RUN, CMD and ENTRYPOINT openly and leaves the system
// alone. hadolint reports an `ln` command with an argument that is exactly `/bin/sh`.
import DockerfileSyntax

/// Reports `ln ... /bin/sh` in a RUN (and in `ONBUILD RUN`).
public struct LnBinSh: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF662.
  public let descriptor = RuleDescriptor(
    code: "DF662", name: "ln-bin-sh", aliases: ["DL4005"], severity: .warning, category: .correctness,
    summary: "Linking /bin/sh to change the shell; use SHELL",
    documentation: RuleDocumentation(
      why: """
        Pointing /bin/sh at another shell with ln changes the shell of every later RUN without the Dockerfile \
        saying so, and changes it for every program in the image that runs /bin/sh, which may expect a POSIX \
        shell. The SHELL instruction chooses the shell for RUN, CMD and ENTRYPOINT explicitly and leaves the \
        system's /bin/sh alone.
        """,
      bad: """
        FROM debian:12-slim
        RUN ln -sf /bin/bash /bin/sh
        USER nobody

        """,
      good: """
        FROM debian:12-slim
        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        USER nobody

        """))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let commands = ShellRuleSupport.runCommands(facts, onbuild: true) else { return }
    for command in commands {
      guard ShellRuleSupport.name(command)?.name == "ln",
        let target = command.words.dropFirst().first(where: { $0.stringValue == "/bin/sh" })
      else { continue }
      report(target.range, "do not relink /bin/sh to change the shell; use the SHELL instruction")
      return
    }
  }
}
