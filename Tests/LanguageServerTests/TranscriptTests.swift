// Replays every `Protocol/transcripts/*.jsonl` session against the built server over pipes.
import Foundation
import LanguageServerProtocol
import Testing

let transcriptNames: [String] = {
  let dir = repositoryRoot.appendingPathComponent("Protocol/transcripts")
  let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
  return names.filter { $0.hasSuffix(".jsonl") }.sorted()
}()

let logMethods: Set<String> = ["window/logMessage", "$/logTrace"]

@Suite("Protocol transcripts", .enabled(if: FileManager.default.isExecutableFile(atPath: serverExecutable.path)))
struct TranscriptTests {
  @Test func transcriptsExist() { #expect(transcriptNames.count >= 6) }

  @Test(arguments: transcriptNames)
  func replay(_ name: String) throws {
    let url = repositoryRoot.appendingPathComponent("Protocol/transcripts/\(name)")
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
    let server = try ServerProcess()
    var lastRequestID: JSONValue? = nil
    var captures: [String: JSONValue] = [:]
    for (number, line) in lines.enumerated() {
      let step = try parseJSON(Array(line.utf8))
      let where_ = "\(name):\(number + 1)"
      if let message = step["send"] {
        server.send(substituting(captures, in: message))
      } else if let raw = step["sendRaw"]?.stringValue {
        server.writeRaw(Array(raw.utf8))
      } else if let pattern = step["expect"] {
        let wantsLog = pattern["method"]?.stringValue.map { logMethods.contains($0) } ?? false
        let got = server.next(timeout: 10) { m in
          if !wantsLog, let method = m["method"]?.stringValue, logMethods.contains(method) { return false }
          return true
        }
        guard let got else {
          Issue.record("\(where_): no message arrived; stderr:\n\(server.stderrOutput)")
          return
        }
        if wantsLog || got["method"].map({ !logMethods.contains($0.stringValue ?? "") }) ?? true {
          let matched = matches(got, pattern, captures: &captures)
          #expect(matched, "\(where_): got \(prettyJSON(got)) for pattern \(prettyJSON(pattern))")
          if !matched { return }
        }
        lastRequestID = got["method"] != nil ? got["id"] : nil
      } else if let result = step["respond"] {
        guard let id = lastRequestID else {
          Issue.record("\(where_): respond without a server request")
          return
        }
        server.send(["jsonrpc": "2.0", "id": id, "result": result])
      } else if let code = step["exit"]?.intValue {
        let status = server.closeAndWait()
        #expect(
          status == Int32(code), "\(where_): exit status \(String(describing: status)); stderr:\n\(server.stderrOutput)"
        )
      }
    }
  }

  @Test func capabilitiesFileMatchesTheServer() throws {
    let server = try ServerProcess()
    let response = server.initialize()
    let committed = try parseJSON(
      Array(try Data(contentsOf: repositoryRoot.appendingPathComponent("Protocol/capabilities.json"))))
    #expect(response?["result"] == committed, "Protocol/capabilities.json differs from the initialize result")
    _ = server.closeAndWait()
  }
}
