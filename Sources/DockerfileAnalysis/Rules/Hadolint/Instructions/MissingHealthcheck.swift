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
public struct MissingHealthcheck: Rule {
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

  /// One stage as the rule tracks it.
  struct StageState {
    /// The name its FROM builds on (the image name).
    var source: String
    /// Its own name: the stage name, else the image name.
    var name: String
    /// Where to report it.
    var range: Range<Int>
    var covered: Bool
  }

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    var stages: [StageState] = []
    var coveredNames: Set<String> = []
    var uncoveredByName: [String: [Int]] = [:]
    for ins in context.model.instructions {
      switch ins.kind {
      case .from:
        guard let from = HadolintFrom(ins) else { continue }
        let covered = coveredNames.contains(from.split.name)
        let stage = StageState(source: from.split.name, name: from.identity, range: from.image.range, covered: covered)
        if covered {
          coveredNames.insert(stage.name)
        } else {
          uncoveredByName[stage.name, default: []].append(stages.count)
        }
        stages.append(stage)
      case .healthcheck:
        guard let last = stages.indices.last else { continue }
        // The current stage, then, transitively, the uncovered stages named like the source of a newly covered one.
        var work = [last]
        while let i = work.popLast() {
          if !stages[i].covered {
            stages[i].covered = true
            uncoveredByName[stages[i].name]?.removeAll { $0 == i }
          }
          coveredNames.insert(stages[i].name)
          if let parents = uncoveredByName.removeValue(forKey: stages[i].source) {
            for p in parents where !stages[p].covered { work.append(p) }
          }
        }
      default:
        continue
      }
    }
    for stage in stages where !stage.covered {
      report(stage.range, "this stage has no HEALTHCHECK and does not build on a stage with one")
    }
  }
}
