// DF211 redundant-target-platform (BuildKit's RedundantTargetPlatform).
//
// A stage is built for the target platform unless `--platform` says otherwise, so
// `FROM --platform=$TARGETPLATFORM` restates the default. It is harmless but misleading: readers look for a
// reason the line is there.
import DockerfileSyntax

/// Reports `FROM --platform=$TARGETPLATFORM` and its equivalents.
public struct RedundantTargetPlatform: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF211.
  public let descriptor = RuleDescriptor(
    code: "DF211", name: "redundant-target-platform", aliases: ["RedundantTargetPlatform"], severity: .warning,
    category: .style,
    summary: "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
    documentation: RuleDocumentation(
      why: """
        Every stage is built for the target platform unless --platform names another one, so \
        `--platform=$TARGETPLATFORM` restates the default and makes readers look for a reason that is not \
        there. Drop the flag (keep --platform=$BUILDPLATFORM for stages that must run on the build machine).
        """,
      bad: "FROM --platform=$TARGETPLATFORM alpine\n",
      good: "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM alpine:3.20\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let ins = facts.instruction
    guard ins.kind == .from, let flag = FromInstruction(ins)?.platform, let value = flag.value,
      let range = flag.valueRange
    else { return }
    let refs = scanVariableReferences(in: value, escape: ins.escapeCharacter)
    guard refs.errors.isEmpty, refs.references.count == 1, let ref = refs.references.first else { return }
    // The whole value is the reference, and its result is TARGETPLATFORM's value.
    let keepsValue: Set<VariableModifier> = [
      .none, .defaultIfUnset, .defaultIfUnsetOrEmpty, .errorIfUnset, .errorIfUnsetOrEmpty,
    ]
    guard ref.name == Array("TARGETPLATFORM".utf8), ref.range == 0..<value.count, keepsValue.contains(ref.modifier)
    else { return }
    let raw = String(decoding: value, as: UTF8.self)
    report(range, "Setting platform to predefined \(raw) in FROM is redundant as this is the default behavior")
  }
}
