// DF501 absolute-workdir (hadolint DL3000).
//
// A relative WORKDIR is resolved against whatever working directory is in force, which at the start of a stage
// is the base image's. hadolint reports every WORKDIR whose path (quotes dropped) does not start with `/`, a
// variable (`$`), or a Windows drive (`C:`). BuildKit's WorkdirRelativePath (DF210, on by default) reports the
// same mistake where it matters most, the first WORKDIR of a stage lineage, so this stricter variant is off by
// default.
import DockerfileSyntax

/// Reports a WORKDIR with a relative path.
public struct AbsoluteWorkdir: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF501.
  public let descriptor = RuleDescriptor(
    code: "DF501", name: "absolute-workdir", aliases: ["DL3000"], severity: .warning, category: .correctness,
    summary: "WORKDIR should use an absolute path",
    documentation: RuleDocumentation(
      why: """
        A relative WORKDIR is resolved against the working directory in force at that point, which depends on \
        the base image and on every earlier WORKDIR; an absolute path says where files go without that \
        context. This is hadolint's stricter form, which reports every relative WORKDIR; DF210 \
        (workdir-relative-path, on by default) already reports the first relative WORKDIR of a stage, so this \
        rule is off by default. Paths starting with a variable or a Windows drive are accepted.
        """,
      bad: "FROM alpine:3.20\nWORKDIR /srv\nWORKDIR app\n",
      good: "FROM alpine:3.20\nWORKDIR /srv/app\nUSER nobody\n"),
    enabledByDefault: false)

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let ins = facts.instruction
    guard ins.kind == .workdir, let path = ins.arguments.first else { return }
    let text = hadolintDropQuotes(path.string)
    if text.hasPrefix("/") || text.hasPrefix("$") || hadolintIsWindowsAbsolute(text) { return }
    report(path.range, "WORKDIR \(path.string) is a relative path; use an absolute one")
  }
}
