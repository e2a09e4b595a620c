// DF514 onbuild-forbidden-trigger (hadolint DL3043).
//
// ONBUILD registers an instruction to run in a later build that uses this image as its base. Three
// instructions make no sense there, and Docker rejects them: ONBUILD itself (triggers cannot chain), FROM and
// MAINTAINER. hadolint reports them; the range is the wrapped instruction's keyword.
import DockerfileSyntax

/// Reports `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
public struct OnbuildForbiddenTrigger: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF514.
  public let descriptor = RuleDescriptor(
    code: "DF514", name: "onbuild-forbidden-trigger", aliases: ["DL3043"], severity: .error,
    category: .correctness,
    summary: "ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER",
    documentation: RuleDocumentation(
      why: """
        ONBUILD stores an instruction that runs when another Dockerfile builds FROM this image. Triggers \
        cannot register further triggers, cannot start a new stage, and cannot set the deprecated author \
        field, so Docker rejects `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`. \
        Off by default: DF019 invalid-onbuild-trigger reports the same mistake as the BuildKit error it is.
        """,
      bad: "FROM alpine:3.20\nONBUILD FROM alpine:3.20\n",
      good: "FROM alpine:3.20\nONBUILD COPY . /srv/app/\nUSER nobody\n"),
    enabledByDefault: false)

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let trigger = facts.instruction.hadolintTrigger,
      trigger.kind == .onbuild || trigger.kind == .from || trigger.kind == .maintainer
    else { return }
    let keyword = String(decoding: trigger.keyword.text, as: UTF8.self)
    report(trigger.keyword.range, "\(keyword) is not allowed as an ONBUILD trigger")
  }
}
