// DF207 legacy-key-value-format (BuildKit's LegacyKeyValueFormat).
//
// ENV and LABEL accept an old form, `ENV KEY value`, where everything after the first space is the value. It
// sets only one variable, it reads differently from every other `KEY=value` in the file, and a later edit
// that adds a second pair silently changes its meaning. BuildKit warns and recommends `KEY=value`.
import DockerfileSyntax

/// Reports ENV and LABEL pairs written `KEY value`.
public struct LegacyKeyValueFormat: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF207.
  public let descriptor = RuleDescriptor(
    code: "DF207", name: "legacy-key-value-format", aliases: ["LegacyKeyValueFormat"], severity: .warning,
    category: .style,
    summary: "Legacy key/value format with whitespace separator should not be used",
    documentation: RuleDocumentation(
      why: """
        `ENV KEY value` is a legacy form in which the whole rest of the line, spaces included, becomes the \
        value of one variable. It looks like the `KEY=value` form but parses differently, so `ENV A 1 B 2` \
        sets A to `1 B 2`. Write `ENV KEY=value` (and `LABEL key=value`), quoting values with spaces.
        """,
      bad: "FROM alpine\nENV APP_HOME /app\n",
      good: "FROM alpine:3.20\nENV APP_HOME=/app\nUSER nobody\n"))

  /// FROM (stages start there), ENV and LABEL.
  public var stepKinds: Set<InstructionKind>? { [.from, .env, .label] }

  /// Whether a FROM has been read: instructions before the first one belong to no stage and are not checked.
  public func initialState(_ file: FileFacts) -> Bool { false }

  public func step(_ inStage: inout Bool, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    if ins.kind == .from { inStage = true }
    guard inStage, ins.kind == .env || ins.kind == .label else { return }
    let keyword = String(decoding: ins.keyword.text, as: UTF8.self)
    for pair in ins.pairs where pair.isLegacy {
      out.report(
        pair.keyRange.lowerBound..<max(pair.keyRange.upperBound, pair.valueRange.upperBound),
        "\"\(keyword) key=value\" should be used instead of legacy \"\(keyword) key value\" format")
    }
  }
}
