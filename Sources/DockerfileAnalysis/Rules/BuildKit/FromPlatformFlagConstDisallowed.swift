// DF217 from-platform-flag-const-disallowed (BuildKit's FromPlatformFlagConstDisallowed).
//
// `FROM --platform=linux/amd64` pins a stage to one platform whatever the build targets, so a multi-platform build
// produces an amd64 binary in its arm64 image. `--platform=$BUILDPLATFORM` (or `$TARGETPLATFORM`) says what is
// meant. A constant is accepted when the stage name mentions its OS or architecture (`AS build-amd64`), which shows
// the pinning is deliberate; a value that does not parse as a platform is left to the build to reject.
import DockerfileSyntax

/// Reports FROM lines whose `--platform` is a constant.
public struct FromPlatformFlagConstDisallowed: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF217.
  public let descriptor = RuleDescriptor(
    code: "DF217", name: "from-platform-flag-const-disallowed", aliases: ["FromPlatformFlagConstDisallowed"],
    severity: .warning, category: .correctness, summary: "FROM --platform flag should not use a constant value",
    documentation: RuleDocumentation(
      why: """
        A constant --platform pins the stage to one platform whatever platform the build targets, so a \
        multi-platform build quietly ships binaries for the wrong architecture. Use $BUILDPLATFORM for stages \
        that run on the build machine and cross-compile, or leave the flag out. A stage whose name mentions the \
        pinned OS or architecture (`AS build-amd64`) is taken as deliberate.
        """,
      bad: "FROM --platform=linux/amd64 golang:1.22 AS build\n",
      good:
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build -o /out/app .\n"
        + "FROM alpine:3.20\nCOPY --from=build /out/app /usr/bin/app\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let ins = facts.instruction
    guard ins.kind == .from, let from = FromInstruction(ins), let flag = from.platform, let value = flag.value else {
      return
    }
    // Any variable, set or not, makes the value non-constant; escaped or single-quoted `$` does not.
    guard scanVariableReferences(in: value, escape: ins.escapeCharacter).references.isEmpty else { return }
    let evaluator = BuildKitWordEvaluator(escape: Unicode.Scalar(ins.escapeCharacter), lookup: { _ in .unset })
    guard let result = evaluator.evaluate(value), let platform = BuildKitPlatform(result) else { return }
    let stageName = BuildKitStageName(from)?.lowercased ?? ""
    if stageName.contains(platform.os) || stageName.contains(platform.architecture) { return }
    let quoted = String(decoding: goQuote(Array(result.utf8)), as: UTF8.self)
    report(flag.valueRange ?? flag.range, "FROM --platform flag should not use constant value \(quoted)")
  }
}
