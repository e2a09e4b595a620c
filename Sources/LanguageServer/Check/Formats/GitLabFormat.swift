// GitLab's Code Quality report (a subset of Code Climate's issue format): a JSON array that GitLab shows in
// merge requests, comparing the branch's report with the target's by `fingerprint`. Our fingerprints (see
// `findingFingerprints`) hash the file, the rule, the trimmed text of the finding's first line and an
// occurrence count, never line numbers, so a finding keeps its fingerprint when unrelated lines move.
//
// Severities: error → critical, warning → major, info → minor, hint → info. (`blocker` is left for problems
// that stop a build outright, which a linter cannot know.) A file that could not be read is reported as a
// `critical` issue named `dockerfile-lsp/file-not-checked` on line 1.
import DockerfileAnalysis
import LanguageServerProtocol

/// Renders a GitLab Code Quality report.
enum GitLabFormat {
  static func render(_ report: CheckReport) -> String {
    var issues: [JSONValue] = []
    for file in report.files {
      if let error = file.error {
        issues.append(
          issue(
            description: "\(file.path) could not be checked: \(error)", checkName: "\(CheckTool.name)/file-not-checked",
            fingerprint: hex64(fnv1a64(Array("\(file.path)\u{0}file-not-checked".utf8))), severity: "critical",
            path: withoutDotSlash(file.path), begin: 1, end: 1))
        continue
      }
      let lines = SourceLines(file)
      for (f, fingerprint) in zip(file.findings, findingFingerprints(file, lines: lines)) {
        issues.append(
          issue(
            description: "\(f.finding.code) \(f.rule.name): \(f.finding.message)", checkName: f.finding.code,
            fingerprint: fingerprint, severity: severity(f.finding.severity), path: withoutDotSlash(file.path),
            begin: f.start.line,
            end: f.end.line))
      }
    }
    return prettyJSON(.array(issues)) + "\n"
  }

  static func issue(
    description: String, checkName: String, fingerprint: String, severity: String, path: String, begin: Int, end: Int
  ) -> JSONValue {
    [
      "type": "issue",
      "description": .string(description),
      "check_name": .string(checkName),
      "fingerprint": .string(fingerprint),
      "severity": .string(severity),
      "location": ["path": .string(path), "lines": ["begin": .int(begin), "end": .int(end)]],
    ]
  }

  static func severity(_ severity: Severity) -> String {
    switch severity {
    case .error: return "critical"
    case .warning: return "major"
    case .info: return "minor"
    case .hint: return "info"
    }
  }
}
