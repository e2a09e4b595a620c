// End-to-end tests of `dockerfile-lsp check`, `explain`, `rules --format json` and `--version` through the built
// executable (`$DOCKERFILE_LSP_BINARY`, else the debug build): exit codes, standard input, discovery, configuration,
// selection, several outputs, bad inputs and a very large file. Output is matched on the compiler-style first line
// of each finding (`path:line:col: severity[CODE name]`), which every text format keeps.
import Foundation
import LanguageServerProtocol
import Testing

/// The result of one run of the executable.
struct ToolRun {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs the executable with `arguments` in `directory`, feeding `stdin`; `environment` adds variables.
func runExecutable(
  _ arguments: [String], in directory: URL? = nil, stdin: [UInt8] = [], environment: [String: String] = [:]
) throws -> ToolRun {
  let process = Process()
  process.executableURL = serverExecutable
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = directory }
  var variables = ProcessInfo.processInfo.environment
  variables.removeValue(forKey: "NO_COLOR")
  for (key, value) in environment { variables[key] = value }
  process.environment = variables
  let input = Pipe()
  let output = Pipe()
  let errors = Pipe()
  process.standardInput = input
  process.standardOutput = output
  process.standardError = errors
  try process.run()
  // Read both pipes while the process runs, so that a large output cannot fill a pipe and block it.
  let collected = Locked<(Data, Data)>((Data(), Data()))
  let group = DispatchGroup()
  for (index, pipe) in [output, errors].enumerated() {
    group.enter()
    DispatchQueue.global().async {
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      collected.update { if index == 0 { $0.0 = data } else { $0.1 = data } }
      group.leave()
    }
  }
  try? input.fileHandleForWriting.write(contentsOf: stdin)
  try? input.fileHandleForWriting.close()
  group.wait()
  process.waitUntilExit()
  let (stdout, stderr) = collected.value
  return ToolRun(
    status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
    stderr: String(decoding: stderr, as: UTF8.self))
}

/// Whether the executable under test is a release build (its `--version` says so).
let executableIsRelease: Bool = {
  (try? runExecutable(["--version"]).stdout.contains("release build")) ?? false
}()

@Suite(
  "check command line, end to end", .enabled(if: FileManager.default.isExecutableFile(atPath: serverExecutable.path)))
struct CheckCLITests {
  @Test func exitCodes() throws {
    let tree = try repositoryTree()
    try tree.write("clean/Dockerfile", cleanDockerfile)
    try tree.write("dirty/Dockerfile", maintainerDockerfile)
    #expect(try runExecutable(["check", "clean"], in: tree.root).status == 0)
    let dirty = try runExecutable(["check", "--no-show-source", "dirty"], in: tree.root)
    #expect(dirty.status == 1)
    #expect(dirty.stdout.contains("dirty/Dockerfile:3:1: warning[DF206 maintainer-deprecated]: "))
    #expect(try runExecutable(["check", "--fail-level", "error", "dirty"], in: tree.root).status == 0)
    let usage = try runExecutable(["check", "--fail-level", "fatal"], in: tree.root)
    #expect(usage.status == 2)
    #expect(usage.stderr.hasPrefix("dockerfile-lsp check: --fail-level must be one of"))
    let missing = try runExecutable(["check", "clean", "nowhere/Dockerfile"], in: tree.root)
    #expect(missing.status == 2)
    #expect(missing.stderr == "dockerfile-lsp: error: nowhere/Dockerfile: No such file or directory\n")
  }

  @Test func noPathChecksTheWorkingDirectory() throws {
    let tree = try repositoryTree()
    try tree.write("a/Dockerfile", maintainerDockerfile)
    try tree.write("b/api.dockerfile", maintainerDockerfile)
    try tree.write("node_modules/x/Dockerfile", maintainerDockerfile)
    try tree.write(".gitignore", "generated/\n*.local.Dockerfile\n")
    try tree.write("generated/Dockerfile", maintainerDockerfile)
    try tree.write("b/.gitignore", "!keep.local.Dockerfile\n")
    try tree.write("b/keep.local.Dockerfile", maintainerDockerfile)
    try tree.write("b/drop.local.Dockerfile", maintainerDockerfile)
    let run = try runExecutable(["check", "--no-show-source", "--quiet"], in: tree.root)
    #expect(run.status == 1)
    let files = run.stdout.split(separator: "\n").map { String($0.prefix { $0 != ":" }) }
    #expect(files == ["a/Dockerfile", "b/api.dockerfile", "b/keep.local.Dockerfile"])
    #expect(run.stderr.isEmpty)  // No progress line on a pipe.
  }

  @Test func standardInput() throws {
    let tree = try repositoryTree()
    try tree.write("svc/.hadolint.yaml", "override:\n  error: [DL4000]\n")
    let named = try runExecutable(
      ["check", "--no-show-source", "-", "--stdin-filename", "svc/Dockerfile"], in: tree.root,
      stdin: Array(maintainerDockerfile.utf8))
    #expect(named.status == 1)
    #expect(named.stdout.contains("svc/Dockerfile:3:1: error[DF206 maintainer-deprecated]"))
    let anonymous = try runExecutable(
      ["check", "--no-show-source", "-"], in: tree.root, stdin: Array(maintainerDockerfile.utf8))
    #expect(anonymous.stdout.contains("-:3:1: warning[DF206 maintainer-deprecated]"))
  }

  @Test func configurationDiscoveryAndOverrides() throws {
    let tree = try repositoryTree()
    try tree.write(".hadolint.yaml", "ignored: [DL4000]\n")
    try tree.write("a/b/Dockerfile", maintainerDockerfile)
    try tree.write("c/.dockerfile-lsp.json", #"{"severity": {"DF206": "info"}, "failLevel": "info", "unknown": 1}"#)
    try tree.write("c/Dockerfile", maintainerDockerfile)
    try tree.write("strict.json", #"{"severity": {"DF206": "error"}}"#)
    let discovered = try runExecutable(["check", "--no-show-source"], in: tree.root)
    #expect(discovered.status == 1)  // c/ fails at info.
    #expect(!discovered.stdout.contains("a/b/Dockerfile"))
    #expect(discovered.stdout.contains("c/Dockerfile:3:1: info[DF206 maintainer-deprecated]"))
    #expect(
      discovered.stderr.contains("dockerfile-lsp: warning: \(tree.path("c/.dockerfile-lsp.json")):1:54: unknown key"))
    let explicit = try runExecutable(["check", "--no-show-source", "--config", "strict.json"], in: tree.root)
    #expect(explicit.stdout.contains("a/b/Dockerfile:3:1: error[DF206"))
    #expect(explicit.stdout.contains("c/Dockerfile:3:1: error[DF206"))
    let none = try runExecutable(["check", "--no-show-source", "--no-config", "--fail-level", "error"], in: tree.root)
    #expect(none.status == 0)
    #expect(none.stdout.contains("a/b/Dockerfile:3:1: warning[DF206"))
  }

  @Test func selectionAndSeverity() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", untaggedDockerfile)
    func codes(_ options: [String]) throws -> [String] {
      let run = try runExecutable(["check", "--no-show-source", "--quiet"] + options + ["Dockerfile"], in: tree.root)
      return run.stdout.split(separator: "\n").map { line in
        String(line.split(separator: "[")[1].prefix { $0 != "]" })
      }
    }
    #expect(try codes([]) == ["DF301 final-stage-root", "DF503 untagged-image"])
    #expect(try codes(["--select", "DL3006"]) == ["DF503 untagged-image"])
    #expect(try codes(["--ignore", "final-stage-root"]) == ["DF503 untagged-image"])
    #expect(try codes(["--select", "DL3057"]) == ["DF518 missing-healthcheck"])
    let severity = try runExecutable(
      ["check", "--no-show-source", "--severity", "DF503=error", "--severity", "DF301=off", "Dockerfile"], in: tree.root
    )
    #expect(severity.stdout.contains("Dockerfile:1:6: error[DF503 untagged-image]"))
    #expect(!severity.stdout.contains("DF301"))
    let unknown = try runExecutable(["check", "--ignore", "untaged-image"], in: tree.root)
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("no rule answers to `untaged-image`; did you mean `untagged-image`?"))
  }

  @Test func severalOutputsInOneRun() throws {
    let tree = try repositoryTree()
    try tree.write("Dockerfile", maintainerDockerfile)
    let run = try runExecutable(
      ["check", "--format", "text", "--format", "json", "--output", "report.json", "--output-format", "sarif=r.sarif"],
      in: tree.root)
    #expect(run.status == 1)
    #expect(run.stdout.contains("Dockerfile:3:1: warning[DF206 maintainer-deprecated]"))
    #expect(!(try tree.read("report.json")).isEmpty)
    #expect(!(try tree.read("r.sarif")).isEmpty)
    #expect(!run.stdout.contains("\u{1B}["))  // No colour on a pipe.
  }

  @Test func badInputs() throws {
    let tree = try repositoryTree()
    try tree.writeBytes("binary/Dockerfile", [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0])
    try tree.writeBytes(
      "latin1/Dockerfile", Array("FROM alpine:3.19\nUSER 1000\nLABEL a=\"caf".utf8) + [0xE9, 0x22, 0x0A])
    try tree.mkdir("empty")
    try tree.mkdir("dangling")
    try tree.link("dangling/Dockerfile", to: "/nonexistent/file")

    let binary = try runExecutable(["check", "binary/Dockerfile"], in: tree.root)
    #expect(binary.status == 2)
    #expect(binary.stderr.contains("binary/Dockerfile: looks like a binary file (a NUL byte at offset 4); skipped"))
    let found = try runExecutable(["check", "binary", "latin1"], in: tree.root)
    #expect(found.status == 0)  // A binary file found by searching is skipped with a note.
    #expect(found.stderr.contains("note: binary/Dockerfile: looks like a binary file"))
    #expect(found.stderr.contains("warning: latin1/Dockerfile:3:13: not valid UTF-8"))

    let empty = try runExecutable(["check", "empty"], in: tree.root)
    #expect(empty.status == 2)
    #expect(empty.stderr == "dockerfile-lsp: error: no Dockerfiles found under empty\n")
    let dangling = try runExecutable(["check", "dangling/Dockerfile"], in: tree.root)
    #expect(dangling.status == 2)
    #expect(dangling.stderr.contains("dangling/Dockerfile: cannot read: No such file or directory"))
    let directoryAsConfig = try runExecutable(["check", "--config", "empty", "latin1"], in: tree.root)
    #expect(directoryAsConfig.status == 2)
    #expect(directoryAsConfig.stderr.contains("--config empty: is a directory"))
  }

  /// A very large Dockerfile: 50 MB against a release build; 1 MB against a debug build, which analyses about
  /// 25 times slower (about 4 s per MB on the development machine; a release build takes about 13 s for 50 MB).
  @Test func aVeryLargeFile() throws {
    let tree = try repositoryTree()
    let size = executableIsRelease ? 50 << 20 : 1 << 20
    var text = "# syntax=docker/dockerfile:1\nFROM debian:12.5-slim AS base\nWORKDIR /app\n"
    var block = ""
    for i in 0..<1000 {
      block += "# step \(i): configure the service\nENV SERVICE_\(i)_HOME=/opt/service\(i)\n"
      block += "LABEL org.example.step\(i)=\"configured step \(i)\"\n"
      block +=
        "RUN set -eux; \\\n    mkdir -p /opt/service\(i); \\\n    echo \"service \(i)\" > /opt/service\(i)/name\n"
    }
    text.reserveCapacity(size + block.utf8.count)
    while text.utf8.count < size { text += block }
    text += "USER 65534\nCMD [\"/app/run\"]\nMAINTAINER me\n"
    try tree.write("Dockerfile", text)
    let lines = text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    let run = try runExecutable(["check", "--no-show-source", "Dockerfile"], in: tree.root)
    #expect(run.status == 1)
    #expect(run.stdout.contains("Dockerfile:\(lines):1: warning[DF206 maintainer-deprecated]"))
  }

  @Test func explainRulesAndVersion() throws {
    let explain = try runExecutable(["explain", "DL3008"])
    #expect(explain.status == 0)
    #expect(explain.stdout.hasPrefix("DF601 apt-get-pin-versions\n"))
    let unknown = try runExecutable(["explain", "untaged-image"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("did you mean `untagged-image`?"))
    #expect(try runExecutable(["explain"]).status == 2)

    let rules = try runExecutable(["rules", "--format", "json"])
    #expect(rules.status == 0)
    let catalog = try parseJSON(rules.stdout)
    #expect((catalog.arrayValue?.count ?? 0) > 50)
    #expect(catalog[0]?["code"]?.stringValue == "DF001")

    let version = try runExecutable(["--version"])
    #expect(version.status == 0)
    let lines = version.stdout.split(separator: "\n")
    #expect(lines.first?.hasPrefix("dockerfile-lsp ") == true)
    #expect(lines.count == 2 && lines[1].hasPrefix("built with Swift 6.") && lines[1].hasSuffix(" build"))

    let help = try runExecutable(["check", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.hasPrefix("usage: dockerfile-lsp check [OPTIONS] [PATH...]"))
    let reserved = try runExecutable(["check", "--fix"])
    #expect(reserved.status == 2)
    #expect(reserved.stderr.contains("--fix is not available yet"))
  }
}
