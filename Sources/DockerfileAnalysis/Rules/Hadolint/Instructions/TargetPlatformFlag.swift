// DF522 target-platform-flag (hadolint DL3065).
//
// hadolint's check for `FROM --platform=$TARGETPLATFORM`, which restates the default. It matches the value as
// written, exactly `$TARGETPLATFORM` or `${TARGETPLATFORM}`. BuildKit's RedundantTargetPlatform (DF211, on by
// default) reports the same mistake and its equivalent spellings, so this variant is off by default.
import DockerfileSyntax

/// Reports `FROM --platform=$TARGETPLATFORM` written exactly so.
public struct TargetPlatformFlag: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF522.
  public let descriptor = RuleDescriptor(
    code: "DF522", name: "target-platform-flag", aliases: ["DL3065"], severity: .warning, category: .style,
    summary: "FROM --platform=$TARGETPLATFORM is the default",
    documentation: RuleDocumentation(
      why: """
        Stages are built for the target platform unless --platform says otherwise, so \
        `--platform=$TARGETPLATFORM` only restates the default. This is hadolint's form of the check, which \
        matches `$TARGETPLATFORM` and `${TARGETPLATFORM}` as written; DF211 (redundant-target-platform, on by \
        default) reports the same thing, so this rule is off by default.
        """,
      bad: "FROM --platform=$TARGETPLATFORM alpine:3.20\n",
      good: "FROM alpine:3.20\nUSER nobody\n"),
    enabledByDefault: false)

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let ins = facts.instruction
    guard ins.kind == .from, let flag = ins.flag("platform"), let valueRange = flag.valueRange else { return }
    let raw = ins.source[valueRange]
    guard raw.elementsEqual("$TARGETPLATFORM".utf8) || raw.elementsEqual("${TARGETPLATFORM}".utf8) else { return }
    report(flag.range, "--platform=\(String(decoding: raw, as: UTF8.self)) restates the default; remove the flag")
  }
}
