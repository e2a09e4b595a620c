// DF652 no-sudo (alias DL3004).
//
// Builds run RUN as the image's current user, root unless a USER says otherwise, so `sudo` is either useless
// or a sign that the image switched users too early. sudo also behaves badly without a terminal (password
// prompts, `requiretty`, environment resets) and ships a setuid binary in the image. Run the step before USER,
// or switch users with USER; for entrypoints that must drop privileges, use a tool such as gosu or su-exec.
import DockerfileSyntax

/// Reports `sudo` in a RUN (and in `ONBUILD RUN`).
public struct NoSudo: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF652.
  public let descriptor = RuleDescriptor(
    code: "DF652", name: "no-sudo", aliases: ["DL3004"], severity: .warning, category: .security,
    summary: "sudo in RUN; run the step as root before USER instead",
    documentation: RuleDocumentation(
      why: """
        RUN already runs as the image's current user, which is root until a USER instruction changes it. \
        Using sudo in a build means the image switched users too early, and sudo misbehaves without a \
        terminal (password prompts, requiretty, a reset environment) while adding a setuid binary to the image. \
        Put the privileged steps before USER, or switch with USER; to drop privileges at run time, use a tool \
        such as gosu or su-exec in the entrypoint.
        """,
      bad: """
        FROM python:3.12-slim
        USER nobody
        RUN sudo mkdir /data

        """,
      good: """
        FROM python:3.12-slim
        RUN mkdir /data && chown nobody /data
        USER nobody

        """))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let commands = ShellRuleSupport.runCommands(facts, onbuild: true) else { return }
    for command in commands {
      guard let (name, index) = ShellRuleSupport.name(command), name == "sudo" else { continue }
      report(
        command.words[index].range,
        "do not use sudo in a build; run this step as root before USER, or use a tool like gosu to drop privileges")
      return
    }
  }
}
