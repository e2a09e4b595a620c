// SARIF 2.1.0 (the OASIS static analysis results format), shaped for GitHub code scanning: one run; the
// driver lists the rules that have results (GitHub limits upload sizes, and unreferenced rules add nothing);
// results carry relative, percent-encoded URIs against `SRCROOT`, 1-based regions with columns in Unicode
// code points (`columnKind`), and a `partialFingerprints` entry so alerts keep their identity across commits.
// Files that could not be read become tool execution notifications, configuration problems tool
// configuration notifications. `fixes` is left out until quick fixes exist.
import DockerfileAnalysis
import LanguageServerProtocol

/// Renders SARIF.
enum SARIFFormat {
  static let schema = "https://json.schemastore.org/sarif-2.1.0.json"
  /// The `partialFingerprints` key of our finding identity (see `findingFingerprints`); the suffix is the
  /// version of the hashing scheme, to be bumped if it ever changes.
  static let fingerprintKey = "dockerfileLspFinding/v1"
  /// The base URI id relative artifact locations use.
  static let baseID = "SRCROOT"

  static func render(_ report: CheckReport, options: FormatOptions) -> String {
    // The rules that have results, ordered by code; `ruleIndex` points into this list.
    var rulesByCode: [String: RuleDescriptor] = [:]
    for (_, f) in report.allFindings { rulesByCode[f.finding.code] = f.rule }
    let rules = rulesByCode.values.sorted { $0.code < $1.code }
    let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.code, $0) })

    var results: [JSONValue] = []
    var executionNotifications: [JSONValue] = []
    for file in report.files {
      if let error = file.error {
        executionNotifications.append([
          "level": "error", "message": ["text": .string(error)], "locations": [["physicalLocation": artifact(file)]],
        ])
        continue
      }
      let lines = SourceLines(file)
      let fingerprints = findingFingerprints(file, lines: lines)
      for (f, fingerprint) in zip(file.findings, fingerprints) {
        var physical = artifact(file).objectValue!
        physical["region"] = [
          "startLine": .int(f.start.line), "startColumn": .int(f.start.column),
          "endLine": .int(f.end.line), "endColumn": .int(f.end.column),
        ]
        results.append([
          "ruleId": .string(f.finding.code),
          "ruleIndex": .int(ruleIndex[f.finding.code]!),
          "level": .string(level(f.finding.severity)),
          "message": ["text": .string(f.finding.message)],
          "locations": [["physicalLocation": .object(physical)]],
          "partialFingerprints": [fingerprintKey: .string(fingerprint)],
        ])
      }
    }

    var invocation: [String: JSONValue] = ["executionSuccessful": .bool(executionNotifications.isEmpty)]
    if !executionNotifications.isEmpty { invocation["toolExecutionNotifications"] = .array(executionNotifications) }
    if !report.configurationProblems.isEmpty {
      invocation["toolConfigurationNotifications"] = .array(
        report.configurationProblems.map { ["level": "warning", "message": ["text": .string($0)]] }
      )
    }
    var run: [String: JSONValue] = [
      "tool": [
        "driver": [
          "name": .string(CheckTool.name),
          "version": .string(options.toolVersion),
          "informationUri": .string(CheckTool.informationURI),
          "rules": .array(rules.map(rule)),
        ]
      ],
      "columnKind": "unicodeCodePoints",
      "results": .array(results),
      "invocations": [.object(invocation)],
    ]
    if let base = options.baseURI { run["originalUriBaseIds"] = [baseID: ["uri": .string(base)]] }
    let log: JSONValue = ["$schema": .string(schema), "version": "2.1.0", "runs": [.object(run)]]
    return prettyJSON(log) + "\n"
  }

  /// A `reportingDescriptor` for a rule.
  static func rule(_ d: RuleDescriptor) -> JSONValue {
    let markdown = """
      \(d.documentation.why)

      Reported:

      ```dockerfile
      \(d.documentation.bad.trimmingWhitespace())
      ```

      Instead:

      ```dockerfile
      \(d.documentation.good.trimmingWhitespace())
      ```

      [\(d.code) \(d.name)](\(d.documentationURL))
      """
    return [
      "id": .string(d.code),
      "name": .string(d.name),
      "shortDescription": ["text": .string(d.summary)],
      "fullDescription": ["text": .string(d.documentation.why)],
      "help": ["text": .string("\(d.documentation.why)\n\nSee \(d.documentationURL)"), "markdown": .string(markdown)],
      "helpUri": .string(d.documentationURL),
      "defaultConfiguration": ["level": .string(level(d.severity))],
      "properties": ["tags": .array(([d.category.rawValue] + d.aliases).map(JSONValue.string))],
    ]
  }

  /// SARIF's level for a severity: info and hint are both `note`.
  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: return "error"
    case .warning: return "warning"
    case .info, .hint: return "note"
    }
  }

  /// `{"artifactLocation": {"uri": ..., "uriBaseId": "SRCROOT"}}`; absolute paths become `file://` URIs without
  /// a base.
  static func artifact(_ file: CheckedFile) -> JSONValue {
    let path = withoutDotSlash(file.path)
    if path.hasPrefix("/") { return ["artifactLocation": ["uri": .string("file://" + percentEncodedPath(path))]] }
    return ["artifactLocation": ["uri": .string(percentEncodedPath(path)), "uriBaseId": .string(baseID)]]
  }
}
