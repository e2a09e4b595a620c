// DF219 multiple-instructions-disallowed (BuildKit's MultipleInstructionsDisallowed).
//
// A stage keeps only its last CMD, ENTRYPOINT and HEALTHCHECK; earlier ones are dead code that readers take for
// the real thing. Like BuildKit, the finding is on the instruction that is ignored (the earlier one), its message
// names the later one as written, and `# check=skip=` comments of the later one silence it. Each stage starts
// afresh, even when it builds on another stage; ONBUILD triggers are not counted.
import DockerfileSyntax

/// Reports a CMD, ENTRYPOINT or HEALTHCHECK that a later one in the same stage replaces.
public struct MultipleInstructionsDisallowed: Rule {
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

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    var commentChecks: [Int: CheckOptions]?
    for stage in model.stages {
      var previous: [InstructionKind: Instruction] = [:]
      for index in stage.instructionIndices {
        let ins = model.instructions[index]
        guard ins.kind == .cmd || ins.kind == .entrypoint || ins.kind == .healthcheck else { continue }
        defer { previous[ins.kind] = ins }
        guard let earlier = previous[ins.kind] else { continue }
        // BuildKit applies the check comments of the later instruction.
        if commentChecks == nil { commentChecks = perInstructionCheckOptions(context.tree) }
        if commentChecks?[ins.start]?.skips(descriptor) == true { continue }
        let keyword = String(decoding: ins.keyword.text, as: UTF8.self)
        report(
          earlier.keyword.range,
          "Multiple \(keyword) instructions should not be used in the same stage because only the last one will be used"
        )
      }
    }
  }
}
