// DF202 from-as-casing (BuildKit's FromAsCasing).
//
// `FROM image AS name` reads best when the two keywords share a casing: `FROM … AS …` or `from … as …`.
// BuildKit warns when an all-upper FROM has an `as` that is not all upper, or an all-lower `from` has an `AS`
// that is not all lower. A mixed-case FROM (`From`) is left to ConsistentInstructionCasing.
import DockerfileSyntax

/// Reports an `AS` whose casing differs from its FROM keyword's.
public struct FromAsCasing: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF202.
  public let descriptor = RuleDescriptor(
    code: "DF202", name: "from-as-casing", aliases: ["FromAsCasing"], severity: .warning, category: .style,
    summary: "The 'as' keyword should match the case of the 'from' keyword",
    documentation: RuleDocumentation(
      why: """
        FROM and AS are keywords of the same instruction, and Dockerfiles are easier to scan when both use \
        the same case: `FROM alpine AS build`, or `from alpine as build`. BuildKit warns when an upper-case \
        FROM is followed by a lower-case `as`, or the other way round.
        """,
      bad: "FROM alpine as build\nRUN echo hi\n",
      good: "FROM alpine:3.20 AS build\nRUN echo hi\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let ins = facts.instruction
    guard let from = FromInstruction(ins), let stage = BuildKitStageName(from) else { return }
    let keyword = String(decoding: ins.keyword.text, as: UTF8.self)
    let asWord = stage.asWord.string
    let matches: Bool
    if keyword == keyword.lowercased() {
      matches = asWord == asWord.lowercased()
    } else if keyword == keyword.uppercased() {
      matches = asWord == asWord.uppercased()
    } else {
      matches = true
    }
    if !matches { report(stage.asWord.range, "'\(asWord)' and '\(keyword)' keywords' casing do not match") }
  }
}
