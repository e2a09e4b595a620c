// DF656 useradd-no-log-init (alias DL3046).
//
// useradd records every user in /var/log/lastlog and /var/log/faillog, sparse files indexed by UID. A large
// UID (`-u 123456789`) makes them huge; sparse holes are not kept in image layers, so the image grows by
// gigabytes. `useradd -l` (`--no-log-init`) skips those files. hadolint reports `useradd` with a `-u` value
// longer than five characters (a variable counts as written, `$UID` as `${UID}`) and no `-l`/`--no-log-init`;
// like hadolint, values given with `--uid` are not read.
import DockerfileSyntax

/// Reports `useradd` with a high UID and without `-l`.
public struct UseraddNoLogInit: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF656.
  public let descriptor = RuleDescriptor(
    code: "DF656", name: "useradd-no-log-init", aliases: ["DL3046"], severity: .warning, category: .size,
    summary: "useradd with a high UID and without -l bloats the image",
    documentation: RuleDocumentation(
      why: """
        useradd writes an entry for the new user into /var/log/lastlog and /var/log/faillog, sparse files whose \
        size grows with the UID. Image layers do not keep sparse holes, so a high UID can add gigabytes to the \
        image. Pass -l (--no-log-init) so useradd skips these logs.
        """,
      bad: """
        FROM debian:12-slim
        RUN useradd -u 1000000 app
        USER app

        """,
      good: """
        FROM debian:12-slim
        RUN useradd -l -u 1000000 app
        USER app

        """))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let commands = ShellRuleSupport.runCommands(facts, onbuild: true) else { return }
    for command in commands {
      guard ShellRuleSupport.name(command)?.name == "useradd", !command.hasAnyFlag(["l", "no-log-init"]),
        command.hasAnyFlag(["u", "uid"]),
        let uid = command.flagValues("u").first(where: { ShellRuleSupport.hadolintLength($0) > 5 })
      else { continue }
      report(
        uid.range,
        "useradd with a high UID and without -l (--no-log-init) fills lastlog and faillog and bloats the image")
      return
    }
  }
}
