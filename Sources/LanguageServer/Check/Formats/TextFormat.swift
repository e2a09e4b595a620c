// The text format, for people reading a terminal or a CI log: compiler-style finding lines that editors and
// CI problem matchers recognise, each followed by the source line with the range underlined and a pointer to
// the rule's documentation, then a summary.
//
//     findings.Dockerfile:2:1: warning[DF206 maintainer-deprecated]: Maintainer instruction is deprecated...
//       2 | MAINTAINER Zoë <zoe@example.com>
//         | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
//         = help: see https://github.com/dockerfile-lsp/dockerfile-lsp/blob/main/docs/rules.md#df206
//
//     1 error, 2 warnings in 3 files.
import DockerfileAnalysis

/// Renders the text format.
struct TextFormat {
  let options: FormatOptions

  /// Columns between tab stops when a source line with tabs is shown.
  static let tabWidth = 4

  func render(_ report: CheckReport) -> String {
    var out = ""
    let showSource = options.showSource && !options.quiet
    if !options.quiet {
      for problem in report.configurationProblems {
        out += style("configuration problem", .warningColor) + ": " + sanitized(problem) + "\n"
      }
    }
    for file in report.files {
      if let error = file.error {
        out +=
          style(file.path + ":", .bold) + " " + style("error", Severity.error.color) + ": " + sanitized(error) + "\n"
        if showSource { out += "\n" }
        continue
      }
      let lines = SourceLines(file)
      let gutter = String(file.findings.map(\.start.line).max() ?? 1).count
      for f in file.findings {
        out += headline(file, f) + "\n"
        if showSource {
          out += excerpt(f, lines: lines, gutter: gutter)
          out += "\n"
        }
      }
    }
    if options.statistics {
      let table = statistics(report)
      if !table.isEmpty {
        if !out.isEmpty && !out.hasSuffix("\n\n") { out += "\n" }
        out += table
      }
    }
    if !options.quiet {
      if !out.isEmpty && !out.hasSuffix("\n\n") { out += "\n" }
      out += summary(report) + "\n"
    }
    return out
  }

  /// `path:line:col: severity[CODE name]: message`.
  func headline(_ file: CheckedFile, _ f: ReportedFinding) -> String {
    let location = "\(file.path):\(f.start.line):\(f.start.column):"
    let severity = f.finding.severity
    let label = "\(severity.rawValue)[\(f.finding.code) \(f.rule.name)]"
    return style(location, .bold) + " " + style(label, severity.color) + ": " + sanitized(f.finding.message)
  }

  /// The finding's first source line, the range underlined on it (to the end of the line when the range
  /// goes on to later lines), and the help line.
  func excerpt(_ f: ReportedFinding, lines: SourceLines, gutter: Int) -> String {
    let line = Array(lines.text(ofLine: f.start.line).unicodeScalars)
    // Display columns: tabs expand to the next tab stop; every other scalar takes one column, and control
    // characters show as U+FFFD so that neither a terminal nor the alignment is disturbed.
    var shown = ""
    var displayStart: [Int] = []  // Display column (0-based) where each scalar starts, plus one past the end.
    var column = 0
    for scalar in line {
      displayStart.append(column)
      if scalar == "\t" {
        let next = (column / Self.tabWidth + 1) * Self.tabWidth
        shown += String(repeating: " ", count: next - column)
        column = next
      } else {
        shown.unicodeScalars.append(isControl(scalar) ? "\u{FFFD}" : scalar)
        column += 1
      }
    }
    displayStart.append(column)
    func display(_ scalarColumn: Int) -> Int {  // 1-based scalar column to 0-based display column.
      let i = min(max(scalarColumn - 1, 0), line.count)
      return displayStart[i]
    }
    let from = display(f.start.column)
    let to = f.end.line == f.start.line ? max(display(f.end.column), from) : column
    let marker = "^" + String(repeating: "~", count: max(to - from, 1) - 1)
    let number = String(f.start.line)
    let pad = String(repeating: " ", count: gutter - number.count)
    let blank = String(repeating: " ", count: gutter)
    var out = " " + pad + style(number + " |", .gutter) + (shown.isEmpty ? "" : " " + shown) + "\n"
    out += " " + blank + style(" |", .gutter) + " " + String(repeating: " ", count: from)
    out += style(marker, f.finding.severity.color) + "\n"
    out += " " + blank + style(" =", .gutter) + " " + style("help", .bold) + ": see " + f.rule.documentationURL + "\n"
    return out
  }

  /// Counts per rule, most frequent first.
  func statistics(_ report: CheckReport) -> String {
    var counts: [String: (rule: RuleDescriptor, count: Int)] = [:]
    for (_, f) in report.allFindings {
      counts[f.finding.code, default: (f.rule, 0)].count += 1
    }
    guard !counts.isEmpty else { return "" }
    let rows = counts.values.sorted { ($1.count, $0.rule.code) < ($0.count, $1.rule.code) }
    let countWidth = max(String(rows[0].count).count, "count".count)
    let codeWidth = max(rows.map(\.rule.code.count).max() ?? 0, "code".count)
    func row(_ count: String, _ code: String, _ name: String) -> String {
      String(repeating: " ", count: countWidth - count.count) + count + "  " + code
        + String(repeating: " ", count: codeWidth - code.count) + "  " + name
    }
    var out = style(row("count", "code", "name"), .bold) + "\n"
    for r in rows { out += row(String(r.count), r.rule.code, r.rule.name) + "\n" }
    return out
  }

  /// `N errors, M warnings, K infos in F files; 1 file could not be checked; 2 fixable with --fix.`, or
  /// `No problems found in F files.`
  func summary(_ report: CheckReport) -> String {
    let counts = ReportCounts(report)
    if counts.findings == 0 && counts.filesNotChecked == 0 {
      return style("No problems found in \(plural(counts.files, "file")).", .success)
    }
    var text = "\(counts.severityPhrase) in \(plural(counts.files, "file"))"
    if counts.filesNotChecked > 0 {
      text += "; \(counts.filesNotChecked == 1 ? "1 file" : "\(counts.filesNotChecked) files") could not be checked"
    }
    if options.fixableCount > 0 { text += "; \(options.fixableCount) fixable with --fix" }
    return style(text + ".", .bold)
  }

  // MARK: Colour

  /// An SGR parameter list.
  struct Style {
    let code: String
    static let bold = Style(code: "1")
    static let gutter = Style(code: "1;34")
    static let success = Style(code: "1;32")
    static let warningColor = Style(code: "1;33")
  }

  func style(_ text: String, _ style: Style) -> String {
    options.color ? "\u{1B}[\(style.code)m\(text)\u{1B}[0m" : text
  }

  /// The text with control characters (other than tab) shown as U+FFFD, so that a message quoting source text
  /// cannot move the cursor or change colours.
  func sanitized(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = ""
    for s in text.unicodeScalars { out.unicodeScalars.append(isControl(s) ? "\u{FFFD}" : s) }
    return out
  }
}

/// C0 controls other than tab, DEL and C1 controls.
private func isControl(_ s: Unicode.Scalar) -> Bool {
  (s.value < 0x20 && s != "\t") || (s.value >= 0x7F && s.value < 0xA0)
}

extension Severity {
  /// The colour of a severity in the text format.
  fileprivate var color: TextFormat.Style {
    switch self {
    case .error: return TextFormat.Style(code: "1;31")
    case .warning: return TextFormat.Style(code: "1;33")
    case .info: return TextFormat.Style(code: "1;36")
    case .hint: return TextFormat.Style(code: "1;35")
    }
  }
}
