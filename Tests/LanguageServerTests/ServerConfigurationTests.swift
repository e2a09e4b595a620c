// The server applies a document's project configuration file, the client's `rules` settings on top of it,
// and the build context beside the file.
import Foundation
import LanguageServerProtocol
import Testing

@testable import LanguageServer

@Suite("Server configuration")
struct ServerConfigurationTests {
  /// A fresh directory under the temporary directory.
  func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dfl-server-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  func codes(_ c: InProcessClient, _ uri: String) -> [String] {
    c.published(uri).last?["params"]?["diagnostics"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
  }

  @Test func projectFileThenSettings() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try #"{"disable": ["MaintainerDeprecated"]}"#.write(
      to: dir.appendingPathComponent(".dockerfile-lsp.json"), atomically: true, encoding: .utf8)
    let uri = dir.appendingPathComponent("Dockerfile").absoluteString
    let text = "FROM alpine:3.20\nMAINTAINER me\nCOPY . /app\nUSER nobody\n"
    let c = InProcessClient()
    c.initialize()
    c.open(uri, text)
    // MAINTAINER is disabled by the project file; no .dockerignore beside the file: DF414 (context-aware).
    #expect(!codes(c, uri).contains("DF206"))
    #expect(codes(c, uri).contains("DF414"))
    // Settings override the project file.
    c.notify(
      "workspace/didChangeConfiguration",
      ["settings": ["dockerfile-lsp": ["rules": ["enable": ["DF206"], "disable": ["no-dockerignore"]]]]])
    #expect(codes(c, uri).contains("DF206"))
    #expect(!codes(c, uri).contains("DF414"))
  }

  @Test func untitledDocumentsUseDefaults() {
    let c = InProcessClient()
    c.initialize()
    c.open("untitled:Untitled-1", "FROM alpine:3.20\nMAINTAINER me\nUSER nobody\n")
    #expect(codes(c, "untitled:Untitled-1") == ["DF206"])
  }

  @Test func fileURIs() {
    #expect(filePath(fromURI: "file:///a/b%20c/Dockerfile") == "/a/b c/Dockerfile")
    #expect(filePath(fromURI: "file://localhost/x") == "/x")
    #expect(filePath(fromURI: "file://server/x") == nil)
    #expect(filePath(fromURI: "untitled:1") == nil)
    #expect(filePath(fromURI: "file:///a%2") == nil)
    #expect(filePath(fromURI: "file:///a%00b") == nil)
  }
}
