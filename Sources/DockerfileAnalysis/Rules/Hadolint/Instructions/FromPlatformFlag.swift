// DF513 from-platform-flag (hadolint DL3029).
//
// A fixed `FROM --platform=linux/amd64` builds that stage for one platform whatever the build asks for, which
// breaks multi-platform builds and forces emulation on other machines. hadolint reports a `--platform` value
// that mentions neither `BUILDPLATFORM` nor `TARGETPLATFORM`.
import DockerfileSyntax

/// Reports `FROM --platform=` with a value other than the build or target platform.
public struct FromPlatformFlag: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF513.
  public let descriptor = RuleDescriptor(
    code: "DF513", name: "from-platform-flag", aliases: ["DL3029"], severity: .warning, category: .correctness,
    summary: "FROM --platform should only name $BUILDPLATFORM or $TARGETPLATFORM",
    documentation: RuleDocumentation(
      why: """
        `FROM --platform=linux/amd64` pins the stage to one platform regardless of what the build targets: \
        a multi-platform build then ships an amd64 binary in its arm64 image, and builds on other machines \
        run under emulation. Leave the platform to the build (`docker build --platform`), or use \
        `$BUILDPLATFORM` for stages that must run on the build machine.
        """,
      bad: "FROM --platform=linux/amd64 alpine:3.20\n",
      good: "FROM alpine:3.20\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard facts.instruction.kind == .from, let flag = facts.instruction.flag("platform"), let raw = flag.value,
      !hadolintContains(raw, Array("BUILDPLATFORM".utf8)), !hadolintContains(raw, Array("TARGETPLATFORM".utf8))
    else { return }
    let value = String(decoding: raw, as: UTF8.self)
    report(flag.range, "--platform=\(value) fixes the stage's platform; leave it to the build or use $BUILDPLATFORM")
  }
}
