// DF027 unknown-healthcheck-type.
//
// HEALTHCHECK is followed by `CMD command` or `NONE` (in any case); BuildKit fails on any other word
// (`parseHealthcheck` in `instructions/parse.go`), for example a command written without `CMD`.
import DockerfileSyntax

/// Reports HEALTHCHECK instructions with a type other than CMD or NONE.
public struct UnknownHealthcheckType: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF027.
  public let descriptor = RuleDescriptor(
    code: "DF027", name: "unknown-healthcheck-type", aliases: [], severity: .error, category: .correctness,
    summary: "A HEALTHCHECK that is neither CMD nor NONE",
    documentation: RuleDocumentation(
      why: """
        HEALTHCHECK takes `CMD` followed by the command to run, or `NONE` to turn off a check inherited from \
        the base image. A command written straight after HEALTHCHECK (without `CMD`) fails the build.
        """,
      bad: "FROM nginx:1.27\nHEALTHCHECK curl -f http://localhost/\n",
      good: "FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) where ins.kind == .healthcheck {
      guard let type = ins.arguments.first(where: { $0.kind == .healthcheckType }) else { continue }
      let upper = type.string.uppercased()
      if upper != "CMD" && upper != "NONE" {
        report(type.range, "Unknown type \(DispatchSupport.goQuoted(upper)) in HEALTHCHECK (try CMD)")
      }
    }
  }
}
