// The output formats of `dockerfile-lsp check`: golden files of every format over three fixtures (a clean
// file, one with findings around a tab and non-ASCII text, one that could not be read), then the details
// the goldens do not pin down on their own.
import DockerfileAnalysis
import DockerfileSyntax
import Foundation
import LanguageServerProtocol
import Testing

@testable import LanguageServer

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The fixture report: real findings of the default rules.
let fixtureReport: CheckReport = {
  let clean = "FROM alpine:3.19\nRUN echo hello\nUSER nobody\nCMD [\"echo\", \"hi\"]\n"
  let findings = """
    from ubuntu:22.04
    MAINTAINER Zoë Ünïcode <zoe@example.com>
    RUN apt-get update && \\
    \tapt-get install curl
    RUN echo "🐳 café" && sudo true
    WORKDIR app
    USER nobody
    cmd echo "done" \\
      && true

    """
  return CheckReport(
    files: [
      checkedFile("broken.Dockerfile", nil, error: "not UTF-8 text (invalid byte 0xFF at offset 5)"),
      checkedFile("clean.Dockerfile", clean),
      checkedFile("sub dir/findings.Dockerfile", findings),
    ])
}()

/// A checked file analysed with the default rules, or one that could not be checked.
func checkedFile(_ path: String, _ text: String?, error: String? = nil) -> CheckedFile {
  guard let text else { return CheckedFile(path: path, source: [], findings: [], error: error) }
  let bytes = Array(text.utf8)
  return CheckedFile.make(path: path, source: bytes, findings: analyze(SyntaxTree(bytes)))
}

/// Options with a fixed version, so the goldens do not change with releases.
func fixtureOptions(
  showSource: Bool = true, statistics: Bool = false, quiet: Bool = false, color: Bool = false
) -> FormatOptions {
  FormatOptions(
    color: color, showSource: showSource, statistics: statistics, quiet: quiet, toolVersion: "1.2.3-test",
    baseURI: "file:///work/project/")
}

/// `Golden/<name>`, rewritten when `UPDATE_GOLDEN=1`.
func assertCheckGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
  if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
    try actual.write(to: url, atomically: true, encoding: .utf8)
    return
  }
  guard FileManager.default.fileExists(atPath: url.path) else {
    Issue.record("missing golden \(name); run with UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
    return
  }
  let expected = try String(contentsOf: url, encoding: .utf8)
  #expect(actual == expected, "golden \(name) differs", sourceLocation: sourceLocation)
}

@Suite("Check output formats")
struct CheckFormatTests {
  @Test func fixturesHaveTheFindingsTheGoldensNeed() {
    let file = fixtureReport.files[2]
    let codes = Set(file.findings.map(\.finding.code))
    // Lower-case `from` and `cmd`, MAINTAINER, apt-get install without -y after a tab, sudo after an astral
    // emoji, a relative WORKDIR, a shell-form CMD over two lines.
    #expect(codes.isSuperset(of: ["DF203", "DF206", "DF603", "DF652", "DF210", "DF209"]))
    #expect(file.findings.filter { $0.finding.code == "DF203" }.count == 2)
    #expect(fixtureReport.files[1].findings.isEmpty)
    #expect(file.findings.contains { $0.end.line > $0.start.line }, "a range over several lines")
  }

  @Test(arguments: [
    ("text.txt", fixtureOptions()),
    ("text-no-source.txt", fixtureOptions(showSource: false)),
    ("text-quiet.txt", fixtureOptions(quiet: true)),
    ("text-statistics.txt", fixtureOptions(showSource: false, statistics: true)),
  ])
  func textGolden(name: String, options: FormatOptions) throws {
    try assertCheckGolden(formatReport(fixtureReport, as: .text, options: options), name)
  }

  @Test(arguments: [
    (OutputFormat.json, "json.json"), (.sarif, "sarif.json"), (.github, "github.txt"), (.gitlab, "gitlab.json"),
    (.checkstyle, "checkstyle.xml"), (.junit, "junit.xml"),
  ])
  func golden(format: OutputFormat, name: String) throws {
    try assertCheckGolden(formatReport(fixtureReport, as: format, options: fixtureOptions()), name)
  }

  @Test func everyFormatHasAGolden() {
    let covered: Set<OutputFormat> = [.text, .json, .sarif, .github, .gitlab, .checkstyle, .junit]
    #expect(Set(OutputFormat.allCases) == covered)
  }

  // MARK: Text

  @Test func underlineExpandsTabsAndCountsScalars() {
    // `\t` then a range of four scalars, two of them non-ASCII; the tab expands to a 4-column stop.
    let source = Array("FROM a\n\tRUN x ÿé\n".utf8)
    let start = 8 + "RUN x ".utf8.count
    let finding = Finding(code: "DF206", range: start..<(start + "ÿé".utf8.count), message: "m", severity: .warning)
    let report = CheckReport(files: [CheckedFile.make(path: "f", source: source, findings: [finding])])
    let text = formatReport(report, as: .text, options: fixtureOptions())
    #expect(text.contains(" 2 |     RUN x ÿé\n   |           ^~\n"), "\(text)")
  }

  @Test func multiLineRangesUnderlineToTheEndOfTheFirstLine() {
    let source = Array("FROM a\nRUN a \\\n  b\n".utf8)
    let finding = Finding(code: "DF206", range: 11..<20, message: "m", severity: .error)
    let report = CheckReport(files: [CheckedFile.make(path: "f", source: source, findings: [finding])])
    let text = formatReport(report, as: .text, options: fixtureOptions())
    #expect(text.contains(" 2 | RUN a \\\n   |     ^~~\n"), "\(text)")
  }

  @Test func crlfLinesShowWithoutTheirLineBreak() {
    let report = CheckReport(files: [checkedFile("f", "FROM a:1\r\nMAINTAINER x\r\nUSER u\r\n")])
    let text = formatReport(report, as: .text, options: fixtureOptions())
    #expect(text.contains(" 2 | MAINTAINER x\n   | ^~~~~~~~~~\n"), "\(text)")
  }

  @Test func controlCharactersInSourceDoNotReachTheTerminal() {
    let source = Array("FROM a\nLABEL x=\u{1B}[31m\n".utf8)
    let finding = Finding(code: "DF206", range: 7..<12, message: "bad \u{1B}", severity: .warning)
    let report = CheckReport(files: [CheckedFile.make(path: "f", source: source, findings: [finding])])
    let text = formatReport(report, as: .text, options: fixtureOptions())
    #expect(!text.contains("\u{1B}"))
    #expect(text.contains("LABEL x=\u{FFFD}[31m"))
  }

  @Test func colourOnlyWhenAsked() {
    let plain = formatReport(fixtureReport, as: .text, options: fixtureOptions())
    let coloured = formatReport(fixtureReport, as: .text, options: fixtureOptions(color: true))
    #expect(!plain.contains("\u{1B}["))
    #expect(coloured.contains("\u{1B}[1;33mwarning[DF652 no-sudo]\u{1B}[0m"))
    #expect(coloured.contains("\u{1B}[1msub dir/findings.Dockerfile:2:1:\u{1B}[0m"))
    // Without the escapes, the coloured output is the plain one.
    let stripped = coloured.replacing(/\u{1B}\[[0-9;]*m/, with: "")
    #expect(stripped == plain)
  }

  @Test func summaryWording() {
    let clean = CheckReport(files: [checkedFile("a", "FROM a:1\nUSER x\n"), checkedFile("b", "FROM a:1\nUSER x\n")])
    #expect(formatReport(clean, as: .text) == "No problems found in 2 files.\n")
    let one = CheckReport(files: [checkedFile("a", "FROM a:1\nUSER x\n")])
    #expect(formatReport(one, as: .text, options: FormatOptions(quiet: true)) == "")
    var options = fixtureOptions(showSource: false)
    options.fixableCount = 3
    let text = formatReport(fixtureReport, as: .text, options: options)
    #expect(text.hasSuffix("in 3 files; 1 file could not be checked; 3 fixable with --fix.\n"), "\(text)")
  }

  @Test func configurationProblemsAreShownUnlessQuiet() {
    var report = fixtureReport
    report.configurationProblems = [".dockerfile-lsp.json:2:3: unknown key `x`"]
    let text = formatReport(report, as: .text, options: fixtureOptions())
    #expect(text.hasPrefix("configuration problem: .dockerfile-lsp.json:2:3: unknown key `x`\n"))
    #expect(!formatReport(report, as: .text, options: fixtureOptions(quiet: true)).contains("configuration"))
    #expect(OutputFormat.text.carriesConfigurationProblems(fixtureOptions()))
    #expect(!OutputFormat.text.carriesConfigurationProblems(fixtureOptions(quiet: true)))
    let sarif = formatReport(report, as: .sarif, options: fixtureOptions())
    #expect(sarif.contains("toolConfigurationNotifications"))
  }

  // MARK: JSON

  @Test func jsonMatchesItsSchema() throws {
    let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "Protocol/schemas/check-output.schema.json")
    let schema = try parseJSON(Array(try Data(contentsOf: schemaURL)))
    #expect(schema["$schema"]?.stringValue == "https://json-schema.org/draft/2020-12/schema")
    var report = fixtureReport
    report.configurationProblems = ["c.json:1:1: x"]
    report.files[1].configurationSource = "/work/project/.dockerfile-lsp.json"
    let output = try parseJSON(Array(formatReport(report, as: .json, options: fixtureOptions()).utf8))
    let problems = SchemaSubset(root: schema).validate(output)
    #expect(problems.isEmpty, "\(problems)")
    // The validator does notice a broken document.
    guard case .object(var broken) = output else { return }
    broken["summary"] = ["errors": "1"]
    #expect(!SchemaSubset(root: schema).validate(.object(broken)).isEmpty)
  }

  @Test func jsonPositionsInAllThreeForms() throws {
    let output = try parseJSON(Array(formatReport(fixtureReport, as: .json, options: fixtureOptions()).utf8))
    let findings = output["files"]?[2]?["findings"]?.arrayValue ?? []
    let sudo = try #require(findings.first { $0["code"] == "DF652" })
    // Line 5 is `RUN echo "🐳 café" && sudo true`: the whale is one scalar, two UTF-16 units, four bytes.
    let prefix = "RUN echo \"🐳 café\" && "
    #expect(sudo["range"]?["start"] == ["line": 5, "column": .int(prefix.unicodeScalars.count + 1)])
    #expect(sudo["lspRange"]?["start"] == ["line": 4, "character": .int(prefix.utf16.count)])
    let lineStart = Array(fixtureReport.files[2].source).split(separator: 0x0A, omittingEmptySubsequences: false)
      .prefix(4).reduce(0) { $0 + $1.count + 1 }
    #expect(sudo["offsets"]?["start"] == .int(lineStart + prefix.utf8.count))
    #expect(sudo["fixes"] == [])
  }

  // MARK: SARIF

  @Test func sarifHasTheStructureGitHubNeeds() throws {
    let log = try parseJSON(Array(formatReport(fixtureReport, as: .sarif, options: fixtureOptions()).utf8))
    #expect(checkSARIF(log) == [])
    #expect(log["runs"]?[0]?["originalUriBaseIds"]?["SRCROOT"]?["uri"] == "file:///work/project/")
    let uris = log["runs"]?[0]?["results"]?.arrayValue?.compactMap {
      $0["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"]?.stringValue
    }
    #expect(Set(uris ?? []) == ["sub%20dir/findings.Dockerfile"])
    // The unreadable file is an execution notification, and the run did not fully succeed.
    let invocation = log["runs"]?[0]?["invocations"]?[0]
    #expect(invocation?["executionSuccessful"] == false)
    #expect(invocation?["toolExecutionNotifications"]?.arrayValue?.count == 1)
  }

  @Test func sarifOfACleanRunIsValidToo() throws {
    let clean = CheckReport(files: [checkedFile("a", "FROM a:1\nUSER x\n")])
    let log = try parseJSON(Array(formatReport(clean, as: .sarif).utf8))
    #expect(checkSARIF(log) == [])
    #expect(log["runs"]?[0]?["tool"]?["driver"]?["rules"] == [])
    #expect(log["runs"]?[0]?["originalUriBaseIds"] == nil)
  }

  @Test func directoryURIs() {
    #expect(FormatOptions.directoryURI("/home/me/my project") == "file:///home/me/my%20project/")
    #expect(FormatOptions.directoryURI("/") == "file:///")
    #expect(percentEncodedPath("a/ü#?.Dockerfile") == "a/%C3%BC%23%3F.Dockerfile")
    #expect(withoutDotSlash("./././a/b") == "a/b")
  }

  // MARK: Fingerprints

  @Test func fingerprintsSurviveUnrelatedEditsAndSeparateRepeats() {
    let before = "FROM a\nMAINTAINER x\nMAINTAINER x\n"
    let after = "# a comment\n\nFROM a\nMAINTAINER x\nMAINTAINER x\n"
    func fingerprints(_ text: String) -> [String] {
      let file = checkedFile("Dockerfile", text)
      return zip(file.findings, findingFingerprints(file, lines: SourceLines(file)))
        .filter { $0.0.finding.code == "DF206" }.map(\.1)
    }
    let a = fingerprints(before)
    #expect(a.count == 2)
    #expect(a[0] != a[1])
    #expect(fingerprints(after) == a)
    #expect(fingerprints(before.replacing("MAINTAINER x", with: "MAINTAINER y")) != a)
    #expect(a.allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) })
  }

  @Test func fnv1aKnownValues() {
    #expect(fnv1a64([]) == 0xcbf2_9ce4_8422_2325)
    #expect(fnv1a64(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
    #expect(hex64(0xab) == "00000000000000ab")
  }

  // MARK: GitHub, GitLab, XML

  @Test func githubEscaping() {
    #expect(GitHubFormat.data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b")
    #expect(GitHubFormat.property("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
    let report = CheckReport(files: [checkedFile("x,y:z", "FROM a:1\nMAINTAINER x\nUSER u\n")])
    let out = formatReport(report, as: .github)
    #expect(out.hasPrefix("::warning file=x%2Cy%3Az,line=2,col=1,endLine=2,endColumn=11,"), "\(out)")
  }

  @Test func githubLeavesOutColumnsForRangesOverSeveralLines() {
    let source = Array("FROM a\nRUN a \\\n  b\n".utf8)
    let finding = Finding(code: "DF206", range: 11..<18, message: "m", severity: .hint)
    let report = CheckReport(files: [CheckedFile.make(path: "f", source: source, findings: [finding])])
    #expect(
      formatReport(report, as: .github)
        == "::notice file=f,line=2,endLine=3,title=DF206 maintainer-deprecated::m\n")
  }

  @Test func gitlabIsAnArrayOfIssues() throws {
    let issues = try parseJSON(Array(formatReport(fixtureReport, as: .gitlab).utf8)).arrayValue ?? []
    #expect(issues.count == fixtureReport.allFindings.count + 1)
    for issue in issues {
      for key in ["description", "check_name", "fingerprint", "severity"] {
        #expect(issue[key]?.stringValue?.isEmpty == false, "\(key)")
      }
      #expect(["info", "minor", "major", "critical", "blocker"].contains(issue["severity"]?.stringValue ?? ""))
      #expect(issue["location"]?["path"]?.stringValue != nil)
      #expect((issue["location"]?["lines"]?["begin"]?.intValue ?? 0) >= 1)
    }
    #expect(Set(issues.compactMap { $0["fingerprint"]?.stringValue }).count == issues.count)
  }

  @Test func xmlEscaping() {
    #expect(xmlAttribute("a<b>&\"c'\td\ne\u{1}") == "\"a&lt;b&gt;&amp;&quot;c&apos;&#9;d&#10;e\u{FFFD}\"")
    #expect(xmlText("a<b>&\"'\n") == "a&lt;b&gt;&amp;\"'\n")
  }

  @Test func xmlOutputsParse() throws {
    for format in [OutputFormat.checkstyle, .junit] {
      let text = formatReport(fixtureReport, as: format, options: fixtureOptions())
      let document = try XMLDocument(data: Data(text.utf8))
      #expect(document.rootElement() != nil)
    }
  }

  @Test func junitFailsOnlyAtTheFailLevel() throws {
    var options = fixtureOptions()
    options.failLevel = .none
    let passing = formatReport(fixtureReport, as: .junit, options: options)
    #expect(!passing.contains("<failure"))
    #expect(passing.contains("<system-out>sub dir/findings.Dockerfile:1:1: warning[DF203"))
    #expect(passing.contains("failures=\"0\" errors=\"1\""))
    let failing = formatReport(fixtureReport, as: .junit, options: fixtureOptions())
    #expect(failing.contains("failures=\"1\" errors=\"1\""))
  }
}
