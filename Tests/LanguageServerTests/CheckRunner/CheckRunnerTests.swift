// The check runner in process: configuration discovery and precedence, rule selection, fail levels, standard
// input, bad inputs, outputs, order, and the pieces around a run (content sniffing, progress line, rule catalog).
import DockerfileAnalysis
import Foundation
import LanguageServerProtocol
import Testing

@testable import LanguageServer

@Suite("check: configuration")
struct CheckConfigurationTests {
  @Test func eachFileGetsTheConfigurationBesideOrAboveIt() throws {
    let tree = try repositoryTree()
    try tree.write("own/.dockerfile-lsp.json", #"{"disable": ["maintainer-deprecated"]}"#)
    try tree.write("own/Dockerfile", maintainerDockerfile)
    try tree.write("own/deeper/Dockerfile", maintainerDockerfile)
    try tree.write("hado/.hadolint.yaml", "ignored:\n  - DL4000\n")
    try tree.write("hado/Dockerfile", maintainerDockerfile)
    try tree.write("none/Dockerfile", maintainerDockerfile)
    let result = try check([], in: tree)
    #expect(result.codes("own/Dockerfile") == [])
    #expect(result.codes("own/deeper/Dockerfile") == [])
    #expect(result.codes("hado/Dockerfile") == [])
    #expect(result.codes("none/Dockerfile") == ["DF206"])
    #expect(result.status == 1)
    let sources = result.report.files.map { $0.configurationSource.map { String($0.dropFirst(tree.root.path.count)) } }
    #expect(sources == ["/hado/.hadolint.yaml", nil, "/own/.dockerfile-lsp.json", "/own/.dockerfile-lsp.json"])
  }

  @Test func ourFileBeatsHadolintsInTheSameDirectory() throws {
    let tree = try repositoryTree()
    try tree.write(".dockerfile-lsp.json", #"{"severity": {"DF206": "error"}}"#)
    try tree.write(".hadolint.yaml", "ignored: [DL4000]\n")
    try tree.write("Dockerfile", maintainerDockerfile)
    #expect(try check([], in: tree).levels("Dockerfile") == ["DF206:error"])
  }

  @Test func anExplicitConfigurationAppliesToEveryFile() throws {
    let tree = try repositoryTree()
    try tree.write("a/.dockerfile-lsp.json", #"{"severity": {"DF206": "error"}}"#)
    try tree.write("a/Dockerfile", maintainerDockerfile)
    try tree.write("b/Dockerfile", maintainerDockerfile)
    try tree.write("ci.yaml", "override:\n  info: [DL4000]\n")
    let result = try check(["--config", "ci.yaml"], in: tree)
    #expect(result.levels("a/Dockerfile") == ["DF206:info"])
    #expect(result.levels("b/Dockerfile") == ["DF206:info"])
    #expect(result.status == 0)
    let defaults = try check(["--no-config"], in: tree)
    #expect(defaults.levels("a/Dockerfile") == ["DF206:warning"])
  }

  @Test func aMissingExplicitConfigurationIsAnError() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", cleanDockerfile)
    let result = try check(["--config", "nope.json"], in: tree)
    #expect(result.status == 2)
    #expect(result.stderr == ["error: --config nope.json: No such file or directory"])
    try tree.mkdir("dir.json")
    #expect(try check(["--config", "dir.json"], in: tree).stderr == ["error: --config dir.json: is a directory"])
  }

  @Test func configurationProblemsAreWarningsOnce() throws {
    let tree = try repositoryTree()
    try tree.write(".dockerfile-lsp.json", "{\"disable\": [\"DF206\"], \"bogus\": 1}")
    try tree.write("a/Dockerfile", maintainerDockerfile)
    try tree.write("b/Dockerfile", maintainerDockerfile)
    let result = try check([], in: tree)
    #expect(result.status == 0)
    #expect(result.stderr == ["warning: \(tree.path(".dockerfile-lsp.json")):1:24: unknown key `bogus`"])
    #expect(result.report.configurationProblems.count == 1)
  }

  @Test func failLevelFromConfigurationAndCommandLine() throws {
    let tree = try repositoryTree()
    try tree.write(".dockerfile-lsp.json", #"{"failLevel": "error"}"#)
    try tree.write("Dockerfile", maintainerDockerfile)
    #expect(try check([], in: tree).status == 0)
    #expect(try check(["--fail-level", "warning"], in: tree).status == 1)
    #expect(try check(["--no-config"], in: tree).status == 1)
    #expect(try check(["--no-config", "--fail-level", "none"], in: tree).status == 0)
    #expect(try check(["--no-config", "--severity", "DF206=info"], in: tree).status == 0)
    #expect(try check(["--no-config", "--severity", "DF206=info", "--fail-level", "info"], in: tree).status == 1)
    #expect(try check(["--no-config", "--severity", "DF206=hint", "--fail-level", "info"], in: tree).status == 0)
    #expect(try check(["--no-config", "--severity", "DF206=hint", "--fail-level", "hint"], in: tree).status == 1)
  }

  @Test func failLevelsDifferPerFile() throws {
    let tree = try repositoryTree()
    try tree.write("lenient/.dockerfile-lsp.json", #"{"failLevel": "none"}"#)
    try tree.write("lenient/Dockerfile", maintainerDockerfile)
    try tree.write("strict/Dockerfile", cleanDockerfile)
    #expect(try check([], in: tree).status == 0)
    try tree.write("strict/Dockerfile", maintainerDockerfile)
    #expect(try check([], in: tree).status == 1)
  }

  @Test func commandLineWinsOverConfiguration() throws {
    let tree = try repositoryTree()
    try tree.write(".dockerfile-lsp.json", #"{"disable": ["DF206"], "trustedRegistries": ["ghcr.io"]}"#)
    try tree.write("Dockerfile", maintainerDockerfile)
    #expect(try check([], in: tree).codes("Dockerfile") == ["DF512"])
    #expect(try check(["--severity", "DF206=warning"], in: tree).codes("Dockerfile") == ["DF512", "DF206"])
    #expect(try check(["--select", "maintainer-deprecated"], in: tree).codes("Dockerfile") == ["DF206"])
    #expect(try check(["--trusted-registry", "docker.io"], in: tree).codes("Dockerfile") == [])
  }
}

@Suite("check: rule selection")
struct CheckSelectionTests {
  @Test func selectRunsOnlyTheNamedRulesIncludingOffByDefaultOnes() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", untaggedDockerfile)
    #expect(try check([], in: tree).codes("Dockerfile") == ["DF301", "DF503"])
    #expect(try check(["--select", "DL3006"], in: tree).codes("Dockerfile") == ["DF503"])
    #expect(try check(["--select", "DF503,DL3057"], in: tree).codes("Dockerfile") == ["DF503", "DF518"])
  }

  @Test func ignoreWinsOverEverything() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", untaggedDockerfile)
    #expect(try check(["--ignore", "DL3006"], in: tree).codes("Dockerfile") == ["DF301"])
    #expect(try check(["--select", "DF503", "--ignore", "DF503"], in: tree).codes("Dockerfile") == [])
    #expect(try check(["--severity", "DF503=error", "--ignore", "DF503"], in: tree).codes("Dockerfile") == ["DF301"])
  }

  @Test func severityOverridesAndTurnsOn() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", untaggedDockerfile)
    #expect(
      try check(["--severity", "DF503=error", "--severity", "final-stage-root=off"], in: tree).levels("Dockerfile")
        == ["DF503:error"])
    #expect(
      try check(["--severity", "missing-healthcheck=warning"], in: tree).levels("Dockerfile") == [
        "DF301:warning", "DF503:warning", "DF518:warning",
      ])
  }

  @Test func suppressionCommentsCanBeIgnored() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", "FROM alpine:3.19\nUSER 1000\n# hadolint ignore=DL4000\nMAINTAINER me\n")
    #expect(try check([], in: tree).codes("Dockerfile") == [])
    #expect(try check(["--no-suppress"], in: tree).codes("Dockerfile") == ["DF206"])
  }

  @Test func unknownHadolintCodesWarn() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", maintainerDockerfile)
    let result = try check(["--ignore", "SC2086,DL4000"], in: tree)
    #expect(result.status == 0)
    #expect(
      result.stderr == ["warning: --ignore SC2086: no rule here answers to this hadolint or ShellCheck code; ignored"])
  }
}

@Suite("check: inputs")
struct CheckInputTests {
  @Test func standardInputWithoutAName() throws {
    let tree = try repositoryTree()
    try tree.write(".dockerfile-lsp.json", #"{"severity": {"DF206": "error"}}"#)
    let result = try check(["-"], in: tree, stdin: maintainerDockerfile)
    #expect(result.paths == ["-"])
    #expect(result.levels("-") == ["DF206:error"])  // Configuration from the working directory.
  }

  @Test func standardInputNamedGetsItsConfigurationAndBuildContext() throws {
    let tree = try repositoryTree()
    try tree.write("svc/.dockerfile-lsp.json", #"{"disable": ["DF206"]}"#)
    try tree.write("svc/.dockerignore", "*.pyc\n")
    let python = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nUSER 1000\nMAINTAINER me\n"
    var result = try check(["--stdin-filename", "svc/Dockerfile"], in: tree, stdin: python)
    #expect(result.paths == ["svc/Dockerfile"])
    #expect(result.codes("svc/Dockerfile") == ["DF413"])  // requirements.txt is missing from svc/.
    try tree.write("svc/requirements.txt", "flask\n")
    result = try check(["--stdin-filename", "svc/Dockerfile"], in: tree, stdin: python)
    #expect(result.codes("svc/Dockerfile") == [])
    #expect(result.report.files[0].configurationSource == tree.path("svc/.dockerfile-lsp.json"))
  }

  @Test func standardInputSortsAmongFiles() throws {
    let tree = try repositoryTree()
    try tree.write("a/Dockerfile", cleanDockerfile)
    try tree.write("c/Dockerfile", cleanDockerfile)
    let result = try check(["c", "-", "a", "--stdin-filename", "b/Dockerfile"], in: tree, stdin: cleanDockerfile)
    #expect(result.paths == ["a/Dockerfile", "b/Dockerfile", "c/Dockerfile"])
  }

  @Test func aNamedBinaryFileIsAnErrorAFoundOneANote() throws {
    let tree = try repositoryTree()
    try tree.writeBytes("Dockerfile.bin", Array("FROM x\n".utf8) + [0, 1, 2])
    try tree.write("Dockerfile", cleanDockerfile)
    let found = try check([], in: tree)
    #expect(found.status == 0)
    #expect(found.paths == ["Dockerfile"])
    #expect(found.stderr == ["note: Dockerfile.bin: looks like a binary file (a NUL byte at offset 7); skipped"])
    let named = try check(["Dockerfile.bin", "Dockerfile"], in: tree)
    #expect(named.status == 2)
    #expect(named.stderr == ["error: Dockerfile.bin: looks like a binary file (a NUL byte at offset 7); skipped"])
    #expect(named.report.files.map(\.error) == [nil, "looks like a binary file (a NUL byte at offset 7); skipped"])
  }

  @Test func utf16IsCalledByItsName() throws {
    let tree = try repositoryTree()
    try tree.writeBytes("Dockerfile", [0xFF, 0xFE] + Array("FROM x\n".utf8).flatMap { [$0, 0] })
    let result = try check(["Dockerfile"], in: tree)
    #expect(result.status == 2)
    #expect(result.stderr.first?.contains("looks like UTF-16 or UTF-32 text") == true)
  }

  @Test func invalidUTF8IsAnalysedWithAWarning() throws {
    let tree = try repositoryTree()
    try tree.writeBytes(
      "Dockerfile",
      Array("FROM alpine:3.19\nUSER 1000\nLABEL x=\"".utf8) + [0xE9] + Array("t\u{E9}\"\nMAINTAINER me\n".utf8))
    let result = try check([], in: tree)
    #expect(result.status == 1)
    #expect(result.codes("Dockerfile") == ["DF206"])
    #expect(
      result.stderr == ["warning: Dockerfile:3:10: not valid UTF-8; checked byte by byte (columns after it may be off)"]
    )
  }

  @Test func unreadableFiles() throws {
    let tree = try repositoryTree()
    try tree.link("Dockerfile", to: "/nonexistent/target")
    try tree.write("ok/Dockerfile", maintainerDockerfile)
    let result = try check(["Dockerfile", "ok"], in: tree)
    #expect(result.status == 2)
    #expect(result.stderr == ["error: Dockerfile: cannot read: No such file or directory"])
    #expect(result.codes("ok/Dockerfile") == ["DF206"])  // The other files are still checked.
  }

  @Test(.enabled(if: geteuid() != 0, "root reads any file"))
  func permissionDenied() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", cleanDockerfile)
    chmod(tree.path("Dockerfile"), 0)
    let result = try check(["Dockerfile"], in: tree)
    #expect(result.status == 2)
    #expect(result.stderr == ["error: Dockerfile: cannot read: Permission denied"])
  }

  @Test func missingPathsAndEmptyDirectories() throws {
    let tree = try repositoryTree()
    try tree.mkdir("empty")
    try tree.write("full/Dockerfile", cleanDockerfile)
    var result = try check(["missing/Dockerfile"], in: tree)
    #expect(result.status == 2)
    #expect(result.stderr == ["error: missing/Dockerfile: No such file or directory"])
    result = try check(["empty"], in: tree)
    #expect(result.status == 2)
    #expect(result.stderr == ["error: no Dockerfiles found under empty"])
    result = try check(["empty", "full"], in: tree)
    #expect(result.status == 0)
    #expect(result.stderr == ["note: no Dockerfiles found under empty"])
    result = try check(["missing", "full"], in: tree)
    #expect(result.status == 2)
    #expect(result.paths == ["full/Dockerfile"])
  }

  @Test func emptyInput() throws {
    let tree = try repositoryTree()
    let result = try check(["-"], in: tree, stdin: "")
    #expect(result.status == 1)
    #expect(result.codes("-") == ["DF001"])  // A file with no instructions.
  }
}

@Suite("check: outputs and order")
struct CheckOutputTests {
  @Test func severalOutputsFromOneRun() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", maintainerDockerfile)
    let result = try check(
      ["--format", "text", "--output-format", "json=out/report.json", "--format", "sarif", "--output", "r.sarif"],
      in: tree, directory: "")
    // out/ does not exist: that output fails, the others are written.
    #expect(result.status == 2)
    #expect(result.stderr == ["error: cannot write out/report.json: No such file or directory"])
    #expect(result.stdout.contains("Dockerfile:3:1: warning[DF206 maintainer-deprecated]"))
    #expect(!(try tree.read("r.sarif")).isEmpty)
    try tree.mkdir("out")
    let again = try check(["--output-format", "json=out/report.json", "--output-format", "sarif=r.sarif"], in: tree)
    #expect(again.status == 1)
    #expect(again.stdout.isEmpty)
    #expect(!(try tree.read("out/report.json")).isEmpty)
  }

  @Test func fixIsReserved() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", maintainerDockerfile)
    let result = try check(["--fix"], in: tree)
    #expect(result.status == 2)
    #expect(result.stderr == ["error: --fix is not available yet: quick fixes come in a later version"])
    #expect(try check(["--diff"], in: tree).status == 2)
  }

  @Test func manyFilesInParallelComeOutInOrder() throws {
    let tree = try repositoryTree()
    var expected: [String] = []
    for i in 0..<60 {
      let dir = "d\(i % 7)/s\(i)"
      try tree.write("\(dir)/Dockerfile", i % 3 == 0 ? untaggedDockerfile : maintainerDockerfile)
      expected.append("\(dir)/Dockerfile")
    }
    expected.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    let first = try check([], in: tree)
    #expect(first.paths == expected)
    for _ in 0..<3 {
      let again = try check([], in: tree)
      #expect(again.stdout == first.stdout)
    }
    for file in first.report.files {
      #expect(file.findings.map(\.start) == file.findings.map(\.start).sorted())
    }
  }

  @Test func formatOptionsFollowTheCommandLine() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", maintainerDockerfile)
    let quiet = try check(["--quiet"], in: tree)
    #expect(!quiet.stdout.contains("warnings in"))
    let statistics = try check(["--statistics"], in: tree)
    #expect(statistics.stdout.contains("DF206"))
  }

  @Test func fileURIs() {
    #expect(fileURI(directory: "/home/me/src") == "file:///home/me/src/")
    #expect(fileURI(directory: "/") == "file:///")
    #expect(fileURI(directory: "/a b/ü#") == "file:///a%20b/%C3%BC%23/")
  }
}

@Suite("check: content and progress")
struct CheckContentTests {
  @Test func contentChecks() {
    #expect(ContentCheck(Array("FROM x\n".utf8)) == .text)
    #expect(ContentCheck([]) == .text)
    #expect(ContentCheck(Array("FROM é\n".utf8)) == .text)
    #expect(ContentCheck(Array("FROM x\n".utf8) + [0xC3]) == .invalidUTF8(offset: 7))
    #expect(ContentCheck([0x41, 0xED, 0xA0, 0x80]) == .invalidUTF8(offset: 1))  // An encoded surrogate.
    #expect(ContentCheck([0x41, 0xC0, 0x80]) == .invalidUTF8(offset: 1))  // An overlong NUL.
    #expect(ContentCheck([0xF4, 0x90, 0x80, 0x80]) == .invalidUTF8(offset: 0))  // Past U+10FFFF.
    #expect(ContentCheck(Array("\u{1F433}".utf8)) == .text)
    #expect(ContentCheck([0x41, 0x00]) == .binary(reason: "looks like a binary file (a NUL byte at offset 1)"))
    // A NUL byte past the first 8 KiB is text (with whatever the parser makes of it).
    #expect(ContentCheck([UInt8](repeating: 0x41, count: 9000) + [0]) == .text)
  }

  @Test func progressLine() {
    let written = Locked<[String]>([])
    let now = Locked<UInt64>(0)
    let line = ProgressLine(
      total: 3, width: 30, write: { text in written.update { $0.append(text) } }, clock: { now.value })
    line.completed("a/Dockerfile")  // Too early: nothing yet.
    now.update { $0 = 300_000_000 }
    line.completed("b/Dockerfile")
    now.update { $0 = 350_000_000 }
    line.completed("c/Dockerfile")  // Too soon after the last draw.
    line.finish()
    #expect(written.value == ["\r[2/3] b/Dockerfile\u{1B}[K", "\r\u{1B}[K"])
    #expect(
      ProgressLine.line(done: 10, total: 200, path: "services/payments/api/Dockerfile", width: 30)
        == "[10/200] …ents/api/Dockerfile")
    #expect(ProgressLine.line(done: 1, total: 2, path: "x", width: 30) == "[1/2] x")
  }

  @Test func noProgressLineUnlessAsked() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", cleanDockerfile)
    let written = Locked(0)
    var environment = CheckEnvironment(workingDirectory: tree.root.path)
    environment.progress = { _ in written.update { $0 += 1 } }
    _ = runCheck(try CheckCommandLine(arguments: ["--quiet"]), environment: environment)
    #expect(written.value == 0)
  }
}

@Suite("check: rule catalog")
struct RuleCatalogTests {
  @Test func explainByCodeNameOrAlias() throws {
    let byAlias = try explainRule("DL3008").get()
    #expect(try explainRule("DF601").get() == byAlias)
    #expect(try explainRule("apt-get-pin-versions").get() == byAlias)
    #expect(byAlias.hasPrefix("DF601 apt-get-pin-versions\n\n  aliases:   DL3008\n  severity:  warning\n"))
    #expect(byAlias.contains("Reported:\n\n    FROM debian:12\n"))
    #expect(byAlias.contains("Not reported:\n\n"))
    #expect(byAlias.hasSuffix("\n"))
    #expect(try explainRule("DL3057").get().contains("severity:  info (off by default)"))
  }

  @Test func explainUnknown() {
    guard case .failure(let error) = explainRule("DL300") else {
      Issue.record("expected a failure")
      return
    }
    #expect(error.message == "no rule answers to `DL300`; did you mean `DL3000`?")
  }

  @Test func catalogJSON() throws {
    let text = ruleCatalogJSON()
    #expect(text.hasSuffix("]\n"))
    guard case .array(let rules) = try parseJSON(text) else {
      Issue.record("not an array")
      return
    }
    #expect(rules.count == RuleRegistry.all.count)
    let first = rules[0]
    let descriptor = RuleRegistry.all[0].descriptor
    #expect(first["code"]?.stringValue == descriptor.code)
    #expect(first["name"]?.stringValue == descriptor.name)
    #expect(first["severity"]?.stringValue == descriptor.severity.rawValue)
    #expect(first["documentation"]?["why"]?.stringValue == descriptor.documentation.why)
    #expect(
      Set(first.objectValue?.keys.map { $0 } ?? []) == [
        "code", "name", "aliases", "severity", "category", "summary", "enabledByDefault", "documentationURL",
        "documentation",
      ])
  }
}
