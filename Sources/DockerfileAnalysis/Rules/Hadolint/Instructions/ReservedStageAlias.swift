// DF520 reserved-stage-alias (hadolint DL3063).
//
// hadolint's check for stage names that are reserved words: exactly `scratch` or `context`, as written.
// BuildKit's ReservedStageName (DF205, on by default) reports the same mistake, comparing without regard to
// case as BuildKit resolves names, so this variant is off by default.
import DockerfileSyntax

/// Reports a stage named exactly `scratch` or `context`.
public struct ReservedStageAlias: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF520.
  public let descriptor = RuleDescriptor(
    code: "DF520", name: "reserved-stage-alias", aliases: ["DL3063"], severity: .warning, category: .correctness,
    summary: "Stage names should not be scratch or context (compared as written)",
    documentation: RuleDocumentation(
      why: """
        `scratch` already names the empty image and `context` the build context, wherever a stage name can \
        appear, so a stage with either name is ambiguous. This is hadolint's form of the check, which compares \
        the name exactly as written; DF205 (reserved-stage-name, on by default) reports the same mistake in any \
        letter case, so this rule is off by default.
        """,
      bad: "FROM alpine:3.20 AS scratch\n",
      good: "FROM alpine:3.20 AS base\nUSER nobody\n"),
    enabledByDefault: false)

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard facts.instruction.kind == .from, let name = HadolintFrom.stageName(in: facts.instruction.arguments),
      name.string == "scratch" || name.string == "context"
    else { return }
    report(name.range, "stage name \(name.string) is a reserved word; choose another name")
  }
}
