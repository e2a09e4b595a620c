// DF205 reserved-stage-name (BuildKit's ReservedStageName).
//
// `scratch` is the empty base image and `context` is the build context: both already mean something where a
// stage name is expected (`FROM scratch`, `COPY --from=context`). A stage with either name shadows that
// meaning, or is shadowed by it, so BuildKit warns.
import DockerfileSyntax

/// Reports a stage named `scratch` or `context`.
public struct ReservedStageName: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF205.
  public let descriptor = RuleDescriptor(
    code: "DF205", name: "reserved-stage-name", aliases: ["ReservedStageName"], severity: .warning,
    category: .correctness,
    summary: "Reserved words should not be used as stage names",
    documentation: RuleDocumentation(
      why: """
        `scratch` names the empty base image and `context` names the build context; both can appear where a \
        stage name does (`FROM scratch`, `COPY --from=context`). A stage called either is ambiguous: \
        references may not reach the stage, or may reach it when the reserved meaning was intended.
        """,
      bad: "FROM alpine AS scratch\nRUN echo hi\n",
      good: "FROM alpine:3.20 AS base\nRUN echo hi\nUSER nobody\n"))

  /// Names BuildKit reserves.
  static let reserved: Set<String> = ["scratch", "context"]

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let from = FromInstruction(facts.instruction), let stage = BuildKitStageName(from),
      Self.reserved.contains(stage.lowercased)
    else { return }
    report(stage.name.range, "Stage name should not use the same name as reserved stage \"\(stage.lowercased)\"")
  }
}
