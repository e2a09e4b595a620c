// DF219 multiple-instructions-disallowed (BuildKit's MultipleInstructionsDisallowed).
//
// A stage keeps only its last CMD, ENTRYPOINT and HEALTHCHECK; earlier ones are dead code that readers take for
// the real thing. Like BuildKit, the finding is on the instruction that is ignored (the earlier one), its message
// names the later one as written, and `# check=skip=` comments of the later one silence it. Each stage starts
// afresh, even when it builds on another stage; ONBUILD triggers are not counted.
import DockerfileSyntax

/// Reports a CMD, ENTRYPOINT or HEALTHCHECK that a later one in the same stage replaces.
public struct MultipleInstructionsDisallowed: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF219.
  public let descriptor = RuleDescriptor(
    code: "DF219", name: "multiple-instructions-disallowed", aliases: ["MultipleInstructionsDisallowed"],
    severity: .warning, category: .correctness,
    summary: "Multiple instructions of the same type should not be used in the same stage",
    documentation: RuleDocumentation(
      why: """
        Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage take effect; each earlier one is silently \
        replaced. Keeping them misleads readers about what the container runs. Remove all but the last. The \
        finding is on the instruction that is ignored.
        """,
      bad: "FROM alpine:3.20\nCMD [\"echo\", \"one\"]\nCMD [\"echo\", \"two\"]\n",
      good: "FROM alpine:3.20\nUSER nobody\nCMD [\"echo\", \"two\"]\n"))

  /// Whether a FROM was read (instructions before it belong to no stage), the current stage's last CMD, ENTRYPOINT and HEALTHCHECK (by node), and the instructions a later one
  /// replaced, with the later one's keyword as written.
  public struct State: Equatable, Sendable {
    var inStage = false
    var last: [InstructionKind: ObjectIdentifier] = [:]
    var replaced: [ObjectIdentifier: String] = [:]
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .cmd, .entrypoint, .healthcheck] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<ObjectIdentifier>
  ) {
    let ins = facts.instruction
    if ins.kind == .from {
      state.inStage = true
      state.last = [:]
      return
    }
    guard state.inStage else { return }
    let id = ObjectIdentifier(ins.node)
    out.candidate(ins.keyword.range, key: id)
    defer { state.last[ins.kind] = id }
    // BuildKit applies the check comments of the later instruction.
    guard let earlier = state.last[ins.kind], facts.checkComment?.skips(descriptor) != true else { return }
    state.replaced[earlier] = String(decoding: ins.keyword.text, as: UTF8.self)
  }

  public func resolve(_ key: ObjectIdentifier, _ state: State) -> String? {
    state.replaced[key].map {
      "Multiple \($0) instructions should not be used in the same stage because only the last one will be used"
    }
  }
}
