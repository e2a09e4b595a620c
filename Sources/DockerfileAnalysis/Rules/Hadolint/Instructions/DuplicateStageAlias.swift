// DF510 duplicate-stage-alias (hadolint DL3024).
//
// hadolint's check for repeated stage names compares the names exactly as written, and reports every repeat.
// BuildKit's DuplicateStageName (DF204, on by default) reports the same mistake, comparing names without regard
// to case as BuildKit resolves them, so this variant is off by default.
import DockerfileSyntax

/// Reports a FROM whose stage name an earlier FROM already used, compared as written.
public struct DuplicateStageAlias: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF510.
  public let descriptor = RuleDescriptor(
    code: "DF510", name: "duplicate-stage-alias", aliases: ["DL3024"], severity: .warning, category: .correctness,
    summary: "Stage names must be unique (compared as written)",
    documentation: RuleDocumentation(
      why: """
        A stage name is how `COPY --from`, `FROM <stage>` and `--target` find a stage; with two stages of one \
        name, only one of them can be reached. This is hadolint's form of the check, which compares names \
        exactly as written. DF204 (duplicate-stage-name, on by default) reports the same mistake and also \
        catches names that differ only in case, which BuildKit treats as equal; so this rule is off by default.
        """,
      bad: "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS build\n",
      good: """
        FROM alpine:3.20 AS build
        RUN echo built > /out
        FROM alpine:3.20 AS final
        COPY --from=build /out /srv/app
        USER nobody

        """),
    enabledByDefault: false)

  /// The stage names used so far.
  public struct State: Equatable, Sendable {
    var seen = PersistentSet<String>()
  }

  public var stepKinds: Set<InstructionKind>? { [.from] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    guard let name = HadolintFrom.stageName(in: facts.instruction.arguments) else { return }
    if !state.seen.insert(name.string) {
      out.report(name.range, "stage name \(name.string) is already used by an earlier stage")
    }
  }
}
