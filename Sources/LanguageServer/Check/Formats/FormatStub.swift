// A stand-in for the output formats while they are written elsewhere: the runner and the command line build and
// test against this signature; the real formats replace this file.

/// The output formats of `dockerfile-lsp check`.
public enum OutputFormat: String, Sendable, CaseIterable {
  case text, json, sarif, github, gitlab, checkstyle, junit
}

/// How a report is rendered.
public struct FormatOptions: Sendable {
  /// ANSI colour in the text format.
  public var color = false
  /// The source line under each finding in the text format.
  public var showSource = false
  /// Counts per rule after the findings.
  public var statistics = false
  /// Findings only, no summary.
  public var quiet = false
  /// The tool's version, for formats that name the tool.
  public var toolVersion = ""
  /// The URI of the directory paths are relative to (SARIF's `originalUriBaseIds`).
  public var baseURI: String? = nil
  /// How many findings a fix exists for.
  public var fixableCount = 0

  /// Default options.
  public init() {}
}

/// Renders `report` in `format` (the stand-in writes the one-line text form whatever the format).
public func formatReport(_ report: CheckReport, as format: OutputFormat, options: FormatOptions) -> String {
  var out = ""
  var errors = 0
  var warnings = 0
  for (file, finding) in report.allFindings {
    let f = finding.finding
    out += "\(file.path):\(finding.start.line):\(finding.start.column): \(f.severity.rawValue)[\(f.code) "
    out += "\(finding.rule.name)]: \(f.message)\n"
    if f.severity == .error { errors += 1 } else if f.severity == .warning { warnings += 1 }
  }
  if options.statistics {
    var counts: [String: Int] = [:]
    for (_, finding) in report.allFindings { counts[finding.finding.code, default: 0] += 1 }
    for code in counts.keys.sorted() { out += "\(counts[code]!)\t\(code)\n" }
  }
  if !options.quiet {
    let total = report.allFindings.count
    let checked = report.files.filter { $0.error == nil }.count
    if total == 0 {
      out += "no problems found in \(checked) file\(checked == 1 ? "" : "s")\n"
    } else {
      out += "\(errors) errors, \(warnings) warnings in \(checked) files\n"
    }
  }
  return out
}
