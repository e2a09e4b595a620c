// DF024 blank-name.
//
// `ENV =value`, `LABEL =value` and `ARG =value` declare a variable or label without a name, and a JSON-form VOLUME
// may list an empty path (`VOLUME [""]`); BuildKit refuses both when it parses the instruction
// (`instructions/parse.go`).
import DockerfileSyntax

/// Reports ENV, LABEL and ARG entries without a name and empty VOLUME paths.
public struct BlankName: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF024.
  public let descriptor = RuleDescriptor(
    code: "DF024", name: "blank-name", aliases: [], severity: .error, category: .correctness,
    summary: "An ENV, LABEL or ARG without a name, or an empty VOLUME path",
    documentation: RuleDocumentation(
      why: """
        Every ENV and ARG entry needs a variable name and every LABEL a key: `ENV =production` or \
        `ARG =1.0` (often a variable that was meant to be expanded in the name) fails the build. So does an \
        empty path in a JSON-form VOLUME.
        """,
      bad: "FROM alpine:3.20\nENV =production\n",
      good: "FROM alpine:3.20\nENV APP_ENV=production\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) {
      switch ins.kind {
      case .env, .label:
        for pair in ins.pairs where pair.key.isEmpty {
          let start = pair.keyRange.lowerBound
          report(start..<max(pair.valueRange.upperBound, start + 1), "\(ins.kind.keyword) names can not be blank")
        }
      case .arg:
        guard let arg = ArgInstruction(ins) else { continue }
        for d in arg.declarations where d.name.isEmpty && d.defaultValue != nil {
          let start = d.nameRange.lowerBound
          report(start..<max(d.defaultRange?.upperBound ?? 0, start + 1), "ARG names can not be blank")
        }
      case .volume:
        for a in ins.arguments where DispatchSupport.isBlank(a.string) {
          report(a.range, "VOLUME specified can not be an empty string")
        }
      default:
        break
      }
    }
  }
}
