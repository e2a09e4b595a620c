// The JSON format: everything the report knows, for scripts and other tools, documented by
// `Protocol/schemas/check-output.schema.json` (keep the two in step: a test validates the output against the
// schema). Positions come in both forms: 1-based line and column in Unicode scalars as the text formats
// print them, 0-based byte offsets, and 0-based LSP positions in UTF-16 code units.
import DockerfileAnalysis
import LanguageServerProtocol

/// Renders the JSON format.
enum JSONFormat {
  /// The version of the output's shape; it changes only when a key is removed or changes meaning.
  static let version = 1

  static func render(_ report: CheckReport, options: FormatOptions) -> String {
    let counts = ReportCounts(report)
    let value: JSONValue = [
      "version": .int(version),
      "tool": ["name": .string(CheckTool.name), "version": .string(options.toolVersion)],
      "files": .array(report.files.map(file)),
      "configurationProblems": .array(report.configurationProblems.map(JSONValue.string)),
      "summary": [
        "errors": .int(counts.errors), "warnings": .int(counts.warnings), "infos": .int(counts.infos),
        "hints": .int(counts.hints), "files": .int(counts.files), "filesNotChecked": .int(counts.filesNotChecked),
        "fixable": .int(options.fixableCount),
      ],
    ]
    return prettyJSON(value) + "\n"
  }

  static func file(_ file: CheckedFile) -> JSONValue {
    let lines = SourceLines(file)
    var members: [String: JSONValue] = [
      "path": .string(file.path),
      "findings": .array(file.findings.map { finding($0, in: file, lines: lines) }),
    ]
    if let error = file.error { members["error"] = .string(error) }
    if let source = file.configurationSource { members["configuration"] = .string(source) }
    return .object(members)
  }

  static func finding(_ f: ReportedFinding, in file: CheckedFile, lines: SourceLines) -> JSONValue {
    let lspStart = lines.lspPosition(f.finding.range.lowerBound)
    let lspEnd = lines.lspPosition(f.finding.range.upperBound)
    return [
      "file": .string(file.path),
      "code": .string(f.finding.code),
      "name": .string(f.rule.name),
      "aliases": .array(f.rule.aliases.map(JSONValue.string)),
      "category": .string(f.rule.category.rawValue),
      "severity": .string(f.finding.severity.rawValue),
      "message": .string(f.finding.message),
      "documentation": .string(f.rule.documentationURL),
      "range": ["start": position(f.start), "end": position(f.end)],
      "offsets": ["start": .int(f.finding.range.lowerBound), "end": .int(f.finding.range.upperBound)],
      "lspRange": ["start": lspPosition(lspStart), "end": lspPosition(lspEnd)],
      // Quick fixes do not exist yet; the key is there so that consumers can rely on it.
      "fixes": [],
    ]
  }

  static func position(_ p: SourcePosition) -> JSONValue { ["line": .int(p.line), "column": .int(p.column)] }

  static func lspPosition(_ p: LinePosition) -> JSONValue { ["line": .int(p.line), "character": .int(p.character)] }
}
