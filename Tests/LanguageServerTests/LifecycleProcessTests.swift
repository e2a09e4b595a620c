// Process-level lifecycle: end of input, a vanished client, termination signals, and the `--stdio` flag.
import Foundation
import LanguageServerProtocol
import Testing

@Suite("Process lifecycle", .enabled(if: FileManager.default.isExecutableFile(atPath: serverExecutable.path)))
struct LifecycleProcessTests {
  @Test func endOfInputAfterShutdownExitsZero() throws {
    let s = try ServerProcess(arguments: ["serve", "--stdio"])
    #expect(s.initialize() != nil)
    s.request(2, "shutdown", .null)
    #expect(s.response(2)?["result"] == .null)
    #expect(s.closeAndWait() == 0)
  }

  @Test func endOfInputWithoutShutdownExitsOne() throws {
    let s = try ServerProcess()
    #expect(s.initialize() != nil)
    #expect(s.closeAndWait() == 1)
  }

  @Test func exitsWhenTheClientProcessIsGone() throws {
    let client = Process()
    client.executableURL = URL(fileURLWithPath: "/bin/sleep")
    client.arguments = ["0.2"]
    try client.run()
    let pid = client.processIdentifier
    client.waitUntilExit()
    let s = try ServerProcess()
    s.request(1, "initialize", ["processId": .int(Int(pid)), "rootUri": .null, "capabilities": [:]])
    #expect(s.response(1) != nil)
    #expect(s.waitForExit(timeout: 10) == 1, "the server must exit once its client process is gone")
  }

  @Test func terminationSignalStopsTheServer() throws {
    let s = try ServerProcess()
    #expect(s.initialize() != nil)
    s.process.terminate()
    #expect(s.waitForExit(timeout: 5) != nil)
  }

  @Test func strayOutputCannotCorruptFrames() throws {
    // Everything on stdout must be a well-formed frame: the decoder sees no errors across a session.
    let s = try ServerProcess()
    #expect(s.initialize() != nil)
    s.notify(
      "textDocument/didOpen",
      ["textDocument": ["uri": "file:///x/Dockerfile", "languageId": "dockerfile", "version": 1, "text": "RUNN\n"]])
    #expect(s.notification("textDocument/publishDiagnostics") != nil)
    s.request(2, "shutdown", .null)
    #expect(s.response(2) != nil)
    #expect(s.framingErrors == 0)
    _ = s.closeAndWait()
  }
}
