// DF518 missing-healthcheck (hadolint DL3057).
//
// Without a HEALTHCHECK, Docker knows only whether the container's process runs, not whether it works.
// hadolint follows stages by name: a stage is covered when it has a HEALTHCHECK (`HEALTHCHECK NONE` counts as a
// deliberate choice) or when it builds on a covered stage (`FROM base`, by the stage name or image name of an
// earlier stage). A HEALTHCHECK also covers the stages the current one builds on, up the chain, as hadolint
// does. Every stage left uncovered at the end is reported at its image. hadolint ships this check disabled
// ("ignore"), and so is this rule: most builder stages never run as containers.
import DockerfileSyntax

/// Reports stages that neither have nor inherit a HEALTHCHECK.
public struct MissingHealthcheck: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF518.
  public let descriptor = RuleDescriptor(
    code: "DF518", name: "missing-healthcheck", aliases: ["DL3057"], severity: .info, category: .correctness,
    summary: "A stage has no HEALTHCHECK",
    documentation: RuleDocumentation(
      why: """
        A HEALTHCHECK lets Docker, and orchestrators that read it, tell a container that runs from one that \
        works, and restart or route around it. hadolint's check asks every stage to have one or to build on a \
        stage that has one (`HEALTHCHECK NONE` records a deliberate choice). It is off by default, as in \
        hadolint: builder stages never run as services, and many orchestrators define their own probes.
        """,
      bad: "FROM alpine:3.20\nUSER nobody\nCMD [\"/srv/server\"]\n",
      good: """
        FROM alpine:3.20
        HEALTHCHECK CMD ["/srv/server", "--check"]
        USER nobody
        CMD ["/srv/server"]

        """),
    enabledByDefault: false)

  /// A stage as the rule tracks it: its FROM, its own name (the stage name, else the image name) and the name
  /// it builds on (the image name).
  public struct Stage: Equatable, Sendable {
    var id: ObjectIdentifier
    var name: String
    var source: String
  }

  /// A stage's candidate finding: its name and its FROM.
  public struct StageKey: Hashable, Sendable {
    var name: String
    var id: ObjectIdentifier
  }

  /// The current stage, the names of covered stages, and the uncovered stages by name (FROM → source name).
  public struct State: Equatable, Sendable {
    var current: Stage? = nil
    var coveredNames = PersistentSet<String>()
    var uncoveredByName: [String: [ObjectIdentifier: String]] = [:]
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .healthcheck] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<StageKey>
  ) {
    let ins = facts.instruction
    switch ins.kind {
    case .from:
      guard let from = HadolintFrom(ins) else { return }
      let stage = Stage(id: ObjectIdentifier(ins.node), name: from.identity, source: from.split.name)
      state.current = stage
      if state.coveredNames.contains(stage.source) {
        state.coveredNames.insert(stage.name)
      } else {
        state.uncoveredByName[stage.name, default: [:]][stage.id] = stage.source
        out.candidate(from.image.range, key: StageKey(name: stage.name, id: stage.id))
      }
    case .healthcheck:
      guard let current = state.current else { return }
      // The current stage, then, transitively, the uncovered stages named like the source of a newly covered one.
      var work = [current]
      while let stage = work.popLast() {
        if state.uncoveredByName[stage.name]?.removeValue(forKey: stage.id) != nil,
          state.uncoveredByName[stage.name]?.isEmpty == true
        {
          state.uncoveredByName[stage.name] = nil
        }
        state.coveredNames.insert(stage.name)
        if let parents = state.uncoveredByName.removeValue(forKey: stage.source) {
          for (id, source) in parents { work.append(Stage(id: id, name: stage.source, source: source)) }
        }
      }
    default:
      return
    }
  }

  public func resolve(_ key: StageKey, _ state: State) -> String? {
    state.uncoveredByName[key.name]?[key.id] != nil
      ? "this stage has no HEALTHCHECK and does not build on a stage with one" : nil
  }
}
