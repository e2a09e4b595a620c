// What `dockerfile-lsp check` found, as data: the runner (file discovery, configuration, analysis in
// parallel) produces a `CheckReport`; the formatters (text, JSON, SARIF, GitHub, GitLab, Checkstyle, JUnit)
// turn it into output. Neither knows about the other.
import DockerfileAnalysis
import DockerfileSyntax

/// A 1-based line and column; columns count Unicode scalars (code points) from the start of the line.
public struct SourcePosition: Sendable, Equatable, Comparable {
  /// 1-based line.
  public var line: Int
  /// 1-based column in Unicode scalars.
  public var column: Int

  /// Creates a position.
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public static func < (a: SourcePosition, b: SourcePosition) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// One finding with everything an output format needs.
public struct ReportedFinding: Sendable {
  /// The finding (code, byte range, message, effective severity).
  public var finding: Finding
  /// The rule's fixed facts (name, aliases, documentation URL, default severity).
  public var rule: RuleDescriptor
  /// Where the range starts.
  public var start: SourcePosition
  /// Where it ends (exclusive column, as LSP and SARIF use; equal to `start` for an empty range).
  public var end: SourcePosition
}

/// One checked file.
public struct CheckedFile: Sendable {
  /// The path as the user should read it (relative to the working directory when inside it; `-` or the
  /// `--stdin-filename` for standard input).
  public var path: String
  /// The file's bytes (empty when it could not be read).
  public var source: [UInt8]
  /// Findings sorted by position, then code.
  public var findings: [ReportedFinding]
  /// Why the file could not be checked (unreadable, binary, not UTF-8...), nil when it was.
  public var error: String?
  /// Where the configuration that applied came from, if any.
  public var configurationSource: String?

  /// Creates a checked file.
  public init(
    path: String, source: [UInt8], findings: [ReportedFinding], error: String? = nil,
    configurationSource: String? = nil
  ) {
    self.path = path
    self.source = source
    self.findings = findings
    self.error = error
    self.configurationSource = configurationSource
  }
}

/// The result of one `check` run.
public struct CheckReport: Sendable {
  /// Checked files, sorted by path.
  public var files: [CheckedFile]
  /// Problems found in configuration files (they never stop a run), as `file:line:column: message`.
  public var configurationProblems: [String]

  /// Creates a report.
  public init(files: [CheckedFile], configurationProblems: [String] = []) {
    self.files = files
    self.configurationProblems = configurationProblems
  }

  /// Every finding, in file then position order.
  public var allFindings: [(file: CheckedFile, finding: ReportedFinding)] {
    files.flatMap { file in file.findings.map { (file, $0) } }
  }
}

extension CheckedFile {
  /// Builds a checked file from analysis findings: positions computed once with a line index.
  public static func make(
    path: String, source: [UInt8], findings: [Finding], configurationSource: String? = nil
  ) -> CheckedFile {
    let index = LineIndex(source)
    func position(_ offset: Int) -> SourcePosition {
      let p = index.position(of: offset, in: source, encoding: .utf32)
      return SourcePosition(line: p.line + 1, column: p.character + 1)
    }
    let reported = findings.compactMap { f -> ReportedFinding? in
      guard let rule = RuleRegistry.rule(code: f.code)?.descriptor else { return nil }
      return ReportedFinding(
        finding: f, rule: rule, start: position(f.range.lowerBound), end: position(f.range.upperBound))
    }
    return CheckedFile(path: path, source: source, findings: reported, configurationSource: configurationSource)
  }
}
