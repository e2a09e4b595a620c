// The two XML formats CI servers read: Checkstyle's (Jenkins' warnings plugin, reviewdog, many code review
// tools) and JUnit's (test report views in GitLab, Jenkins, Azure Pipelines...). Both list every file, clean
// ones included, so a report shows what was checked.
import DockerfileAnalysis

/// Renders Checkstyle XML: one `<file>` per file, one `<error>` per finding (severities error, warning and
/// info; hint becomes info), `source="dockerfile-lsp.CODE"`. A file that could not be read has one
/// `<error>` without a line.
enum CheckstyleFormat {
  static func render(_ report: CheckReport) -> String {
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
    for file in report.files {
      if file.error == nil && file.findings.isEmpty {
        out += "  <file name=\(xmlAttribute(file.path))/>\n"
        continue
      }
      out += "  <file name=\(xmlAttribute(file.path))>\n"
      if let error = file.error {
        out += "    <error severity=\"error\" message=\(xmlAttribute(error))"
        out += " source=\(xmlAttribute("\(CheckTool.name).file-not-checked"))/>\n"
      }
      for f in file.findings {
        out += "    <error line=\"\(f.start.line)\" column=\"\(f.start.column)\""
        out += " severity=\"\(severity(f.finding.severity))\" message=\(xmlAttribute(f.finding.message))"
        out += " source=\(xmlAttribute("\(CheckTool.name).\(f.finding.code)"))/>\n"
      }
      out += "  </file>\n"
    }
    return out + "</checkstyle>\n"
  }

  static func severity(_ severity: Severity) -> String {
    switch severity {
    case .error: return "error"
    case .warning: return "warning"
    case .info, .hint: return "info"
    }
  }
}

/// Renders JUnit XML: one suite, one test case per file. A file with a finding at or above the fail level
/// fails (`<failure>`, listing all its findings as the text format's lines); a file with findings below it
/// passes and lists them in `<system-out>`; a file that could not be read is an `<error>`.
enum JUnitFormat {
  static func render(_ report: CheckReport, options: FormatOptions) -> String {
    var failures = 0
    var errors = 0
    var cases = ""
    for file in report.files {
      let name = xmlAttribute(file.path)
      let classname = xmlAttribute(CheckTool.name)
      if let error = file.error {
        errors += 1
        cases += "    <testcase name=\(name) classname=\(classname)>\n"
        cases += "      <error message=\(xmlAttribute(error)) type=\"file-not-checked\"/>\n"
        cases += "    </testcase>\n"
        continue
      }
      if file.findings.isEmpty {
        cases += "    <testcase name=\(name) classname=\(classname)/>\n"
        continue
      }
      let lines = file.findings.map {
        "\(file.path):\($0.start.line):\($0.start.column): \($0.finding.severity.rawValue)"
          + "[\($0.finding.code) \($0.rule.name)]: \($0.finding.message)\n"
      }.joined()
      cases += "    <testcase name=\(name) classname=\(classname)>\n"
      let worst = file.findings.map(\.finding.severity).min()!
      if options.failLevel.fails(on: worst) {
        failures += 1
        let counts = ReportCounts(file.findings)
        let message = "\(plural(counts.findings, "problem")) (\(counts.severityPhrase))"
        cases += "      <failure message=\(xmlAttribute(message)) type=\"\(worst.rawValue)\">"
        cases += xmlText(lines) + "</failure>\n"
      } else {
        cases += "      <system-out>" + xmlText(lines) + "</system-out>\n"
      }
      cases += "    </testcase>\n"
    }
    let counts = "tests=\"\(report.files.count)\" failures=\"\(failures)\" errors=\"\(errors)\""
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\(xmlAttribute(CheckTool.name)) \(counts)>\n"
    out += "  <testsuite name=\(xmlAttribute("\(CheckTool.name) check")) \(counts) skipped=\"0\">\n"
    out += cases
    out += "  </testsuite>\n</testsuites>\n"
    return out
  }
}

/// A quoted XML attribute value: markup characters and quotes escaped, tab and line breaks as character
/// references (attribute value normalisation would turn them into spaces), and characters XML 1.0 cannot
/// carry at all (other C0 controls, U+FFFE, U+FFFF) replaced by U+FFFD.
func xmlAttribute(_ text: String) -> String {
  "\"" + xmlEscaped(text, attribute: true) + "\""
}

/// XML character data: `&`, `<` and `>` escaped, characters XML 1.0 cannot carry replaced by U+FFFD.
func xmlText(_ text: String) -> String { xmlEscaped(text, attribute: false) }

private func xmlEscaped(_ text: String, attribute: Bool) -> String {
  var out = ""
  out.reserveCapacity(text.utf8.count)
  for s in text.unicodeScalars {
    switch s {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"" where attribute: out += "&quot;"
    case "'" where attribute: out += "&apos;"
    case "\t" where attribute: out += "&#9;"
    case "\n" where attribute: out += "&#10;"
    case "\r": out += "&#13;"
    case "\t", "\n": out.unicodeScalars.append(s)
    default:
      if s.value < 0x20 || s.value == 0xFFFE || s.value == 0xFFFF {
        out += "\u{FFFD}"
      } else {
        out.unicodeScalars.append(s)
      }
    }
  }
  return out
}
