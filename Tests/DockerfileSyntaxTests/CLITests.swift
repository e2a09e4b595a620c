// End-to-end tests of the `dump` and `check` commands through the built executable.
import Foundation
import Testing

/// The built `dockerfile-lsp` executable beside the test bundle.
let executableURL: URL = {
  var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  for _ in 0..<3 {
    let candidate = dir.appendingPathComponent("dockerfile-lsp")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    dir = dir.deletingLastPathComponent()
  }
  return packageRoot.appendingPathComponent(".build/debug/dockerfile-lsp")
}()

/// Runs the executable with arguments and optional standard input.
func runTool(_ args: [String], stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
  let p = Process()
  p.executableURL = executableURL
  p.arguments = args
  let out = Pipe()
  let err = Pipe()
  let inp = Pipe()
  p.standardOutput = out
  p.standardError = err
  p.standardInput = inp
  try p.run()
  if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
  try inp.fileHandleForWriting.close()
  let o = out.fileHandleForReading.readDataToEndOfFile()
  let e = err.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

@Suite("Command line", .enabled(if: FileManager.default.isExecutableFile(atPath: executableURL.path)))
struct CLITests {
  @Test func dumpReadsStandardInput() throws {
    let r = try runTool(["dump", "-"], stdin: "FROM x\nRUN [\"a\"]\n")
    #expect(r.status == 0)
    #expect(r.stdout == "(from \"x\")\n(run \"a\")\n")
  }

  @Test func dumpRejectsWhatBuildKitRejects() throws {
    let r = try runTool(["dump", "-"], stdin: "FROM x\nENV PATH\n")
    #expect(r.status == 1)
    #expect(r.stderr.contains("-:2: ENV must have two arguments"))
  }

  @Test func dumpTreeFormat() throws {
    let r = try runTool(["dump", "--format", "tree", "-"], stdin: "FROM x\n")
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("instruction 0..<7\n  keyword 0..<4 \"FROM\" from\n"))
  }

  @Test func missingFileIsAUsageError() throws {
    let r = try runTool(["dump", "/nonexistent/Dockerfile"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("/nonexistent/Dockerfile: No such file or directory"))
  }

  @Test func checkReportsPositions() throws {
    // The example has no requirements.txt beside it (DF413, a context-aware rule).
    let clean = try runTool([
      "check", "--ignore", "missing-build-context-file",
      packageRoot.appendingPathComponent("docs/examples/Dockerfile").path,
    ])
    #expect(clean.status == 0)
    let bad = try runTool(["check", "-"], stdin: "FROM x\nRUN <<EOF\nnever closed\n")
    #expect(bad.status == 1)
    #expect(bad.stdout.contains("-:2:5: error[DF001 syntax-error]: unterminated heredoc"))
  }

  @Test func unknownCommand() throws {
    let r = try runTool(["frobnicate"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("unknown command"))
  }
}
