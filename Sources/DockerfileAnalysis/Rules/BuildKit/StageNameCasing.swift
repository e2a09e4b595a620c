// DF201 stage-name-casing (BuildKit's StageNameCasing).
//
// BuildKit compares stage names case-insensitively and keeps them lower-cased, so `AS Builder` defines a stage
// called `builder`. Writing the name in mixed or upper case suggests a distinction that does not exist, and
// references to it (`COPY --from=`, `--target`) then look inconsistent; BuildKit warns about it.
import DockerfileSyntax

/// Reports a stage name that is not written in lower case.
public struct StageNameCasing: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF201.
  public let descriptor = RuleDescriptor(
    code: "DF201", name: "stage-name-casing", aliases: ["StageNameCasing"], severity: .warning, category: .style,
    summary: "Stage names should be lowercase",
    documentation: RuleDocumentation(
      why: """
        BuildKit treats stage names case-insensitively and stores them lower-cased: `AS Builder` names the \
        stage `builder`. Writing a name with capitals hints at a difference that BuildKit ignores and makes \
        `COPY --from=` and `--target` references look inconsistent. Write stage names in lower case.
        """,
      bad: "FROM alpine AS Builder\nRUN echo hi\n",
      good: "FROM alpine:3.20 AS builder\nRUN echo hi\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let from = FromInstruction(facts.instruction), let stage = BuildKitStageName(from) else { return }
    let written = stage.name.string
    if written != stage.lowercased { report(stage.name.range, "Stage name '\(written)' should be lowercase") }
  }
}
