// Position mapping in all three encodings, with CRLF, CR, astral characters, invalid UTF-8 and clamping.
import Testing

@testable import LanguageServer

@Suite("Line index")
struct LineIndexTests {
  let text = Array("a😀b\r\nxé\rlast".utf8)

  @Test func lineBreaksAreLFCRLFAndCR() {
    let index = LineIndex(Array("a\nb\r\nc\rd".utf8))
    #expect(index.lineStarts == [0, 2, 5, 7])
    #expect(LineIndex(Array("".utf8)).lineStarts == [0])
    #expect(LineIndex(Array("x\n".utf8)).lineStarts == [0, 2])
    #expect(LineIndex(Array("\r\r\n\n".utf8)).lineStarts == [0, 1, 3, 4])
  }

  @Test func offsetsToPositions() {
    let index = LineIndex(text)
    // "a😀b" : a=0, 😀=1..<5, b=5, \r\n=6..<8; "xé" x=8, é=9..<11, \r=11; "last" from 12.
    #expect(index.position(of: 5, in: text, encoding: .utf16) == LinePosition(line: 0, character: 3))
    #expect(index.position(of: 5, in: text, encoding: .utf32) == LinePosition(line: 0, character: 2))
    #expect(index.position(of: 5, in: text, encoding: .utf8) == LinePosition(line: 0, character: 5))
    #expect(index.position(of: 11, in: text, encoding: .utf16) == LinePosition(line: 1, character: 2))
    #expect(index.position(of: 12, in: text, encoding: .utf16) == LinePosition(line: 2, character: 0))
    #expect(index.position(of: 7, in: text, encoding: .utf16) == LinePosition(line: 0, character: 4))
    #expect(index.position(of: 999, in: text, encoding: .utf16) == LinePosition(line: 2, character: 4))
  }

  @Test func positionsToOffsets() {
    let index = LineIndex(text)
    #expect(index.offset(of: LinePosition(line: 0, character: 3), in: text, encoding: .utf16) == 5)
    #expect(index.offset(of: LinePosition(line: 0, character: 2), in: text, encoding: .utf32) == 5)
    // Inside the surrogate pair: snap to the character's start.
    #expect(index.offset(of: LinePosition(line: 0, character: 2), in: text, encoding: .utf16) == 1)
    // Past the line's end: clamp before the line break.
    #expect(index.offset(of: LinePosition(line: 0, character: 50), in: text, encoding: .utf16) == 6)
    #expect(index.offset(of: LinePosition(line: 1, character: 50), in: text, encoding: .utf8) == 11)
    // Past the last line: end of text.
    #expect(index.offset(of: LinePosition(line: 9, character: 0), in: text, encoding: .utf16) == text.count)
  }

  @Test func invalidUTF8CountsOneUnitPerByte() {
    let bytes: [UInt8] = [0x61, 0xFF, 0xC3, 0x62, 0x0A]
    let index = LineIndex(bytes)
    #expect(index.position(of: 3, in: bytes, encoding: .utf16) == LinePosition(line: 0, character: 3))
    #expect(index.offset(of: LinePosition(line: 0, character: 2), in: bytes, encoding: .utf16) == 2)
  }

  @Test func roundTripEveryOffset() {
    let sample = Array("FROM x\r\nRUN é 😀 \\\n  ok\rlast\n".utf8)
    let index = LineIndex(sample)
    for encoding in PositionEncoding.allCases {
      for offset in 0...sample.count {
        let p = index.position(of: offset, in: sample, encoding: encoding)
        let back = index.offset(of: p, in: sample, encoding: encoding)
        // Offsets inside a character or a line break map to a boundary at or before them.
        #expect(back <= offset)
        #expect(index.position(of: back, in: sample, encoding: encoding) == p)
      }
    }
  }
}

@Suite("Line index updates")
struct LineIndexUpdateTests {
  /// After any edit, the updated index equals one built from scratch.
  @Test func updatesMatchAFreshIndex() {
    var seed: UInt64 = 12345
    func next(_ n: Int) -> Int {
      seed = seed &* 6364136223846793005 &+ 1442695040888963407
      return Int((seed >> 33) % UInt64(max(1, n)))
    }
    let pieces = ["\n", "\r", "\r\n", "a", "é", "😀", "\n\r", "xy", ""]
    for _ in 0..<3000 {
      var text: [UInt8] = []
      for _ in 0..<next(12) { text += Array(pieces[next(pieces.count)].utf8) }
      var index = LineIndex(text)
      for _ in 0..<4 {
        let a = next(text.count + 1)
        let b = a + next(text.count - a + 1)
        let replacement = Array(pieces[next(pieces.count)].utf8) + Array(pieces[next(pieces.count)].utf8)
        text.replaceSubrange(a..<b, with: replacement)
        index.update(replacing: a..<b, replacementCount: replacement.count, newText: text)
        #expect(
          index.lineStarts == LineIndex(text).lineStarts,
          "\(String(decoding: text, as: UTF8.self).debugDescription) after \(a)..<\(b)")
        if index.lineStarts != LineIndex(text).lineStarts { return }
      }
    }
  }
}

@Suite("Position cursor")
struct PositionCursorTests {
  /// Code units before `offset` on its line, decoded one scalar at a time from the line's start: the meaning
  /// of a position's character, independent of the fast paths under test.
  static func referencePosition(_ text: [UInt8], _ offset: Int, _ encoding: PositionEncoding) -> LinePosition {
    let index = LineIndex(text)
    let offset = max(0, min(offset, text.count))
    let line = index.line(containing: offset)
    let start = index.lineStarts[line]
    let end = min(offset, index.contentEnd(ofLine: line, in: text))
    let lineEnd = index.contentEnd(ofLine: line, in: text)
    // UTF-8 characters are bytes, so an offset inside a character is a position too.
    if encoding == .utf8 { return LinePosition(line: line, character: max(0, end - start)) }
    var i = start
    var units = 0
    while i < end {
      let (width, u) = LineIndex.scalarWidth(text, i, lineEnd, encoding)
      if i + width > end { break }
      units += u
      i += width
    }
    return LinePosition(line: line, character: units)
  }

  /// Property: a cursor fed offsets in any order (mostly ascending, as findings come) gives the positions the
  /// line index gives, which are the reference positions, in every encoding, over text mixing line breaks,
  /// non-ASCII characters and invalid UTF-8.
  @Test func cursorAgreesWithTheLineIndexAndTheReference() {
    var rng = LineRandom(seed: 0xC0_5502)
    let pieces: [[UInt8]] = [
      Array("RUN apt-get install -y gcc".utf8), Array("ab".utf8), [0x0A], [0x0D], [0x0D, 0x0A], Array("é".utf8),
      Array("😀".utf8), Array("\u{2028}".utf8), [0xFF], [0xE2, 0x80], [0xF0, 0x9F], Array("12345678".utf8),
    ]
    for _ in 0..<400 {
      var text: [UInt8] = []
      for _ in 0..<Int.random(in: 0...40, using: &rng) { text += pieces.randomElement(using: &rng)! }
      let index = LineIndex(text)
      for encoding in PositionEncoding.allCases {
        var cursor = index.cursor(in: text, encoding: encoding)
        var offset = 0
        for _ in 0..<60 {
          if Int.random(in: 0..<5, using: &rng) == 0 {
            offset = Int.random(in: -2...(text.count + 2), using: &rng)
          } else {
            offset += Int.random(in: 0...12, using: &rng)
          }
          let expected = Self.referencePosition(text, offset, encoding)
          #expect(index.position(of: offset, in: text, encoding: encoding) == expected)
          #expect(cursor.position(of: offset) == expected, "\(text) \(offset) \(encoding)")
        }
      }
    }
  }
}

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct LineRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
