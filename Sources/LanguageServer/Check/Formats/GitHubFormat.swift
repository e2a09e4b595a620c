// GitHub Actions workflow commands: printed in a workflow step, each line becomes an annotation on the
// pull request's diff (`::warning file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message`).
// Errors stay errors; warnings stay warnings; info and hint become notices. GitHub accepts columns only for
// an annotation on a single line, so a range over several lines gives `line` and `endLine` alone. `endColumn`
// is exclusive, like every end column we print. A file that could not be read is an error annotation
// without a line.
import DockerfileAnalysis

/// Renders workflow commands.
enum GitHubFormat {
  static func render(_ report: CheckReport) -> String {
    var out = ""
    for file in report.files {
      if let error = file.error {
        out += "::error file=\(property(file.path)),title=\(property(CheckTool.name))::\(data(error))\n"
        continue
      }
      for f in file.findings {
        var properties = "file=\(property(file.path)),line=\(f.start.line)"
        if f.end.line == f.start.line {
          properties += ",col=\(f.start.column),endLine=\(f.end.line),endColumn=\(f.end.column)"
        } else {
          properties += ",endLine=\(f.end.line)"
        }
        properties += ",title=\(property("\(f.finding.code) \(f.rule.name)"))"
        out += "::\(command(f.finding.severity)) \(properties)::\(data(f.finding.message))\n"
      }
    }
    return out
  }

  static func command(_ severity: Severity) -> String {
    switch severity {
    case .error: return "error"
    case .warning: return "warning"
    case .info, .hint: return "notice"
    }
  }

  /// A command's message: `%`, CR and LF escaped.
  static func data(_ text: String) -> String {
    var out = ""
    for c in text.unicodeScalars {
      switch c {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  /// A property value: as `data`, and `:` and `,` too, since they end a value.
  static func property(_ text: String) -> String {
    data(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
  }
}
