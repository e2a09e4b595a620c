// `dockerfile-lsp check` prints one report in several formats (a log, a SARIF upload, PR annotations...).
// Each format is a pure function from a `CheckReport` to text, so every format is tested without files,
// processes or terminals; this file holds the entry point and what the formats share.
import DockerfileAnalysis

/// An output format of `dockerfile-lsp check`.
public enum OutputFormat: String, Sendable, CaseIterable {
  /// Compiler-style lines with the source underlined, for people.
  case text
  /// Our own JSON, documented by `Protocol/schemas/check-output.schema.json`.
  case json
  /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
  case sarif
  /// GitHub Actions workflow commands, which annotate pull requests.
  case github
  /// A GitLab Code Quality report.
  case gitlab
  /// Checkstyle XML.
  case checkstyle
  /// JUnit XML, one test case per file.
  case junit

  /// Whether the output carries `CheckReport.configurationProblems` (text unless quiet, JSON and SARIF);
  /// for the other formats the runner should print them on standard error.
  public func carriesConfigurationProblems(_ options: FormatOptions) -> Bool {
    switch self {
    case .text: return !options.quiet
    case .json, .sarif: return true
    case .github, .gitlab, .checkstyle, .junit: return false
    }
  }
}

/// What the command line says about the output, beyond the format.
public struct FormatOptions: Sendable {
  /// Colour the text format with ANSI escapes.
  public var color = false
  /// Show the source line with the range underlined and the help line under each finding (text format).
  public var showSource = true
  /// Append a table of counts per rule (text format).
  public var statistics = false
  /// Print only the findings (text format): no source, no help, no summary.
  public var quiet = false
  /// The version of dockerfile-lsp (JSON and SARIF name the tool that produced them).
  public var toolVersion = "dev"
  /// How many findings `--fix` could fix. Quick fixes do not exist yet: the runner passes 0, and the text
  /// summary mentions the count only when it is not 0.
  public var fixableCount = 0
  /// The `file://` URI of the directory relative paths start from, ending in `/` (SARIF's
  /// `originalUriBaseIds.SRCROOT`); see `FormatOptions.directoryURI(_:)`. Omitted from SARIF when nil.
  public var baseURI: String? = nil
  /// From which severity a finding fails the run: in JUnit, only such findings fail a file's test case.
  public var failLevel: FailLevel = .warning

  /// Creates options; every parameter has the command line's default.
  public init(
    color: Bool = false, showSource: Bool = true, statistics: Bool = false, quiet: Bool = false,
    toolVersion: String = "dev", fixableCount: Int = 0, baseURI: String? = nil, failLevel: FailLevel = .warning
  ) {
    self.color = color
    self.showSource = showSource
    self.statistics = statistics
    self.quiet = quiet
    self.toolVersion = toolVersion
    self.fixableCount = fixableCount
    self.baseURI = baseURI
    self.failLevel = failLevel
  }

  /// The `file://` URI of an absolute directory path, percent-encoded and ending in `/`
  /// (`/home/me/my project` → `file:///home/me/my%20project/`), for `baseURI`.
  public static func directoryURI(_ absolutePath: String) -> String {
    var path = percentEncodedPath(absolutePath)
    if !path.hasPrefix("/") { path = "/" + path }
    if !path.hasSuffix("/") { path += "/" }
    return "file://" + path
  }
}

/// Renders a report in a format. The result ends with a newline unless it is empty (the line-based formats
/// print nothing for a clean run).
public func formatReport(_ report: CheckReport, as format: OutputFormat, options: FormatOptions = FormatOptions())
  -> String
{
  switch format {
  case .text: return TextFormat(options: options).render(report)
  case .json: return JSONFormat.render(report, options: options)
  case .sarif: return SARIFFormat.render(report, options: options)
  case .github: return GitHubFormat.render(report)
  case .gitlab: return GitLabFormat.render(report)
  case .checkstyle: return CheckstyleFormat.render(report)
  case .junit: return JUnitFormat.render(report, options: options)
  }
}

/// The tool's name and home, as the formats that name a tool write them.
enum CheckTool {
  static let name = "dockerfile-lsp"
  static let informationURI = "https://github.com/dockerfile-lsp/dockerfile-lsp"
}

/// Counts over a report, for summaries.
struct ReportCounts {
  var errors = 0
  var warnings = 0
  var infos = 0
  var hints = 0
  /// Every file in the report, checked or not.
  var files = 0
  /// Files that could not be checked (`CheckedFile.error`).
  var filesNotChecked = 0

  init(_ report: CheckReport) {
    files = report.files.count
    for file in report.files {
      if file.error != nil { filesNotChecked += 1 }
      for f in file.findings { add(f.finding.severity) }
    }
  }

  init(_ findings: [ReportedFinding]) {
    for f in findings { add(f.finding.severity) }
  }

  private mutating func add(_ severity: Severity) {
    switch severity {
    case .error: errors += 1
    case .warning: warnings += 1
    case .info: infos += 1
    case .hint: hints += 1
    }
  }

  var findings: Int { errors + warnings + infos + hints }

  /// `1 error, 2 warnings, 1 info`: errors and warnings always, infos and hints when there are some.
  var severityPhrase: String {
    var parts = [plural(errors, "error"), plural(warnings, "warning")]
    if infos > 0 { parts.append(plural(infos, "info")) }
    if hints > 0 { parts.append(plural(hints, "hint")) }
    return parts.joined(separator: ", ")
  }
}

/// `1 file`, `2 files`.
func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

/// A file's lines as the line index splits them (`\n`, `\r\n` and `\r`), and LSP positions, computed once
/// per file.
struct SourceLines {
  let source: [UInt8]
  let index: LineIndex

  init(_ file: CheckedFile) {
    source = file.source
    index = LineIndex(file.source)
  }

  /// The text of 1-based line `line` without its line break; empty past the end.
  func text(ofLine line: Int) -> String {
    guard line >= 1, line <= index.lineStarts.count else { return "" }
    let start = index.lineStarts[line - 1]
    return String(decoding: source[start..<index.contentEnd(ofLine: line - 1, in: source)], as: UTF8.self)
  }

  /// The 0-based LSP position (UTF-16 code units) of a byte offset.
  func lspPosition(_ offset: Int) -> LinePosition { index.position(of: offset, in: source, encoding: .utf16) }
}

/// Stable identities for findings, for tools that track them across runs (GitLab's `fingerprint`, SARIF's
/// `partialFingerprints`). A finding's identity is its file, its rule, the text of its first line with
/// surrounding whitespace trimmed, and how many earlier findings of the file share those three: no line
/// numbers, so an edit elsewhere in the file does not change it, while the same problem on two identical
/// lines still gets two fingerprints.
func findingFingerprints(_ file: CheckedFile, lines: SourceLines) -> [String] {
  var seen: [String: Int] = [:]
  return file.findings.map { f in
    let lineText = lines.text(ofLine: f.start.line).trimmingWhitespace()
    let key = "\(file.path)\u{0}\(f.finding.code)\u{0}\(lineText)"
    let occurrence = seen[key, default: 0]
    seen[key] = occurrence + 1
    return hex64(fnv1a64(Array("\(key)\u{0}\(occurrence)".utf8)))
  }
}

/// The 64-bit FNV-1a hash of `bytes`.
func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for b in bytes {
    hash ^= UInt64(b)
    hash = hash &* 0x0000_0100_0000_01b3
  }
  return hash
}

/// Sixteen lower-case hex digits.
func hex64(_ value: UInt64) -> String {
  let digits = String(value, radix: 16)
  return String(repeating: "0", count: 16 - digits.count) + digits
}

/// A relative or absolute path as a URI path: bytes other than unreserved characters and `/` are
/// percent-encoded (`sub dir/Dockerfile` → `sub%20dir/Dockerfile`).
func percentEncodedPath(_ path: String) -> String {
  let hex = Array("0123456789ABCDEF".utf8)
  var out: [UInt8] = []
  for b in path.utf8 {
    switch b {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
      UInt8(ascii: "~"), UInt8(ascii: "/"):
      out.append(b)
    default:
      out.append(UInt8(ascii: "%"))
      out.append(hex[Int(b >> 4)])
      out.append(hex[Int(b & 0xF)])
    }
  }
  return String(decoding: out, as: UTF8.self)
}

/// A path without leading `./` components, as tools that resolve paths against the repository root expect.
func withoutDotSlash(_ path: String) -> String {
  var path = Substring(path)
  while path.hasPrefix("./") { path = path.dropFirst(2).drop { $0 == "/" } }
  return String(path)
}

extension String {
  /// The string without leading and trailing spaces, tabs and line breaks.
  func trimmingWhitespace() -> String {
    let scalars = unicodeScalars
    let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = scalars.lastIndex(where: { !isSpace($0) })!
    return String(scalars[first...last])
  }
}
