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

  /// Files that change diagnostics are watched when the client registers watchers on request, and a change
  /// reported to the server (here: the requirements file a COPY names appears, then `.dockerignore`) is read
  /// again and published.
  @Test func watchedFilesChangeTheDiagnostics() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let uri = dir.appendingPathComponent("Dockerfile").absoluteString
    let c = InProcessClient()
    c.initialize(["workspace": ["didChangeWatchedFiles": ["dynamicRegistration": true]]])
    let registration = try #require(c.outbox.last { $0["method"] == "client/registerCapability" })
    let watchers = registration["params"]?["registrations"]?[0]?["registerOptions"]?["watchers"]?.arrayValue ?? []
    let globs = watchers.compactMap { $0["globPattern"]?.stringValue }
    #expect(globs.contains("**/.dockerignore") && globs.contains("**/requirements*.txt"))
    #expect(globs.contains("**/.dockerfile-lsp.json") && globs.contains("**/pyproject.toml"))
    c.open(uri, "FROM python:3.12-slim\nCOPY requirements.txt .\nCOPY . .\nUSER nobody\n")
    #expect(codes(c, uri).contains("DF413") && codes(c, uri).contains("DF414"))
    let published = c.published(uri).count
    #expect(
      FileManager.default.createFile(atPath: dir.appendingPathComponent("requirements.txt").path, contents: Data()))
    func changed(_ name: String) {
      c.notify(
        "workspace/didChangeWatchedFiles",
        ["changes": [["uri": .string(dir.appendingPathComponent(name).absoluteString), "type": 1]]])
    }
    changed("requirements.txt")
    #expect(c.published(uri).count == published + 1)
    #expect(!codes(c, uri).contains("DF413") && codes(c, uri).contains("DF414"))
    #expect(FileManager.default.createFile(atPath: dir.appendingPathComponent(".dockerignore").path, contents: Data()))
    changed(".dockerignore")
    #expect(!codes(c, uri).contains("DF414"))
  }

  /// A client that cannot register watchers on request is not asked to.
  @Test func noWatchersWithoutDynamicRegistration() {
    let c = InProcessClient()
    c.initialize(["workspace": ["didChangeWatchedFiles": ["dynamicRegistration": false]]])
    #expect(!c.outbox.contains { $0["method"] == "client/registerCapability" })
  }

  /// A pull client that supports refreshes is asked to pull again when a watched file changes.
  @Test func pullClientsAreAskedToRefresh() {
    let c = InProcessClient()
    c.initialize(["textDocument": ["diagnostic": [:]], "workspace": ["diagnostics": ["refreshSupport": true]]])
    c.open("untitled:a", "FROM alpine:3.20\n")
    c.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": "file:///x/.dockerignore", "type": 2]]])
    #expect(c.outbox.last?["method"] == "workspace/diagnostic/refresh")
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
