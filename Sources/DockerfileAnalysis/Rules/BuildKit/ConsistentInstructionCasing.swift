// DF203 consistent-instruction-casing (BuildKit's ConsistentInstructionCasing).
//
// Instruction keywords are case-insensitive, but a Dockerfile that mixes `RUN` and `run`, or writes `Copy`,
// is harder to scan. BuildKit counts the keywords written all in upper or all in lower case (FROM lines and
// every instruction inside stages; ARGs before the first FROM are not counted), takes the majority (a tie is
// upper case) and warns for each keyword that is not written in that case, mixed-case keywords included.
import DockerfileSyntax

/// Reports instruction keywords whose casing differs from the file's majority.
public struct ConsistentInstructionCasing: Rule {
  /// Creates the rule.
  public init() {}

  /// DF203.
  public let descriptor = RuleDescriptor(
    code: "DF203", name: "consistent-instruction-casing", aliases: ["ConsistentInstructionCasing"],
    severity: .warning, category: .style,
    summary: "All commands within the Dockerfile should use the same casing (either upper or lower)",
    documentation: RuleDocumentation(
      why: """
        BuildKit accepts instruction keywords in any case, so `RUN`, `run` and `Run` all work. Mixing them \
        makes a Dockerfile harder to read and to search. The majority casing of the file (upper case on a \
        tie) is taken as the convention, and every keyword written otherwise, or in mixed case, is reported.
        """,
      bad: "FROM alpine\nrun echo hi\nCOPY . /app\n",
      good: "FROM alpine:3.20\nRUN echo hi\nCOPY . /app\nUSER nobody\n"))

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    var keywords: [(text: String, range: Range<Int>)] = []
    for stage in model.stages {
      for index in [stage.fromIndex] + stage.instructionIndices {
        let ins = model.instructions[index]
        // An unknown instruction fails parsing in BuildKit, which then runs no validation at all.
        guard ins.kind != .unknown else { continue }
        let keyword = ins.keyword
        keywords.append((String(decoding: keyword.text, as: UTF8.self), keyword.range))
      }
    }
    var lower = 0
    var upper = 0
    for k in keywords where k.text.hasConsistentCasing {
      if k.text == k.text.lowercased() { lower += 1 } else { upper += 1 }
    }
    let majorityLower = lower > upper
    for k in keywords {
      let expected = majorityLower ? k.text.lowercased() : k.text.uppercased()
      if k.text != expected {
        report(
          k.range,
          "Command '\(k.text)' should match the case of the command majority (\(majorityLower ? "lowercase" : "uppercase"))"
        )
      }
    }
  }
}
