// The server publishes after each keystroke by reusing what it published before (ranges moved, bytes copied);
// these tests hold every such body to a fresh encoding of freshly computed diagnostics.
import DockerfileAnalysis
import DockerfileSyntax
import LanguageServerProtocol
import Testing

@testable import LanguageServer

@Suite("Published diagnostics")
struct PublishedDiagnosticsTests {
  /// Lines that most default rules find something in, with CRLF, non-ASCII text and continuations.
  static let lines = [
    "FROM python:latest\n", "RUN apt-get install gcc\n", "RUN cd /app && pip install flask\n",
    "MAINTAINER é😀 <x@y>\n", "COPY . .\n", "ENV A=1 B=ünï\n", "# comment with 😀\r\n",
    "RUN pip install -r requirements.txt\r\n", "RUNN x\n", "WORKDIR app\n", "EXPOSE 80/TCP\n", "USER root\n", "\n",
    "RUN echo \"é\" \\\n  && apt-get update\n", "FROM alpine AS b\n", "RUN curl -o x http://e/😀 && wget http://e\n",
  ]
  /// What random edits insert.
  static let insertions = [
    "x", "", "", "\n", "\r\n", "\r", "é", "😀", "RUN apt-get install y\n", "FROM alpine\n", "\\\n", "# c\n", " ",
  ]

  /// Initializes `server` as a client that says nothing of its capabilities would.
  static func initialize(_ server: Server) {
    server.handle(.request(id: .int(1), method: "initialize", params: ["capabilities": [:]]))
    server.handle(.notification(method: "initialized", params: [:]))
  }

  /// A didOpen of `text` as `version`.
  static func didOpen(_ uri: String, _ text: String, version: Int = 1) -> IncomingMessage {
    .notification(
      method: "textDocument/didOpen",
      params: [
        "textDocument": [
          "uri": .string(uri), "languageId": "dockerfile", "version": .int(version), "text": .string(text),
        ]
      ])
  }

  /// A didChange to `version` that inserts `text` at `line`:`character`.
  static func insertion(_ uri: String, version: Int, line: Int, character: Int, _ text: String) -> IncomingMessage {
    let position: JSONValue = ["line": .int(line), "character": .int(character)]
    return .notification(
      method: "textDocument/didChange",
      params: [
        "textDocument": ["uri": .string(uri), "version": .int(version)],
        "contentChanges": [["range": ["start": position, "end": position], "text": .string(text)]],
      ])
  }

  /// The body a server with no memory of earlier bodies would publish: the findings of a fresh analysis,
  /// positions from a fresh line index, encoded whole.
  static func freshBody(
    uri: String, version: Int, text: [UInt8], encoding: PositionEncoding, includeWarnings: Bool
  ) -> [UInt8] {
    let index = LineIndex(text)
    func position(_ offset: Int) -> Position {
      let p = index.position(of: offset, in: text, encoding: encoding)
      return Position(line: p.line, character: p.character)
    }
    let diagnostics = analyze(SyntaxTree(text)).filter { includeWarnings || $0.severity == .error }.map {
      Server.diagnostic(
        $0,
        range: LanguageServerProtocol.Range(start: position($0.range.lowerBound), end: position($0.range.upperBound)))
    }
    return PublishDiagnosticsNotification(uri: uri, version: version, diagnostics: diagnostics).encodedBody
  }

  /// Property: after random edit batches (several changes each, line breaks added and removed, non-ASCII
  /// text, full replacements), versions skipped while changes are queued, settings changes, saves and
  /// reopened documents, every body the server publishes equals a fresh one, in every position encoding; and
  /// when a change publishes nothing, the body published last for the document still holds (a fresh body for
  /// the new text has the same diagnostics).
  @Test(arguments: PositionEncoding.allCases)
  func everyPublishedBodyEqualsAFreshOne(_ encoding: PositionEncoding) throws {
    var rng = LineRandom(seed: 0x9_0B11_5400 &+ UInt64(encoding.rawValue.utf8.count))
    var reused = 0
    var skipped = 0
    for _ in 0..<4 {
      var bodies: [[UInt8]] = []
      var queued = false
      // What the client has for each document: the version and text of the last body published for it (nil
      // after a queued change, which is not published until the next one).
      var shown: [String: (version: Int, text: [UInt8])?] = [:]
      let server = Server(send: { bodies.append($0) }, hasQueuedChange: { _ in queued })
      server.handle(
        .request(
          id: .int(1), method: "initialize",
          params: ["capabilities": ["general": ["positionEncodings": [.string(encoding.rawValue)]]]]))
      server.handle(.notification(method: "initialized", params: [:]))
      #expect(server.encoding == encoding)
      let uris = ["untitled:one", "untitled:two"]
      var texts: [String: [UInt8]] = [:]
      var versions: [String: Int] = [:]
      var includeWarnings = true
      func open(_ uri: String) {
        versions[uri, default: 0] += 1
        // A JSON string is valid Unicode: bytes an edit left invalid (a character split in UTF-8 positions) are
        // sent as U+FFFD, which is the text the server then has.
        texts[uri] = Array(String(decoding: texts[uri]!, as: UTF8.self).utf8)
        server.handle(Self.didOpen(uri, String(decoding: texts[uri]!, as: UTF8.self), version: versions[uri]!))
      }
      for uri in uris {
        var text = ""
        for _ in 0..<Int.random(in: 20...60, using: &rng) { text += Self.lines.randomElement(using: &rng)! }
        texts[uri] = Array(text.utf8)
        open(uri)
      }
      // Mostly runs of steps on one document, as in an editor: the server keeps the publish cache of the
      // document published last only, so each switch publishes afresh.
      var uri = uris[0]
      for _ in 0..<40 {
        if Int.random(in: 0..<6, using: &rng) == 0 { uri = uris.randomElement(using: &rng)! }
        let published = bodies.count
        switch Int.random(in: 0..<20, using: &rng) {
        case 0:
          includeWarnings.toggle()
          server.handle(
            .notification(
              method: "workspace/didChangeConfiguration",
              params: ["settings": ["dockerfile-lsp": ["diagnostics": ["includeWarnings": .bool(includeWarnings)]]]]))
        case 1:
          server.handle(.notification(method: "textDocument/didSave", params: ["textDocument": ["uri": .string(uri)]]))
        case 2:
          server.handle(.notification(method: "textDocument/didClose", params: ["textDocument": ["uri": .string(uri)]]))
          bodies.removeLast()  // the empty list that clears the closed document
          open(uri)
        default:
          var text = texts[uri]!
          var changes: [JSONValue] = []
          for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let insertion = Self.insertions.randomElement(using: &rng)!
            if Int.random(in: 0..<30, using: &rng) == 0 {
              changes.append(["text": .string(insertion)])
              text = Array(insertion.utf8)
              continue
            }
            // A range from random byte offsets, as the client would send it, and where the server will put it.
            let index = LineIndex(text)
            let a = Int.random(in: 0...text.count, using: &rng)
            let b = min(text.count, a + [0, 0, 1, 3, 40].randomElement(using: &rng)!)
            let start = index.position(of: a, in: text, encoding: encoding)
            let end = index.position(of: b, in: text, encoding: encoding)
            let from = index.offset(of: start, in: text, encoding: encoding)
            let to = index.offset(of: end, in: text, encoding: encoding)
            text.replaceSubrange(from..<to, with: Array(insertion.utf8))
            changes.append([
              "range": [
                "start": ["line": .int(start.line), "character": .int(start.character)],
                "end": ["line": .int(end.line), "character": .int(end.character)],
              ],
              "text": .string(insertion),
            ])
          }
          texts[uri] = text
          versions[uri]! += 1
          queued = Int.random(in: 0..<5, using: &rng) == 0
          server.handle(
            .notification(
              method: "textDocument/didChange",
              params: [
                "textDocument": ["uri": .string(uri), "version": .int(versions[uri]!)],
                "contentChanges": .array(changes),
              ]))
          shown[uri] = queued ? .some(nil) : shown[uri]
          queued = false
          #expect(server.documents[uri]?.text == text)
        }
        // Check what was published since, by document.
        for body in bodies[published...] {
          let message = try parseJSON(body)
          let target = try #require(message["params"]?["uri"]?.stringValue)
          let expected = Self.freshBody(
            uri: target, version: versions[target]!, text: texts[target]!, encoding: encoding,
            includeWarnings: includeWarnings)
          // As text, so that a failure shows a readable difference.
          #expect(
            String(decoding: body, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
            "\(target)\n\(String(decoding: texts[target]!, as: UTF8.self))")
          if let reuse = server.published[target]?.encoder.lastReuse { reused += reuse.whole + reuse.aroundRange }
          shown[target] = (versions[target]!, texts[target]!)
        }
        // A document changed without a publish: the diagnostics the client has are those of the current text.
        if bodies.count == published, let last = shown[uri], let last {
          if last.text != texts[uri]! { skipped += 1 }
          #expect(
            Self.freshBody(
              uri: uri, version: last.version, text: last.text, encoding: encoding, includeWarnings: includeWarnings)
              == Self.freshBody(
                uri: uri, version: last.version, text: texts[uri]!, encoding: encoding,
                includeWarnings: includeWarnings),
            "\(uri)\n\(String(decoding: texts[uri]!, as: UTF8.self))")
        }
      }
    }
    // Without reuse the property would hold trivially. (Batches edit several places at once, and the findings
    // between the first and the last edited place are written afresh.)
    #expect(reused > 600)
    // And without changes that leave the diagnostics alone, the last part would not be tested.
    #expect(skipped >= 2)
  }

  /// A comment character typed in the middle of a long document moves nothing: the other diagnostics' bytes
  /// are copied; a line break typed there shifts the diagnostics below it, whose bytes around the range are
  /// copied.
  @Test func typingInTheMiddleReusesTheRest() throws {
    var bodies: [[UInt8]] = []
    let server = Server(send: { bodies.append($0) })
    Self.initialize(server)
    let text = String(repeating: "RUN apt-get install gcc\nCOPY . .\n", count: 100)
    let uri = "untitled:long"
    server.handle(Self.didOpen(uri, text))
    let count = try #require(server.published[uri]?.ranges.count)
    #expect(count > 200)
    func type(_ insertion: String, line: Int, version: Int) {
      server.handle(Self.insertion(uri, version: version, line: line, character: 0, insertion))
    }
    type("#", line: 101, version: 2)  // comments out a COPY: its findings go
    let afterComment = try #require(server.published[uri]?.encoder.lastReuse)
    // Only a finding that spans the edited line (if any) has a new range.
    #expect(afterComment.fresh == 0 && afterComment.aroundRange <= 2)
    #expect(afterComment.whole + afterComment.aroundRange == server.published[uri]!.ranges.count)
    type("\n", line: 50, version: 3)
    let afterNewline = try #require(server.published[uri]?.encoder.lastReuse)
    #expect(afterNewline.fresh == 0)
    #expect(afterNewline.aroundRange > 50 && afterNewline.whole > 50)
    let final = Array(server.documents[uri]!.text)
    #expect(
      bodies.last
        == Self.freshBody(uri: uri, version: 3, text: final, encoding: .utf16, includeWarnings: true))
  }

  /// Typing on a line without findings republishes the same diagnostics, and the server edits its previous
  /// body where it lies: nothing but the encoder holds that body once it is sent, so the edit copies nothing
  /// (the storage stays where it was).
  @Test func typingEditsThePreviousBodyInPlace() throws {
    var addresses: [UInt] = []
    var last: [UInt8] = []
    let server = Server(send: { body in
      guard body.starts(with: #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics""#.utf8) else { return }
      // Only a copy is kept: holding the body itself would make the next edit copy it.
      addresses.append(body.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) })
      last = body.withUnsafeBufferPointer { Array($0) }
    })
    Self.initialize(server)
    let half = String(repeating: "RUN apt-get install gcc\nCOPY . .\n", count: 50)
    let uri = "untitled:long"
    server.handle(Self.didOpen(uri, half + "# a comment\n" + half))
    for version in 2...5 {
      server.handle(Self.insertion(uri, version: version, line: 100, character: 3, "x"))
      let encoder = try #require(server.published[uri]?.encoder)
      #expect(encoder.lastWasInPlace && encoder.lastReuse.fresh == 0)
      let final = Array(server.documents[uri]!.text)
      #expect(last == Self.freshBody(uri: uri, version: version, text: final, encoding: .utf16, includeWarnings: true))
    }
    #expect(addresses.count == 5 && Set(addresses[1...]).count == 1)
  }

  /// Typing after the last finding without changing the findings (the end of the file, a comment there)
  /// publishes nothing: the client has the diagnostics already, at the same places. Typing above a finding
  /// publishes even when every LSP range stays the same, since a client may keep offsets (eglot does). The
  /// bodies that are published equal fresh ones, made from the body published before the silent changes.
  @Test func typingAfterTheLastFindingPublishesNothing() throws {
    var bodies: [[UInt8]] = []
    let server = Server(send: { bodies.append($0) })
    Self.initialize(server)
    let half = String(repeating: "RUN apt-get install gcc\nCOPY . .\n", count: 50)
    let uri = "untitled:long"
    server.handle(Self.didOpen(uri, half + "# a comment\n" + half + "# the end\n"))
    let opened = bodies.count
    for version in 2...6 {
      server.handle(Self.insertion(uri, version: version, line: 201, character: 3 + version, "x"))
    }
    #expect(bodies.count == opened)
    // A line break in the last comment moves no finding either.
    server.handle(Self.insertion(uri, version: 7, line: 201, character: 0, "\n"))
    #expect(bodies.count == opened)
    // A character in the middle comment moves no LSP range, but the offsets of the findings below it.
    server.handle(Self.insertion(uri, version: 8, line: 100, character: 5, "x"))
    #expect(bodies.count == opened + 1)
    func expectFresh(version: Int) {
      let fresh = Self.freshBody(
        uri: uri, version: version, text: Array(server.documents[uri]!.text), encoding: .utf16, includeWarnings: true)
      #expect(String(decoding: bodies.last ?? [], as: UTF8.self) == String(decoding: fresh, as: UTF8.self))
    }
    expectFresh(version: 8)
    // An unknown instruction at the end is a new finding.
    server.handle(Self.insertion(uri, version: 9, line: 203, character: 0, "RUNN"))
    #expect(bodies.count == opened + 2)
    expectFresh(version: 9)
  }

  /// A finding the change calls unchanged only once moved by the edit's byte delta (a suffix finding) is not the
  /// same diagnostic for a client that keeps offsets, even when it ends before the first edited byte (a rule
  /// can blame text that repeats, so an edit below moves which instance a finding is on): such a change is
  /// published. Unmoved, or with no suffix, nothing is.
  @Test func aMovedSuffixFindingIsPublished() throws {
    let text = Array("RUN a\nRUN a\nRUN a\nRUN a\n".utf8)
    let index = LineIndex(text)
    func diagnostic(_ f: Finding, _ range: LanguageServerProtocol.Range) -> Diagnostic {
      Server.diagnostic(f, range: range)
    }
    func finding(at start: Int) -> Finding {
      Finding(code: "DF002", range: start..<(start + 3), message: "m", severity: .error)
    }
    for (change, published) in [
      (FindingsChange(prefix: 0, oldSuffix: 0, newSuffix: 0, byteDelta: 6), true),
      (FindingsChange(prefix: 0, oldSuffix: 0, newSuffix: 0, byteDelta: 0), false),
      (FindingsChange(prefix: 1, oldSuffix: 1, newSuffix: 1, byteDelta: 6), false),
    ] {
      var state = PublishedDiagnostics()
      var positions = index.cursor(in: text, encoding: .utf16)
      let before = change.byteDelta == 0 || change.prefix == 1 ? finding(at: 6) : finding(at: 0)
      #expect(
        state.body(
          uri: "u", version: 1, findings: [before], change: nil, positions: &positions, diagnostic: diagnostic) != nil)
      // An edit after every finding (the text itself is not looked at beyond positions).
      state.noteEdit(UnchangedBytes(prefix: 20, suffix: 0))
      positions = index.cursor(in: text, encoding: .utf16)
      let body = state.body(
        uri: "u", version: 2, findings: [finding(at: 6)], change: change, positions: &positions,
        diagnostic: diagnostic)
      #expect((body != nil) == published, "\(change)")
    }
  }

  /// Only the document published last keeps what it published: switching documents drops the other's cache
  /// (megabytes for a document with thousands of diagnostics), the first publish after a switch writes every
  /// diagnostic afresh, and the next one reuses again.
  @Test func onlyTheDocumentPublishedLastKeepsItsCache() throws {
    var bodies: [[UInt8]] = []
    let server = Server(send: { bodies.append($0) })
    Self.initialize(server)
    let text = String(repeating: "RUN apt-get install gcc\nCOPY . .\n", count: 20)
    var versions: [String: Int] = [:]
    func open(_ uri: String) {
      versions[uri] = 1
      server.handle(Self.didOpen(uri, text))
    }
    func type(_ uri: String) {
      versions[uri]! += 1
      server.handle(Self.insertion(uri, version: versions[uri]!, line: 3, character: 0, "x"))
      let final = Array(server.documents[uri]!.text)
      #expect(
        bodies.last
          == Self.freshBody(
            uri: uri, version: versions[uri]!, text: final, encoding: .utf16, includeWarnings: true))
    }
    open("untitled:a")
    open("untitled:b")
    #expect(Array(server.published.keys) == ["untitled:b"])
    type("untitled:a")
    #expect(Array(server.published.keys) == ["untitled:a"])
    let afterSwitch = try #require(server.published["untitled:a"]?.encoder.lastReuse)
    #expect(afterSwitch.whole == 0 && afterSwitch.aroundRange == 0 && afterSwitch.fresh > 20)
    type("untitled:a")
    let afterSecond = try #require(server.published["untitled:a"]?.encoder.lastReuse)
    #expect(afterSecond.whole > 20)
    type("untitled:b")
    #expect(Array(server.published.keys) == ["untitled:b"])
  }
}

@Suite("Unchanged bytes of a change batch")
struct UnchangedBytesTests {
  /// Property: the bytes a batch reports unchanged at either end are the same before and after it (and the line
  /// index follows the edits).
  @Test func reportedEndsAreUnchanged() throws {
    var rng = LineRandom(seed: 0xE_D17)
    for _ in 0..<300 {
      var text = ""
      for _ in 0..<Int.random(in: 0...8, using: &rng) {
        text += PublishedDiagnosticsTests.lines.randomElement(using: &rng)!
      }
      var doc = Document(uri: "untitled:u", languageId: "dockerfile", version: 1, text: Array(text.utf8))
      let before = doc.text
      var changes: [TextDocumentContentChangeEvent] = []
      for _ in 0..<Int.random(in: 0...3, using: &rng) {
        // Lines only grow while the batch inserts, so these lines exist when each change applies.
        let line = Int.random(in: 0..<doc.lineIndex.lineCount, using: &rng)
        let start = Position(line: line, character: Int.random(in: 0...6, using: &rng))
        let end =
          Bool.random(using: &rng)
          ? start : Position(line: line, character: start.character + Int.random(in: 0...30, using: &rng))
        changes.append(
          TextDocumentContentChangeEvent(
            range: LanguageServerProtocol.Range(start: start, end: end), rangeLength: nil,
            text: PublishedDiagnosticsTests.insertions.randomElement(using: &rng)!))
      }
      let unchanged = try doc.apply(changes, encoding: .utf16)
      let after = doc.text
      // The line index, updated in place, is the index of the new text.
      #expect(doc.lineIndex.lineStarts == LineIndex(after).lineStarts)
      #expect(unchanged.prefix <= min(before.count, after.count) && unchanged.suffix <= min(before.count, after.count))
      #expect(before.prefix(unchanged.prefix).elementsEqual(after.prefix(unchanged.prefix)))
      #expect(before.suffix(unchanged.suffix).elementsEqual(after.suffix(unchanged.suffix)))
      if changes.isEmpty { #expect(unchanged == UnchangedBytes(prefix: before.count, suffix: before.count)) }
    }
  }
}
