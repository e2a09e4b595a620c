// DF525 multiple-cmd (hadolint DL4003).
//
// Only the last CMD of a stage takes effect. hadolint reports the second and every later CMD of a stage (CMDs
// before the first FROM count as one more stage), at the later instruction. BuildKit's
// MultipleInstructionsDisallowed (on by default) reports the same mistake at the earlier, ineffective
// instruction, so this variant is off by default.
import DockerfileSyntax

/// Reports a CMD after another CMD in the same stage.
public struct MultipleCmd: Rule {
  /// Creates the rule.
  public init() {}

  /// DF525.
  public let descriptor = RuleDescriptor(
    code: "DF525", name: "multiple-cmd", aliases: ["DL4003"], severity: .warning, category: .correctness,
    summary: "A stage should have at most one CMD",
    documentation: RuleDocumentation(
      why: """
        A stage has one default command: each CMD replaces the previous one, so all but the last are dead \
        code that misleads readers. This is hadolint's form of the check, reported at the later CMD; BuildKit's \
        MultipleInstructionsDisallowed (on by default) reports the earlier one, so this rule is off by default.
        """,
      bad: "FROM alpine:3.20\nCMD [\"/srv/migrate\"]\nCMD [\"/srv/server\"]\n",
      good: "FROM alpine:3.20\nUSER nobody\nCMD [\"/srv/server\"]\n"),
    enabledByDefault: false)

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    hadolintReportRepeats(of: .cmd, in: context) {
      report($0, "another CMD comes earlier in this stage; only the last one applies")
    }
  }
}

/// Reports each instruction of `kind` that follows another of the same kind in its stage (hadolint's DL4003 and
/// DL4004: FROM resets, and instructions before the first FROM form a stage of their own).
func hadolintReportRepeats(of kind: InstructionKind, in context: RuleContext, report: (Range<Int>) -> Void) {
  var seen = false
  for ins in context.model.instructions {
    if ins.kind == .from {
      seen = false
    } else if ins.kind == kind {
      if seen { report(ins.keyword.range) }
      seen = true
    }
  }
}
