// DF525 multiple-cmd (hadolint DL4003).
//
// Only the last CMD of a stage takes effect. hadolint reports the second and every later CMD of a stage (CMDs
// before the first FROM count as one more stage), at the later instruction. BuildKit's
// MultipleInstructionsDisallowed (on by default) reports the same mistake at the earlier, ineffective
// instruction, so this variant is off by default.
import DockerfileSyntax

/// Reports a CMD after another CMD in the same stage.
public struct MultipleCmd: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF525.
  public let descriptor = RuleDescriptor(
    code: "DF525", name: "multiple-cmd", aliases: ["DL4003"], severity: .warning, category: .correctness,
    summary: "A stage should have at most one CMD",
    documentation: RuleDocumentation(
      why: """
        A stage has one default command: each CMD replaces the previous one, so all but the last are dead \
        code that misleads readers. This is hadolint's form of the check, reported at the later CMD; BuildKit's \
        MultipleInstructionsDisallowed (on by default) reports the earlier one, so this rule is off by default.
        """,
      bad: "FROM alpine:3.20\nCMD [\"/srv/migrate\"]\nCMD [\"/srv/server\"]\n",
      good: "FROM alpine:3.20\nUSER nobody\nCMD [\"/srv/server\"]\n"),
    enabledByDefault: false)

  /// Whether the current stage has had a CMD.
  public struct State: Equatable, Sendable {
    var seen = false
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .cmd] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    if let range = hadolintRepeat(of: .cmd, facts.instruction, seen: &state.seen) {
      out.report(range, "another CMD comes earlier in this stage; only the last one applies")
    }
  }
}

/// One step of hadolint's DL4003 and DL4004: the keyword range of `ins` when it is of `kind` and follows another
/// of the same kind in its stage (`seen`: FROM resets it, and instructions before the first FROM form a stage of
/// their own).
func hadolintRepeat(of kind: InstructionKind, _ ins: Instruction, seen: inout Bool) -> Range<Int>? {
  if ins.kind == .from {
    seen = false
  } else if ins.kind == kind {
    defer { seen = true }
    if seen { return ins.keyword.range }
  }
  return nil
}
