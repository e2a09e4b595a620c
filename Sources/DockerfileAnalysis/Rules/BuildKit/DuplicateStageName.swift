// DF204 duplicate-stage-name (BuildKit's DuplicateStageName).
//
// Stage names are compared case-insensitively. When two stages share a name, `COPY --from=name`, `FROM name`
// and `--target name` can only mean one of them, so the other is unreachable by name and the Dockerfile says
// something other than what it appears to say. BuildKit warns at the later stage.
import DockerfileSyntax

/// Reports a stage name already used by an earlier stage.
public struct DuplicateStageName: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF204.
  public let descriptor = RuleDescriptor(
    code: "DF204", name: "duplicate-stage-name", aliases: ["DuplicateStageName"], severity: .warning,
    category: .correctness,
    summary: "Stage names should be unique",
    documentation: RuleDocumentation(
      why: """
        A stage name is how later instructions (`COPY --from=`, `FROM <stage>`) and `--target` refer to a \
        stage. If two stages share a name (compared case-insensitively), a reference can only resolve to one \
        of them, and readers cannot tell which. Give every stage its own name.
        """,
      bad: "FROM alpine AS build\nRUN echo one\nFROM alpine AS build\nRUN echo two\n",
      good: "FROM alpine:3.20 AS build-one\nRUN echo one\nFROM alpine:3.20 AS build-two\nRUN echo two\nUSER nobody\n"))

  /// FROM lines only.
  public var stepKinds: Set<InstructionKind>? { [.from] }

  /// The lower-cased stage names seen so far.
  public func initialState(_ file: FileFacts) -> Set<String> { [] }

  public func step(
    _ state: inout Set<String>, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>
  ) {
    guard let from = FromInstruction(facts.instruction), let stage = BuildKitStageName(from) else { return }
    if !state.insert(stage.lowercased).inserted {
      out.report(stage.name.range, "Duplicate stage name \"\(stage.lowercased)\", stage names should be unique")
    }
  }
}
