// DF509 copy-from-own-stage (hadolint DL3023).
//
// A stage cannot copy from itself: while it is being built, there is nothing to copy from. hadolint reports
// `COPY --from=name` where `name` is the stage name of the FROM the COPY belongs to (compared as written).
import DockerfileSyntax

/// Reports `COPY --from` naming the stage the COPY is in.
public struct CopyFromOwnStage: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF509.
  public let descriptor = RuleDescriptor(
    code: "DF509", name: "copy-from-own-stage", aliases: ["DL3023"], severity: .error, category: .correctness,
    summary: "COPY --from cannot name its own stage",
    documentation: RuleDocumentation(
      why: """
        `COPY --from=<stage>` copies files out of a finished stage. The stage that contains the COPY is not \
        finished while its own instructions run, so naming it is a circular dependency, and the build fails. \
        Usually an earlier stage was meant. \
        Off by default: DF018 invalid-stage-reference reports a stage that copies from itself as the \
        BuildKit error it is.
        """,
      bad: "FROM alpine:3.20 AS app\nCOPY --from=app /etc/os-release /srv/\n",
      good: """
        FROM alpine:3.20 AS build
        RUN echo built > /out
        FROM alpine:3.20 AS app
        COPY --from=build /out /srv/app
        USER nobody

        """),
    enabledByDefault: false)

  /// The stage name of the current stage.
  public struct State: Equatable, Sendable {
    var currentAlias: String? = nil
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .copy] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    if ins.kind == .from {
      state.currentAlias = HadolintFrom.stageName(in: ins.arguments)?.string
      return
    }
    guard let alias = state.currentAlias, let copy = CopyInstruction(ins), !copy.isAdd, let flag = copy.from,
      flag.stringValue == alias
    else { return }
    out.report(flag.range, "--from=\(alias) names the stage this COPY is in; a stage cannot copy from itself")
  }
}
