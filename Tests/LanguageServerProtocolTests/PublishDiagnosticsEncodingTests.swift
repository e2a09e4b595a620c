// The direct encoding of publishDiagnostics writes exactly the bytes that the generic JSON path writes.
import Testing

@testable import LanguageServerProtocol

@Suite("publishDiagnostics encoding")
struct PublishDiagnosticsEncodingTests {
  static func range(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Range {
    Range(start: Position(line: a, character: b), end: Position(line: c, character: d))
  }

  static let diagnostics: [Diagnostic] = [
    Diagnostic(
      range: range(0, 0, 0, 4), severity: .warning, code: .string("DF401"),
      codeDescription: CodeDescription(href: "https://example.com/rules.md#df401"), source: "dockerfile-lsp",
      message: "quote \" backslash \\ newline \n tab \t control \u{01} line separator \u{2028} é 𝄞", tags: nil,
      relatedInformation: nil, data: nil),
    Diagnostic(
      range: range(3, 7, 12, 0), severity: nil, code: .int(42), codeDescription: nil, source: nil, message: "",
      tags: [.unnecessary, .deprecated],
      relatedInformation: [
        DiagnosticRelatedInformation(
          location: Location(uri: "file:///a/Dockerfile", range: range(1, 2, 3, 4)), message: "here")
      ], data: .object(["b": .array([.int(1), .null]), "a": .bool(true)])),
    Diagnostic(
      range: range(100_000, 1, 100_000, 2), severity: .hint, code: nil, codeDescription: nil, source: "x",
      message: "m", tags: [], relatedInformation: [], data: .null),
  ]

  @Test(arguments: [nil, 0, 7, Int.max] as [Int?])
  func directEncodingMatchesTheGenericOne(_ version: Int?) {
    for count in [0, 1, 3] {
      let n = PublishDiagnosticsNotification(
        uri: "file:///w/Dockerfile?x=\"y\"", version: version, diagnostics: Array(Self.diagnostics.prefix(count)))
      let generic = encodeNotification(method: PublishDiagnosticsNotification.method, params: n.json)
      #expect(n.encodedBody == generic, "\(String(decoding: n.encodedBody, as: UTF8.self))")
    }
  }

  /// A random diagnostic: few distinct contents (so that equal ones recur), any range, sometimes the optional
  /// fields that are written through the generic path.
  static func randomDiagnostic(_ rng: inout SplitMix64) -> Diagnostic {
    let messages = ["m", "quote \" and \\", "é 😀 \u{2028}", "a longer message that spans more than a few words"]
    var d = Diagnostic(
      range: range(
        Int.random(in: 0...3, using: &rng), Int.random(in: 0...12, using: &rng), Int.random(in: 0...3, using: &rng),
        Int.random(in: 0...12, using: &rng)),
      severity: [nil, .error, .warning, .hint].randomElement(using: &rng)!,
      code: [nil, .string("DF401"), .string("DF5\u{1}"), .int(7)].randomElement(using: &rng)!,
      codeDescription: Bool.random(using: &rng) ? CodeDescription(href: "https://example.com/r#x") : nil,
      source: Bool.random(using: &rng) ? "dockerfile-lsp" : nil, message: messages.randomElement(using: &rng)!)
    if Int.random(in: 0..<8, using: &rng) == 0 { d.tags = [.unnecessary] }
    if Int.random(in: 0..<8, using: &rng) == 0 { d.data = ["k": .int(Int.random(in: 0...2, using: &rng))] }
    if Int.random(in: 0..<12, using: &rng) == 0 {
      d.relatedInformation = [
        DiagnosticRelatedInformation(location: Location(uri: "file:///x", range: range(0, 0, 0, 1)), message: "r")
      ]
    }
    return d
  }

  /// Property: whatever the previous body, the encoder writes the bytes of a fresh encoding. Each step edits
  /// the previous list the way analyses change between keystrokes (insert, remove, move ranges, change a
  /// message) or replaces it.
  @Test func encoderReusingThePreviousBodyWritesFreshBytes() {
    var rng = SplitMix64(seed: 0x9B_0D1E5)
    var reused = 0
    for _ in 0..<60 {
      var encoder = PublishDiagnosticsEncoder()
      var list = (0..<Int.random(in: 0...30, using: &rng)).map { _ in Self.randomDiagnostic(&rng) }
      for step in 0..<40 {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
          for _ in 0..<Int.random(in: 1...12, using: &rng) {
            list.insert(Self.randomDiagnostic(&rng), at: Int.random(in: 0...list.count, using: &rng))
          }
        case 1:
          if !list.isEmpty {
            let a = Int.random(in: 0..<list.count, using: &rng)
            list.removeSubrange(a..<min(list.count, a + Int.random(in: 1...12, using: &rng)))
          }
        case 2:
          for k in list.indices where Bool.random(using: &rng) { list[k].range.start.line += 1 }
        case 3:
          if !list.isEmpty { list[Int.random(in: 0..<list.count, using: &rng)].message += "!" }
        case 4:
          list = (0..<Int.random(in: 0...30, using: &rng)).map { _ in Self.randomDiagnostic(&rng) }
        default:
          break  // the same list again (a settings change that changes nothing, say)
        }
        let version: Int? = step % 7 == 0 ? nil : step
        let body = encoder.encode(uri: "file:///w/Dockerfile", version: version, diagnostics: list)
        let fresh = PublishDiagnosticsNotification(uri: "file:///w/Dockerfile", version: version, diagnostics: list)
        #expect(body == fresh.encodedBody)
        #expect(body == encodeNotification(method: PublishDiagnosticsNotification.method, params: fresh.json))
        #expect(encoder.lastReuse.whole + encoder.lastReuse.aroundRange + encoder.lastReuse.fresh == list.count)
        reused += encoder.lastReuse.whole + encoder.lastReuse.aroundRange
      }
    }
    // The property would hold trivially if nothing were reused.
    #expect(reused > 10_000)
  }

  /// After an edit in the middle of a long list, the body is copied in two runs and the moved diagnostics
  /// keep their bytes around the range.
  @Test func anEditInTheMiddleReusesEverythingElse() {
    var list = (0..<1_000).map { i in
      Diagnostic(range: Self.range(i, 0, i, 4), severity: .warning, code: "DF401", message: "message \(i % 10)")
    }
    var encoder = PublishDiagnosticsEncoder()
    _ = encoder.encode(uri: "u", version: 1, diagnostics: list)
    #expect(encoder.lastReuse == (0, 0, 1_000))
    // A line inserted at line 500 with a new diagnostic on it.
    for k in 500..<1_000 { list[k].range = Self.range(k + 1, 0, k + 1, 4) }
    list.insert(Diagnostic(range: Self.range(500, 0, 500, 1), message: "new"), at: 500)
    let body = encoder.encode(uri: "u", version: 2, diagnostics: list)
    #expect(body == PublishDiagnosticsNotification(uri: "u", version: 2, diagnostics: list).encodedBody)
    #expect(encoder.lastReuse == (500, 500, 1))
    #expect(encoder.encode(uri: "u", version: 3, diagnostics: list).count == body.count)
    #expect(encoder.lastReuse == (1_001, 0, 0))
  }

  /// Where an array's elements lie, to tell whether a body was edited where it lay or copied.
  static func address(_ bytes: [UInt8]) -> UInt {
    bytes.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
  }

  /// Property: bodies built step by step from any sequence of steps (runs of previous diagnostics in order
  /// and out of order, some left out, moved ranges, fresh diagnostics) are the bytes of a fresh encoding,
  /// whether they were made in place or in a new buffer, and a body the caller still holds is not changed by
  /// the next one.
  @Test func stepByStepBodiesEqualFreshOnes() {
    var rng = SplitMix64(seed: 0x1_4B1A_CE)
    var inPlace = 0
    var newBuffer = 0
    for _ in 0..<80 {
      var encoder = PublishDiagnosticsEncoder()
      var previous = (0..<Int.random(in: 0...20, using: &rng)).map { _ in Self.randomDiagnostic(&rng) }
      _ = encoder.encode(uri: "u", version: 1, diagnostics: previous)
      var held: (body: [UInt8], expected: [UInt8])? = nil
      for _ in 0..<20 {
        var next: [Diagnostic] = []
        var cursor = 0
        // Mostly a keystroke's steps: the previous diagnostics in order with a few changes around one place.
        let steps = Int.random(in: 0...(previous.count + 6), using: &rng)
        for _ in 0..<steps {
          switch Int.random(in: 0..<10, using: &rng) {
          case 0:
            let d = Self.randomDiagnostic(&rng)
            encoder.append(d)
            next.append(d)
          case 1 where cursor < previous.count:
            var d = previous[cursor]
            d.range.start.line += Int.random(in: 1...1_000, using: &rng)
            encoder.appendPrevious(cursor, range: d.range)
            next.append(d)
            cursor += 1
          case 2:
            cursor += Int.random(in: 1...3, using: &rng)  // left out
          case 3 where !previous.isEmpty:
            cursor = Int.random(in: 0..<previous.count, using: &rng)  // out of order
          default:
            guard cursor < previous.count else { break }
            let end = min(previous.count, cursor + Int.random(in: 1...6, using: &rng))
            if Bool.random(using: &rng) {
              encoder.appendPrevious(cursor..<end)
            } else {
              for p in cursor..<end { encoder.appendPrevious(p) }
            }
            next.append(contentsOf: previous[cursor..<end])
            cursor = end
          }
        }
        // Often the rest unchanged, as after an edit.
        if cursor < previous.count && Int.random(in: 0..<3, using: &rng) > 0 {
          encoder.appendPrevious(cursor..<previous.count)
          next.append(contentsOf: previous[cursor...])
        }
        let version = [nil, 9, 10, 99, 100, 1_000_000].randomElement(using: &rng)!
        let body = encoder.finish(uri: "file:///w/Dockerfile", version: version)
        let expected = PublishDiagnosticsNotification(uri: "file:///w/Dockerfile", version: version, diagnostics: next)
        #expect(body == expected.encodedBody)
        if let held { #expect(held.body == held.expected) }
        held = Bool.random(using: &rng) ? (body, expected.encodedBody) : nil
        if encoder.lastWasInPlace { inPlace += 1 } else { newBuffer += 1 }
        previous = next
      }
    }
    // Both ways of building a body are exercised.
    #expect(inPlace > 600 && newBuffer > 200)
  }

  /// A keystroke that changes one diagnostic edits the previous body where it lies: at the start, in the
  /// middle and at the end of the list, with a version whose digits grow, down to an empty list and back.
  @Test func aChangeInOnePlaceEditsTheBodyInPlace() {
    var list = (0..<1_000).map { i in
      Diagnostic(range: Self.range(i, 0, i, 4), severity: .warning, code: "DF401", message: "message \(i % 10)")
    }
    var encoder = PublishDiagnosticsEncoder()
    var body = encoder.encode(uri: "u", version: 1, diagnostics: list)
    #expect(!encoder.lastWasInPlace)
    var version = 1
    func publish(_ change: (inout [Diagnostic]) -> Void, sameLength: Bool, inPlace: Bool = true) {
      let before = Self.address(body)
      body = []  // what a server does: the body is sent and dropped before the next
      change(&list)
      version += 1
      body = encoder.encode(uri: "u", version: version, diagnostics: list)
      #expect(body == PublishDiagnosticsNotification(uri: "u", version: version, diagnostics: list).encodedBody)
      #expect(encoder.lastWasInPlace == inPlace)
      // Not copied: the same storage, when nothing had to grow.
      if sameLength { #expect(Self.address(body) == before) }
    }
    publish({ $0[500].message = "message X" }, sameLength: true)
    publish({ $0[0].message = "message Y" }, sameLength: true)
    publish({ $0[999].message = "message Z" }, sameLength: true)
    #expect(encoder.lastReuse == (999, 0, 1))
    publish({ $0.insert(Diagnostic(range: Self.range(0, 0, 0, 1), message: "first"), at: 0) }, sameLength: false)
    publish({ $0.append(Diagnostic(range: Self.range(2_000, 0, 2_000, 1), message: "last")) }, sameLength: false)
    publish({ $0.removeFirst() }, sameLength: false)
    publish({ $0.removeLast() }, sameLength: false)
    publish({ $0.remove(at: 400) }, sameLength: false)
    // The version's digits change: 9 -> 10.
    publish({ _ in }, sameLength: false)
    #expect(version == 10 && encoder.lastReuse == (999, 0, 0))
    publish({ $0[998].message = "message W" }, sameLength: true)
    publish({ $0.removeAll() }, sameLength: false)
    publish({ _ in }, sameLength: true)
    // A diagnostic larger than half of the previous body is not worth writing apart and moving into place.
    publish(
      { $0.append(Diagnostic(range: Self.range(1, 0, 1, 1), message: "only")) }, sameLength: false, inPlace: false)
    publish({ $0.removeAll() }, sameLength: false)
  }

  /// A change that moves the ranges of most diagnostics (a line break near the top) builds a new buffer:
  /// writing most of the body and moving it into place would cost more than copying the rest.
  @Test func aChangeToMostOfTheBodyBuildsANewOne() {
    var list = (0..<100).map { i in
      Diagnostic(range: Self.range(i, 0, i, 4), severity: .warning, code: "DF401", message: "message \(i % 10)")
    }
    var encoder = PublishDiagnosticsEncoder()
    _ = encoder.encode(uri: "u", version: 1, diagnostics: list)
    for k in 10..<100 { list[k].range = Self.range(k + 1, 0, k + 1, 4) }
    let body = encoder.encode(uri: "u", version: 2, diagnostics: list)
    #expect(body == PublishDiagnosticsNotification(uri: "u", version: 2, diagnostics: list).encodedBody)
    #expect(!encoder.lastWasInPlace && encoder.lastReuse == (10, 90, 0))
  }
}
