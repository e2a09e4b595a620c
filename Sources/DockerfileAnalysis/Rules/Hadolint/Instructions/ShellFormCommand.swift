// DF511 shell-form-command (hadolint DL3025).
//
// hadolint asks for the JSON (exec) form in CMD, ENTRYPOINT and `HEALTHCHECK CMD`, with no exception. BuildKit's
// JSONArgsRecommended (DF209, on by default) reports shell-form CMD and ENTRYPOINT unless a SHELL instruction
// shows the shell form is deliberate, which covers the same mistake where it matters (signals reaching PID 1),
// so this stricter variant, which adds HEALTHCHECK, is off by default.
import DockerfileSyntax

/// Reports shell-form CMD, ENTRYPOINT and HEALTHCHECK CMD.
public struct ShellFormCommand: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF511.
  public let descriptor = RuleDescriptor(
    code: "DF511", name: "shell-form-command", aliases: ["DL3025"], severity: .warning, category: .correctness,
    summary: "CMD, ENTRYPOINT and HEALTHCHECK CMD should use the JSON (exec) form",
    documentation: RuleDocumentation(
      why: """
        In shell form the command runs under `/bin/sh -c`: the shell becomes PID 1 and usually does not pass \
        SIGTERM on, so the container cannot stop cleanly, and the command line is subject to shell parsing. \
        The JSON form runs the program directly. This is hadolint's form of the check, which also covers \
        `HEALTHCHECK CMD` and makes no exception for a SHELL instruction; DF209 (json-args-recommended, on by \
        default) covers CMD and ENTRYPOINT, so this rule is off by default.
        """,
      bad: "FROM alpine:3.20\nHEALTHCHECK CMD wget -q -O /dev/null http://localhost:8080/\n",
      good: """
        FROM alpine:3.20
        HEALTHCHECK CMD ["wget", "-q", "-O", "/dev/null", "http://localhost:8080/"]
        USER nobody

        """),
    enabledByDefault: false)

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let ins = facts.instruction
    guard ins.form == .shell else { return }
    switch ins.kind {
    case .cmd, .entrypoint:
      let keyword = String(decoding: ins.keyword.text, as: UTF8.self)
      report(ins.argumentText.range, "\(keyword) in shell form runs under /bin/sh -c; use the JSON form")
    case .healthcheck:
      guard let check = HealthcheckInstruction(ins), let type = check.type,
        type.string.uppercased() == "CMD", let first = check.command.first, let last = check.command.last
      else { return }
      report(
        first.range.lowerBound..<last.range.upperBound,
        "HEALTHCHECK CMD in shell form runs under /bin/sh -c; use the JSON form")
    default:
      return
    }
  }
}
