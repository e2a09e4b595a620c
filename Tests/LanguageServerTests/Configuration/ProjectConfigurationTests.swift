// `.dockerfile-lsp.json`: keys, problems with positions, and discovery by walking up from the Dockerfile.
import DockerfileAnalysis
import DockerfileSyntax
import Foundation
import Testing

@testable import LanguageServer

/// Reads `.dockerfile-lsp.json` text.
private func json(_ text: String) -> ProjectConfiguration {
  ProjectConfiguration.parse(json: Array(text.utf8), file: "c.json")
}

/// The problems as `line:column: message`.
func problemLines(_ config: ProjectConfiguration) -> [String] {
  config.problems.map { "\($0.line):\($0.column): \($0.message)" }
}

/// A temporary directory tree, removed when the value is released.
final class TemporaryTree {
  let root: URL

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("dockerfile-lsp-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  /// The absolute path of `relative`.
  func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

  /// Writes `text` to `relative`, creating directories.
  func write(_ relative: String, _ text: String) throws {
    let url = root.appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  /// Creates the directory `relative`.
  func mkdir(_ relative: String) throws {
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent(relative), withIntermediateDirectories: true)
  }
}

@Suite("Project configuration: .dockerfile-lsp.json")
struct ProjectConfigurationJSONTests {
  @Test func readsEveryKey() {
    let config = json(
      """
      {
        "$schema": "https://example.org/config.schema.json",
        "disable": ["MaintainerDeprecated"],
        "enable": ["pip-no-cache-dir"],
        "severity": {"dl3042": "error", "final-stage-root": "off", "DF209": "hint"},
        "trustedRegistries": ["docker.io", "*.example.com"],
        "failLevel": "info",
        "checkOverride": "skip=JSONArgsRecommended;error=true",
        "suppressionComments": false
      }
      """)
    #expect(config.problems.isEmpty, "\(problemLines(config))")
    #expect(config.source == "c.json")
    #expect(config.options.disabled == ["DF206", "DF301"])
    #expect(config.options.enabled == ["DF401", "DF209"])  // a severity turns the rule on
    #expect(config.options.severity == ["DF401": .error, "DF209": .hint])
    #expect(config.options.settings.trustedRegistries == ["docker.io", "*.example.com"])
    #expect(config.failLevel == .info)
    #expect(config.options.checkOverride == "skip=JSONArgsRecommended;error=true")
    #expect(config.options.honourSuppressionComments == false)
  }

  @Test func emptyObjectIsTheDefaults() {
    let config = json("{}")
    #expect(config.problems.isEmpty)
    #expect(config.options == AnalysisOptions())
    #expect(config.failLevel == nil)
  }

  @Test func reportsProblemsWithPositionsAndKeepsTheRest() {
    let config = json(
      """
      {
        "disabel": ["DF401"],
        "disable": ["DL9999", 3, "DF206"],
        "severity": {"DF401": "fatal", "nope": "error", "DF209": "warning"},
        "failLevel": "style",
        "trustedRegistries": "docker.io",
        "checkOverride": "error=maybe",
        "suppressionComments": "no"
      }
      """)
    #expect(
      problemLines(config) == [
        "2:3: unknown key `disabel`; did you mean `disable`?",
        "3:15: no rule answers to `DL9999`",
        "3:25: `disable` must hold rule ids (strings)",
        "4:25: the severity of `DF401` must be one of error, warning, info, hint, off",
        "4:34: no rule answers to `nope`",
        "5:16: `failLevel` must be one of error, warning, info, hint, none",
        "6:24: `trustedRegistries` must be a list of registry patterns",
        "7:20: BuildKit cannot read the check options `error=maybe`: expected skip=…, error=true|false, experimental=…",
        "8:26: `suppressionComments` must be true or false",
      ])
    #expect(config.options.disabled == ["DF206"])
    #expect(config.options.severity == ["DF209": .warning])
  }

  @Test func invalidJSONIsOneProblemAtItsPosition() {
    let config = json("{\n  \"disable\": [\"DF401\",]\n}")
    #expect(config.problems.count == 1)
    #expect(config.problems.first?.line == 2)
    #expect(config.problems.first?.message.hasPrefix("invalid JSON") == true)
    #expect(config.options == AnalysisOptions())
    #expect(problemLines(json("[1]")) == ["1:1: expected an object ({ ... }) at the top"])
    #expect(problemLines(json("")).count == 1)
  }

  @Test func repeatedKeysAndConflicts() {
    let config = json(
      "{\"disable\": [\"DF206\"], \"enable\": [\"maintainer-deprecated\", \"DF401\"], \"disable\": [\"DL3042\"]}")
    #expect(
      problemLines(config) == [
        "1:70: key `disable` repeats; the last one applies",
        "1:60: `DF401` is also disabled; disabled wins",
      ])
    #expect(config.options.disabled == ["DF401"])
    #expect(config.options.enabled == ["DF206"])
  }

  @Test func byteOrderMarkAndNonASCIIColumns() {
    let config = ProjectConfiguration.parse(json: [0xEF, 0xBB, 0xBF] + Array("{\"é\": 1, \"x\": 2}".utf8), file: nil)
    #expect(problemLines(config) == ["1:2: unknown key `é`", "1:10: unknown key `x`"])
    #expect(config.problems.first?.description == "configuration:1:2: unknown key `é`")
  }

  @Test func optionsWorkInTheAnalysis() {
    let config = json("{\"severity\": {\"DL3042\": \"error\"}, \"disable\": [\"final-stage-root\"]}")
    let findings = analyze(SyntaxTree("FROM python:3.12\nRUN pip install x==1.0\n"), options: config.options)
    #expect(findings.map(\.code) == ["DF401"])
    #expect(findings.first?.severity == .error)
  }

  @Test func failLevels() {
    #expect(FailLevel.warning.fails(on: .error) && FailLevel.warning.fails(on: .warning))
    #expect(!FailLevel.warning.fails(on: .info) && !FailLevel.error.fails(on: .warning))
    #expect(FailLevel.hint.fails(on: .hint) && !FailLevel.none.fails(on: .error))
  }
}

@Suite("Project configuration: discovery")
struct ProjectConfigurationDiscoveryTests {
  @Test func nearestDirectoryWinsAndOursBeatsHadolintsThere() throws {
    let tree = try TemporaryTree()
    try tree.write("repo/.dockerfile-lsp.json", "{\"disable\": [\"DF206\"]}")
    try tree.write("repo/app/.hadolint.yaml", "ignored: [DL3042]\n")
    try tree.write("repo/app/Dockerfile", "FROM a\n")
    try tree.write("repo/app/deep/er/Dockerfile", "FROM a\n")
    try tree.write("repo/other/Dockerfile", "FROM a\n")
    try tree.mkdir("repo/.git")
    #expect(
      ProjectConfiguration.find(forDockerfileAt: tree.path("repo/app/Dockerfile"))
        == tree.path("repo/app/.hadolint.yaml"))
    #expect(
      ProjectConfiguration.find(forDockerfileAt: tree.path("repo/app/deep/er/Dockerfile"))
        == tree.path("repo/app/.hadolint.yaml"))
    #expect(
      ProjectConfiguration.find(forDockerfileAt: tree.path("repo/other/Dockerfile"))
        == tree.path("repo/.dockerfile-lsp.json"))
    let loaded = ProjectConfiguration.load(forDockerfileAt: tree.path("repo/app/Dockerfile"))
    #expect(loaded.source == tree.path("repo/app/.hadolint.yaml"))
    #expect(loaded.options.disabled == ["DF401"])
    try tree.write("repo/app/.dockerfile-lsp.json", "{}")
    #expect(
      ProjectConfiguration.find(forDockerfileAt: tree.path("repo/app/Dockerfile"))
        == tree.path("repo/app/.dockerfile-lsp.json"))
    try tree.write("repo/yml/.hadolint.yml", "ignored: []\n")
    #expect(ProjectConfiguration.find(startingIn: tree.path("repo/yml")) == tree.path("repo/yml/.hadolint.yml"))
  }

  @Test func stopsAfterTheRepositoryRoot() throws {
    let tree = try TemporaryTree()
    try tree.write(".dockerfile-lsp.json", "{\"disable\": [\"DF206\"]}")
    try tree.write("repo/Dockerfile", "FROM a\n")
    try tree.write("repo/.git", "gitdir: /elsewhere\n")
    #expect(ProjectConfiguration.find(forDockerfileAt: tree.path("repo/Dockerfile")) == nil)
    let config = ProjectConfiguration.load(forDockerfileAt: tree.path("repo/Dockerfile"))
    #expect(config == ProjectConfiguration())
    // Without the repository marker the walk goes on up.
    try FileManager.default.removeItem(atPath: tree.path("repo/.git"))
    #expect(
      ProjectConfiguration.find(forDockerfileAt: tree.path("repo/Dockerfile")) == tree.path(".dockerfile-lsp.json"))
    // A directory with the configuration's name is not a configuration.
    try tree.mkdir("repo/.dockerfile-lsp.json")
    #expect(
      ProjectConfiguration.find(forDockerfileAt: tree.path("repo/Dockerfile")) == tree.path(".dockerfile-lsp.json"))
  }

  @Test func relativePathsAreResolvedAgainstTheWorkingDirectory() {
    let cwd = FileManager.default.currentDirectoryPath
    #expect(FileSystem.absolute("./a/./b//Dockerfile") == cwd + "/a/b/Dockerfile")
    #expect(FileSystem.absolute("/x/./y/") == "/x/y")
    #expect(FileSystem.directory(of: "/x/y") == "/x" && FileSystem.directory(of: "/x") == "/")
    #expect(FileSystem.baseName(of: "/x/y.Dockerfile") == "y.Dockerfile")
  }

  @Test func explicitFiles() throws {
    let tree = try TemporaryTree()
    try tree.write("ours.json", "{\"failLevel\": \"none\"}")
    try tree.write("theirs.yaml", "failure-threshold: error\n")
    try tree.write("config", "ignored:\n  - DL3042\n")
    try tree.write("config2", "  {\"disable\": [\"DL3042\"]}")
    #expect(ProjectConfiguration.load(file: tree.path("ours.json")).failLevel == FailLevel.none)
    #expect(ProjectConfiguration.load(file: tree.path("theirs.yaml")).failLevel == .error)
    #expect(ProjectConfiguration.load(file: tree.path("config")).options.disabled == ["DF401"])
    #expect(ProjectConfiguration.load(file: tree.path("config2")).options.disabled == ["DF401"])
    let missing = ProjectConfiguration.load(file: tree.path("missing.json"))
    #expect(missing.source == tree.path("missing.json"))
    #expect(missing.problems.count == 1)
    #expect(missing.problems.first?.line == 0)
    #expect(missing.problems.first?.description.contains("cannot read") == true)
  }
}
