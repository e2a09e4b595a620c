// DF526 multiple-entrypoint (hadolint DL4004).
//
// Only the last ENTRYPOINT of a stage takes effect. hadolint reports the second and every later ENTRYPOINT of a
// stage, at the later instruction. BuildKit's MultipleInstructionsDisallowed (on by default) reports the same
// mistake at the earlier, ineffective instruction, so this variant is off by default.
import DockerfileSyntax

/// Reports an ENTRYPOINT after another ENTRYPOINT in the same stage.
public struct MultipleEntrypoint: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF526.
  public let descriptor = RuleDescriptor(
    code: "DF526", name: "multiple-entrypoint", aliases: ["DL4004"], severity: .warning, category: .correctness,
    summary: "A stage should have at most one ENTRYPOINT",
    documentation: RuleDocumentation(
      why: """
        A stage has one entrypoint: each ENTRYPOINT replaces the previous one, so all but the last are dead \
        code that misleads readers. This is hadolint's form of the check, reported at the later ENTRYPOINT; \
        BuildKit's MultipleInstructionsDisallowed (on by default) reports the earlier one, so this rule is off \
        by default.
        """,
      bad: "FROM alpine:3.20\nENTRYPOINT [\"/srv/init\"]\nENTRYPOINT [\"/srv/server\"]\n",
      good: "FROM alpine:3.20\nUSER nobody\nENTRYPOINT [\"/srv/server\"]\n"),
    enabledByDefault: false)

  /// Whether the current stage has had an ENTRYPOINT.
  public struct State: Equatable, Sendable {
    var seen = false
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .entrypoint] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    if let range = hadolintRepeat(of: .entrypoint, facts.instruction, seen: &state.seen) {
      out.report(range, "another ENTRYPOINT comes earlier in this stage; only the last one applies")
    }
  }
}
