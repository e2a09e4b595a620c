// The server survives anything a client sends: each bad input is followed by a valid request that must get
// a correct answer from the same process.
import Foundation
import LanguageServerProtocol
import Testing

@Suite("Malformed input", .enabled(if: FileManager.default.isExecutableFile(atPath: serverExecutable.path)))
struct MalformedInputTests {
  /// Starts and initializes a server and opens a document.
  func started() throws -> ServerProcess {
    let s = try ServerProcess()
    #expect(s.initialize()?["result"]?["capabilities"] != nil)
    s.notify(
      "textDocument/didOpen",
      [
        "textDocument": [
          "uri": "file:///m/Dockerfile", "languageId": "dockerfile", "version": 1, "text": "FROM x:1\nUSER nobody\n",
        ]
      ])
    #expect(s.notification("textDocument/publishDiagnostics") != nil)
    return s
  }

  /// The server still answers a valid request correctly.
  func stillServes(_ s: ServerProcess, id: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    s.request(id, "textDocument/diagnostic", ["textDocument": ["uri": "file:///m/Dockerfile"]])
    let r = s.response(id, timeout: 30)
    #expect(
      r?["result"]?["kind"] == "full", "no valid answer after bad input; stderr:\n\(s.stderrOutput)",
      sourceLocation: sourceLocation)
  }

  @Test func invalidJSON() throws {
    let s = try started()
    s.writeRaw(encodeFrame(Array("{\"jsonrpc\": \"2.0\", \"id\": 5, ".utf8)))
    #expect(s.next { $0["error"]?["code"] == .int(ErrorCode.parseError) }?["id"] == .null)
    stillServes(s, id: 10)
  }

  @Test func deeplyNestedJSON() throws {
    let s = try started()
    let body =
      "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"x\",\"params\":" + String(repeating: "[", count: 100_000)
      + String(repeating: "]", count: 100_000) + "}"
    s.writeRaw(encodeFrame(Array(body.utf8)))
    #expect(s.next { $0["error"]?["code"] == .int(ErrorCode.parseError) } != nil)
    stillServes(s, id: 10)
  }

  @Test func nonObjectBodies() throws {
    let s = try started()
    for body in ["42", "\"text\"", "null", "[1, 2]", "true"] {
      s.writeRaw(encodeFrame(Array(body.utf8)))
      #expect(s.next { $0["error"]?["code"] == .int(ErrorCode.invalidRequest) } != nil, "\(body)")
    }
    stillServes(s, id: 10)
  }

  @Test func missingAndLyingContentLength() throws {
    let s = try started()
    s.writeRaw(Array("Content-Type: application/json\r\n\r\n{}".utf8))
    stillServes(s, id: 10)
    // Says 5 bytes, sends more: the rest is garbage the reader must skip.
    s.writeRaw(Array("Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"shutdown\"}".utf8))
    stillServes(s, id: 11)
    s.writeRaw(Array("Content-Length: abc\r\n\r\n".utf8))
    stillServes(s, id: 12)
    s.writeRaw(Array("Content-Length: -4\r\n\r\n".utf8))
    stillServes(s, id: 13)
  }

  @Test func sixtyFourMegabyteBody() throws {
    let s = try started()
    let padding = String(repeating: "a", count: 64 << 20)
    s.send(["jsonrpc": "2.0", "method": "custom/bigNotification", "params": ["padding": .string(padding)]])
    stillServes(s, id: 10)
  }

  @Test func invalidUTF8Body() throws {
    let s = try started()
    var body = Array("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"x\",\"params\":{\"s\":\"".utf8)
    body += [0xFF, 0xFE, 0xC0]
    body += Array("\"}}".utf8)
    s.writeRaw(encodeFrame(body))
    #expect(s.next { $0["error"]?["code"] == .int(ErrorCode.parseError) } != nil)
    stillServes(s, id: 10)
  }

  @Test func unknownMethodsAndWrongParamTypes() throws {
    let s = try started()
    s.request(3, "textDocument/nonsense", [:])
    #expect(s.response(3)?["error"]?["code"] == .int(ErrorCode.methodNotFound))
    s.request(4, "textDocument/diagnostic", ["textDocument": ["uri": 17]])
    #expect(s.response(4)?["error"]?["code"] == .int(ErrorCode.invalidParams))
    s.send(["jsonrpc": "2.0", "id": 5, "method": "textDocument/diagnostic", "params": "not an object"])
    #expect(s.response(5)?["error"]?["code"] == .int(ErrorCode.invalidRequest))
    s.notify("textDocument/didChange", ["textDocument": "wrong"])
    s.notify("textDocument/didOpen", ["textDocument": ["uri": 1]])
    stillServes(s, id: 10)
  }

  @Test func positionsOutOfRangeAndUnknownDocuments() throws {
    let s = try started()
    s.request(9, "textDocument/diagnostic", ["textDocument": ["uri": "file:///m/Dockerfile"]])
    let before = try #require(s.response(9)?["result"]?["resultId"]?.stringValue)
    s.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": "file:///m/Dockerfile", "version": 2],
        "contentChanges": [
          ["range": ["start": ["line": -1, "character": 0], "end": ["line": 999, "character": 5]], "text": "x"]
        ],
      ])
    s.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": "file:///m/Dockerfile", "version": 3],
        "contentChanges": [
          ["range": ["start": ["line": 0, "character": 4], "end": ["line": 0, "character": 1]], "text": "x"]
        ],
      ])
    s.notify(
      "textDocument/didChange",
      ["textDocument": ["uri": "file:///nowhere/Dockerfile", "version": 2], "contentChanges": [["text": "RUN x"]]])
    s.request(
      10, "textDocument/diagnostic",
      ["textDocument": ["uri": "file:///m/Dockerfile"], "previousResultId": .string(before)])
    // The text is unchanged (either change would have made an unknown instruction): still version 1's result.
    #expect(s.response(10)?["result"] == ["kind": "unchanged", "resultId": .string(before)])
  }

  @Test func floodOfTenThousandChanges() throws {
    let s = try started()
    var frames: [UInt8] = []
    for v in 2...10_001 {
      let message: JSONValue = [
        "jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": [
          "textDocument": ["uri": "file:///m/Dockerfile", "version": .int(v)],
          "contentChanges": [
            ["range": ["start": ["line": 2, "character": 0], "end": ["line": 2, "character": 0]], "text": "x"]
          ],
        ],
      ]
      frames += encodeFrame(serializeJSON(message))
    }
    s.writeRaw(frames)
    // The last version is published, and no version is published after a newer one.
    var last = 0
    while let n = s.notification("textDocument/publishDiagnostics", timeout: 60) {
      let v = n["params"]?["version"]?.intValue ?? 0
      #expect(v > last, "published version \(v) after \(last)")
      last = v
      if v == 10_001 { break }
    }
    #expect(last == 10_001)
    s.request(20, "textDocument/diagnostic", ["textDocument": ["uri": "file:///m/Dockerfile"]])
    let r = s.response(20, timeout: 30)
    // 10,000 `x` characters on line 3 make one unknown instruction.
    #expect(r?["result"]?["items"]?.arrayValue?.count == 1)
  }

  @Test func cancelledRequestAnswersRequestCancelled() throws {
    let s = try started()
    // Queue a flood so the request waits behind it, then cancel it before the worker reaches it.
    var frames: [UInt8] = []
    for v in 2...3_000 {
      frames += encodeFrame(
        serializeJSON([
          "jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": [
            "textDocument": ["uri": "file:///m/Dockerfile", "version": .int(v)],
            "contentChanges": [["text": .string("FROM x\nRUN echo \(v)\n")]],
          ],
        ]))
    }
    frames += encodeFrame(
      serializeJSON([
        "jsonrpc": "2.0", "id": 42, "method": "workspace/diagnostic", "params": ["previousResultIds": []],
      ]))
    frames += encodeFrame(serializeJSON(["jsonrpc": "2.0", "method": "$/cancelRequest", "params": ["id": 42]]))
    s.writeRaw(frames)
    let r = s.response(42, timeout: 60)
    #expect(r?["error"]?["code"] == .int(ErrorCode.requestCancelled))
    stillServes(s, id: 43)
  }
}
