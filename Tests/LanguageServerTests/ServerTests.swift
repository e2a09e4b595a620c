// The server core driven in process: encoding negotiation, document sync, settings, pull diagnostics.
import DockerfileSyntax
import LanguageServerProtocol
import Testing

@testable import LanguageServer

/// A server wired to an in-memory outbox.
final class InProcessClient {
  var outbox: [JSONValue] = []
  var queued: Set<String> = []
  lazy var server = Server(
    send: { [unowned self] body in self.outbox.append(try! parseJSON(body)) },
    hasQueuedChange: { [unowned self] uri in self.queued.contains(uri) })

  func request(_ id: Int, _ method: String, _ params: JSONValue) -> JSONValue? {
    server.handle(.request(id: .int(id), method: method, params: params))
    return outbox.last { $0["id"] == .int(id) && $0["method"] == nil }
  }

  func notify(_ method: String, _ params: JSONValue) { server.handle(.notification(method: method, params: params)) }

  func published(_ uri: String) -> [JSONValue] {
    outbox.filter { $0["method"] == "textDocument/publishDiagnostics" && $0["params"]?["uri"] == .string(uri) }
  }

  func initialize(_ capabilities: JSONValue = [:], options: JSONValue? = nil) {
    var params: [String: JSONValue] = ["processId": .null, "rootUri": .null, "capabilities": capabilities]
    if let options { params["initializationOptions"] = options }
    _ = request(1, "initialize", .object(params))
    notify("initialized", [:])
  }

  func open(_ uri: String, _ text: String, languageId: String = "dockerfile") {
    notify(
      "textDocument/didOpen",
      ["textDocument": ["uri": .string(uri), "languageId": .string(languageId), "version": 1, "text": .string(text)]])
  }
}

@Suite("Server core")
struct ServerTests {
  /// With `defersPublishOnOpen` (as the stdio transport runs it), a didOpen publishes nothing until
  /// `publishDeferred()`, which publishes what an immediate publish would have, and skips documents closed in
  /// between.
  @Test func deferredPublishOnOpenPublishesTheSameLater() {
    let text = "FROM python:latest\nRUN apt-get install gcc\nRUNN x\n"
    let immediate = InProcessClient()
    immediate.initialize()
    immediate.open("file:///d/Dockerfile", text)
    let deferred = InProcessClient()
    deferred.initialize()
    deferred.server.defersPublishOnOpen = true
    deferred.open("file:///d/Dockerfile", text)
    deferred.open("file:///e/Dockerfile", text)
    #expect(deferred.published("file:///d/Dockerfile").isEmpty)
    deferred.notify("textDocument/didClose", ["textDocument": ["uri": "file:///e/Dockerfile"]])
    let beforeClose = deferred.published("file:///e/Dockerfile").count
    deferred.server.publishDeferred()
    #expect(deferred.published("file:///d/Dockerfile") == immediate.published("file:///d/Dockerfile"))
    #expect(deferred.published("file:///d/Dockerfile").count == 1)
    #expect(deferred.published("file:///e/Dockerfile").count == beforeClose, "a closed document is not published")
    deferred.server.publishDeferred()
    #expect(deferred.published("file:///d/Dockerfile").count == 1, "published once")
  }

  @Test func negotiatesUTF8WhenOffered() {
    let c = InProcessClient()
    let r = c.request(1, "initialize", ["capabilities": ["general": ["positionEncodings": ["utf-16", "utf-8"]]]])
    #expect(r?["result"]?["capabilities"]?["positionEncoding"] == "utf-8")
    #expect(c.server.encoding == .utf8)
  }

  @Test func defaultsToUTF16() {
    let c = InProcessClient()
    let r = c.request(1, "initialize", ["capabilities": [:]])
    #expect(r?["result"]?["capabilities"]?["positionEncoding"] == "utf-16")
    #expect(r?["result"]?["serverInfo"]?["name"] == "dockerfile-lsp")
  }

  @Test func diagnosticRangesUseTheNegotiatedEncoding() {
    // A diagnostic after an astral character on the same line.
    for (encoding, character) in [("utf-8", 12), ("utf-16", 9), ("utf-32", 8)] {
      let c = InProcessClient()
      c.initialize(["general": ["positionEncodings": .array([.string(encoding)])]])
      c.open("file:///e/Dockerfile", "FROM x:1\nUSER app\nRUN <<😀é\n")
      let d = c.published("file:///e/Dockerfile").last?["params"]?["diagnostics"]?[0]
      #expect(d?["range"]?["end"]?["character"] == .int(character), "\(encoding)")
    }
  }

  @Test func ignoresFilesThatAreNotDockerfiles() {
    let c = InProcessClient()
    c.initialize()
    c.open("file:///p/readme.md", "RUNN", languageId: "markdown")
    #expect(c.published("file:///p/readme.md").isEmpty)
    c.open("file:///p/Containerfile.dev", "RUNN\n", languageId: "plaintext")
    #expect(c.published("file:///p/Containerfile.dev").count == 1)
    for name in ["Dockerfile", "Dockerfile.prod", "api.Dockerfile", "x.dockerfile", "Containerfile"] {
      #expect(isDockerfileName("file:///a/\(name)"), "\(name)")
    }
    #expect(!isDockerfileName("file:///a/Dockerfile-notes.txt"))
  }

  @Test func staleVersionsAreNotPublishedWhileChangesAreQueued() {
    let c = InProcessClient()
    c.initialize()
    c.open("file:///q/Dockerfile", "FROM x\n")
    c.queued = ["file:///q/Dockerfile"]
    c.notify(
      "textDocument/didChange",
      ["textDocument": ["uri": "file:///q/Dockerfile", "version": 2], "contentChanges": [["text": "FROM y\n"]]])
    #expect(c.published("file:///q/Dockerfile").count == 1)
    c.queued = []
    c.notify(
      "textDocument/didChange",
      ["textDocument": ["uri": "file:///q/Dockerfile", "version": 3], "contentChanges": [["text": "RUNN\n"]]])
    #expect(c.published("file:///q/Dockerfile").last?["params"]?["version"] == 3)
  }

  @Test func settingsFromInitializationOptionsAndDidChangeConfiguration() {
    let c = InProcessClient()
    c.initialize([:], options: ["dockerfile-lsp": ["diagnostics": ["includeWarnings": false]]])
    c.open("file:///s/Dockerfile", "FROM x:1\nUSER app\nRUN a \\\n\n b\n")
    #expect(c.published("file:///s/Dockerfile").last?["params"]?["diagnostics"]?.arrayValue?.isEmpty == true)
    c.notify(
      "workspace/didChangeConfiguration", ["settings": ["dockerfile-lsp": ["diagnostics": ["includeWarnings": true]]]])
    let d = c.published("file:///s/Dockerfile").last?["params"]?["diagnostics"]?[0]
    #expect(d?["severity"] == 2)
    #expect(d?["code"] == "DF003")
    c.notify("workspace/didChangeConfiguration", ["settings": ["dockerfile-lsp": ["diagnostics": ["enable": false]]]])
    #expect(c.published("file:///s/Dockerfile").last?["params"]?["diagnostics"]?.arrayValue?.isEmpty == true)
  }

  @Test func configurationPullWhenSupported() {
    let c = InProcessClient()
    c.initialize(["workspace": ["configuration": true]])
    let request = c.outbox.last { $0["method"] == "workspace/configuration" }
    #expect(request?["params"]?["items"]?[0]?["section"] == "dockerfile-lsp")
    let id = request?["id"]
    c.open("file:///c/Dockerfile", "RUNN\n")
    #expect(c.published("file:///c/Dockerfile").last?["params"]?["diagnostics"]?.arrayValue?.count == 1)
    c.server.handle(
      .response(id: id.flatMap { $0.intValue }.map { .int($0) }, result: .success([["diagnostics": ["enable": false]]]))
    )
    #expect(c.server.settings.diagnosticsEnabled == false)
    #expect(c.published("file:///c/Dockerfile").last?["params"]?["diagnostics"]?.arrayValue?.isEmpty == true)
  }

  @Test func pullClientsAreNotPushedTo() throws {
    let c = InProcessClient()
    c.initialize(["textDocument": ["diagnostic": ["dynamicRegistration": false]]])
    c.open("file:///p/Dockerfile", "RUNN\n")
    #expect(c.published("file:///p/Dockerfile").isEmpty)
    let r = c.request(2, "textDocument/diagnostic", ["textDocument": ["uri": "file:///p/Dockerfile"]])
    #expect(r?["result"]?["kind"] == "full")
    #expect(r?["result"]?["items"]?.arrayValue?.count == 1)
    let first = r?["result"]?["resultId"] ?? .null
    let w = c.request(
      3, "workspace/diagnostic", ["previousResultIds": [["uri": "file:///p/Dockerfile", "value": first]]])
    #expect(w?["result"]?["items"]?[0]?["kind"] == "unchanged")
    #expect(w?["result"]?["items"]?[0]?["version"] == 1)
    // The result id names the diagnostics, not the version: an edit that leaves them as they were (a new line
    // below) is answered `unchanged`, one that changes them (the unknown instruction's name) in full.
    func edit(_ version: Int, line: Int, character: Int, _ text: String) {
      let position: JSONValue = ["line": .int(line), "character": .int(character)]
      c.notify(
        "textDocument/didChange",
        [
          "textDocument": ["uri": "file:///p/Dockerfile", "version": .int(version)],
          "contentChanges": [["range": ["start": position, "end": position], "text": .string(text)]],
        ])
    }
    func pull(_ id: Int, previous: JSONValue) -> JSONValue? {
      c.request(
        id, "textDocument/diagnostic", ["textDocument": ["uri": "file:///p/Dockerfile"], "previousResultId": previous])
    }
    // Asked again with nothing changed: answered from the last report's id, without analysing (an analysis
    // would count a generation); after a save the build context is read again, and the report worked out.
    let cache = try #require(c.server.documents["file:///p/Dockerfile"]?.analysisCache)
    let generation = cache.findingsGeneration
    #expect(pull(31, previous: first)?["result"] == ["kind": "unchanged", "resultId": first])
    #expect(cache.findingsGeneration == generation)
    c.notify("textDocument/didSave", ["textDocument": ["uri": "file:///p/Dockerfile"]])
    #expect(pull(32, previous: first)?["result"] == ["kind": "unchanged", "resultId": first])
    #expect(cache.findingsGeneration == generation + 1)
    edit(2, line: 1, character: 0, "\n")
    #expect(pull(4, previous: first)?["result"] == ["kind": "unchanged", "resultId": first])
    edit(3, line: 0, character: 4, "N")
    let changed = pull(5, previous: first)?["result"]
    #expect(changed?["kind"] == "full" && changed?["resultId"] != first)
    #expect(changed?["items"]?[0]?["message"]?.stringValue?.contains("RUNNN") == true)
  }

  @Test func fullAndIncrementalChangesKeepTheTreeInSync() throws {
    let c = InProcessClient()
    c.initialize()
    c.open("file:///i/Dockerfile", "FROM x\nRUN a\n")
    c.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": "file:///i/Dockerfile", "version": 2],
        "contentChanges": [
          ["range": ["start": ["line": 1, "character": 5], "end": ["line": 1, "character": 5]], "text": " \\\n  b"],
          ["range": ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 4]], "text": "from"],
        ],
      ])
    let doc = try #require(c.server.documents["file:///i/Dockerfile"])
    #expect(String(decoding: doc.text, as: UTF8.self) == "from x\nRUN a \\\n  b\n")
    #expect(doc.version == 2)
    #expect(doc.tree.instructions.count == 2)
  }

  @Test func exitCodes() {
    let a = InProcessClient()
    a.initialize()
    _ = a.request(2, "shutdown", .null)
    a.notify("exit", .null)
    #expect(a.server.exitCode == 0)
    let b = InProcessClient()
    b.initialize()
    b.notify("exit", .null)
    #expect(b.server.exitCode == 1)
  }
}

@Suite("Document changes")
struct DocumentChangeTests {
  func change(_ sl: Int, _ sc: Int, _ el: Int, _ ec: Int, _ text: String) -> TextDocumentContentChangeEvent {
    TextDocumentContentChangeEvent(
      range: LanguageServerProtocol.Range(
        start: Position(line: sl, character: sc), end: Position(line: el, character: ec)),
      rangeLength: nil, text: text)
  }

  @Test func aRefusedChangeLeavesTheWholeBatchUnapplied() {
    var doc = Document(
      uri: "file:///d/Dockerfile", languageId: "dockerfile", version: 1, text: Array("FROM a\nRUN b\n".utf8))
    let before = doc.tree.treeDescription()
    #expect(throws: ChangeError.self) {
      try doc.apply(
        [
          change(0, 5, 0, 6, "x"), TextDocumentContentChangeEvent(range: nil, rangeLength: nil, text: "RUNN\n"),
          change(1, 0, 1, 1, "y"), change(7, 0, 7, 0, "z"),
        ], encoding: .utf16)
    }
    #expect(String(decoding: doc.text, as: UTF8.self) == "FROM a\nRUN b\n")
    #expect(doc.tree.treeDescription() == before)
    #expect(doc.lineIndex.lineStarts == [0, 7, 13])
  }

  @Test func editsKeepTreeAndLineIndexInStep() throws {
    var doc = Document(
      uri: "file:///d/Dockerfile", languageId: "dockerfile", version: 1, text: Array("FROM a\r\nRUN b\n".utf8))
    try doc.apply([change(1, 5, 1, 5, " \\\r\n c"), change(0, 6, 0, 6, "\r")], encoding: .utf16)
    #expect(String(decoding: doc.text, as: UTF8.self) == "FROM a\r\r\nRUN b \\\r\n c\n")
    #expect(doc.lineIndex.lineStarts == LineIndex(doc.text).lineStarts)
    #expect(doc.tree.treeDescription() == DockerfileSyntax.SyntaxTree(doc.text).treeDescription())
  }
}
