// Pins the Go-compatible JSON array reader and strconv.Quote port to the behaviour of Go's standard library.

import Testing

@testable import DockerfileSyntax

private func gcBytes(_ s: String) -> [UInt8] { Array(s.utf8) }

private func gcParse(_ input: [UInt8]) -> GoJSONArrayResult {
  parseGoJSONArray(input[...])
}

private func gcParse(_ s: String) -> GoJSONArrayResult { gcParse(gcBytes(s)) }

/// Decoded elements of a `.strings` result, or nil.
private func gcElements(_ input: [UInt8]) -> [[UInt8]]? {
  guard case .strings(let ranges) = gcParse(input) else { return nil }
  return ranges.map { decodeGoJSONString(input[$0]) }
}

private func gcQuoted(_ input: [UInt8]) -> String { String(decoding: goQuote(input), as: UTF8.self) }

private func gcQuoted(_ s: String) -> String { gcQuoted(gcBytes(s)) }

struct GoJSONArrayTests {
  @Test func stringRanges() {
    #expect(gcParse(#"["a","b"]"#) == .strings([1..<4, 5..<8]))
    #expect(gcParse(#"  [ "a" , "bc" ]  "#) == .strings([4..<7, 10..<14]))
  }

  @Test func rangesUseSliceIndices() {
    let whole = gcBytes(#"xx["a"]yy"#)
    #expect(parseGoJSONArray(whole[2..<7]) == .strings([3..<6]))
    whole.withUnsafeBufferPointer { p in
      #expect(parseGoJSONArray(UnsafeBufferPointer(rebasing: p[2..<7])) == .strings([1..<4]))
    }
  }

  @Test(arguments: [
    ("[]", GoJSONArrayResult.strings([])),
    ("[ ]", .strings([])),
    (" \t\r\n[\n]\r\n\t ", .strings([])),
    (#"["a"]  \#n"#, .strings([1..<4])),
    (#"["a",]"#, .invalid),
    (#"["a"] x"#, .invalid),
    (#"["a"]]"#, .invalid),
    (#"["a"],"#, .invalid),
    (#"["a" "b"]"#, .invalid),
    (#"[,"a"]"#, .invalid),
    (#"["a",,"b"]"#, .invalid),
    ("[1]", .notStringArray),
    (#"["a", ["b"]]"#, .notStringArray),
    (#"["a", {}]"#, .notStringArray),
    (#"["a", {"k": [1, {"x": null}]}]"#, .notStringArray),
    (#"[true, false, null]"#, .notStringArray),
    (#"["a", ["#, .invalid),
    (#"["a", [1, ]"#, .invalid),
    ("['a']", .invalid),
    ("[", .invalid),
    ("", .invalid),
    ("   ", .invalid),
    (#""a""#, .invalid),
    ("{}", .invalid),
    ("null", .invalid),
    ("1", .invalid),
    ("[\u{B}]", .invalid),
    ("[\u{C}]", .invalid),
    ("[]\u{A0}", .invalid),
    ("[]\0", .invalid),
    ("[\"a\"]\0", .invalid),
    (#"["a\q"]"#, .invalid),
    (#"["a\'"]"#, .invalid),
    (#"["\u12"]"#, .invalid),
    (#"["\u12G4"]"#, .invalid),
    (#"["\uABcd"]"#, .strings([1..<9])),
    (#"["a]"#, .invalid),
    (#"["a\"]"#, .invalid),
    (#"[{"a":1}]"#, .notStringArray),
    (#"[{"a" 1}]"#, .invalid),
    (#"[{a:1}]"#, .invalid),
    (#"[{1:1}]"#, .invalid),
    (#"[{"a":1,}]"#, .invalid),
    (#"[{"a":1]"#, .invalid),
    (#"[[}]"#, .invalid),
    (#"[{"a":}]"#, .invalid),
    (#"[{"a"}]"#, .invalid),
    (#"[tru]"#, .invalid),
    (#"[True]"#, .invalid),
    (#"[nul]"#, .invalid),
    (#"[fals]"#, .invalid),
    (#"[falsey]"#, .invalid),
    (#"[nan]"#, .invalid),
  ])
  func table(input: String, expected: GoJSONArrayResult) {
    #expect(gcParse(input) == expected)
  }

  @Test(arguments: [
    ("0", true), ("-0", true), ("12", true), ("-12.5", true), ("1e5", true), ("1E+5", true), ("1e-05", true),
    ("0.0e0", true), ("123.456E-789", true),
    ("01", false), ("-", false), ("+1", false), ("1.", false), (".5", false), ("1e", false), ("1e+", false),
    ("0x1", false), ("1.e5", false), ("--1", false), ("1ee5", false), ("Infinity", false), ("-01", false),
  ])
  func numbers(number: String, valid: Bool) {
    #expect(gcParse("[\(number)]") == (valid ? .notStringArray : .invalid))
    #expect(gcParse("[\(number) ,\"a\"]") == (valid ? .notStringArray : .invalid))
  }

  @Test func rawControlCharacterInStringIsInvalid() {
    for control in UInt8(0)..<0x20 {
      #expect(gcParse([0x5B, 0x22, 0x61, control, 0x22, 0x5D]) == .invalid)
    }
    #expect(gcParse([0x5B, 0x22, 0x7F, 0x22, 0x5D]) == .strings([1..<4]))
  }

  @Test func invalidUTF8IsAcceptedInsideStringsOnly() {
    #expect(gcParse([0x5B, 0x22, 0xFF, 0xC0, 0xED, 0xA0, 0x80, 0x22, 0x5D]) == .strings([1..<8]))
    #expect(gcParse([0x5B, 0x22, 0x61, 0x22, 0xFF, 0x5D]) == .invalid)
    #expect(gcParse([0xEF, 0xBB, 0xBF, 0x5B, 0x5D]) == .invalid)  // a BOM is not whitespace
  }

  @Test func nestingDepthLimit() {
    let ok = [UInt8](repeating: 0x5B, count: 10_000) + [UInt8](repeating: 0x5D, count: 10_000)
    #expect(gcParse(ok) == .notStringArray)
    let deep = [UInt8](repeating: 0x5B, count: 10_001) + [UInt8](repeating: 0x5D, count: 10_001)
    #expect(gcParse(deep) == .invalid)
    var mixed: [UInt8] = [0x5B]
    for level in 1..<10_000 { mixed += level.isMultiple(of: 2) ? gcBytes("[") : gcBytes(#"{"k":"#) }
    mixed += gcBytes("1")
    for level in (1..<10_000).reversed() { mixed += level.isMultiple(of: 2) ? gcBytes("]") : gcBytes("}") }
    mixed += gcBytes("]")
    #expect(gcParse(mixed) == .notStringArray)
    // A wrong closer deep inside (past the first 64 levels) is caught.
    var wrong = mixed
    wrong[wrong.count - 101] = wrong[wrong.count - 101] == 0x5D ? 0x7D : 0x5D
    #expect(gcParse(wrong) == .invalid)
  }

  @Test func hugeNestingDoesNotCrash() {
    #expect(gcParse([UInt8](repeating: 0x5B, count: 100_000)) == .invalid)
    #expect(gcParse([UInt8](repeating: 0x5B, count: 1_000_000)) == .invalid)
  }

  @Test func decodeNul() {
    #expect(gcElements(gcBytes(#"["\u0000"]"#)) == [[0]])
  }

  @Test func decodeSimpleEscapes() {
    let input = gcBytes(#"["\" \\ \/ \b \f \n \r \t \u0000"]"#)
    #expect(gcElements(input) == [gcBytes("\" \\ / \u{8} \u{C} \n \r \t \0")])
  }

  @Test func decodeUnicodeEscapes() {
    #expect(gcElements(gcBytes(#"["\ud83d\ude00"]"#)) == [gcBytes("😀")])
    #expect(gcElements(gcBytes(#"["\uD83D\uDE00x"]"#)) == [gcBytes("😀x")])
    #expect(gcElements(gcBytes(#"["\ud800"]"#)) == [gcBytes("\u{FFFD}")])
    #expect(gcElements(gcBytes(#"["\udc00"]"#)) == [gcBytes("\u{FFFD}")])
    #expect(gcElements(gcBytes(#"["\ud800x"]"#)) == [gcBytes("\u{FFFD}x")])
    #expect(gcElements(gcBytes(#"["\ud800\u0041"]"#)) == [gcBytes("\u{FFFD}A")])
    #expect(gcElements(gcBytes(#"["\udc00\ud800"]"#)) == [gcBytes("\u{FFFD}\u{FFFD}")])
    #expect(gcElements(gcBytes(#"["\ud800\ud800\udc00"]"#)) == [gcBytes("\u{FFFD}\u{10000}")])
    #expect(gcElements(gcBytes(#"["\u00e9\u20AC\uffff"]"#)) == [gcBytes("é€\u{FFFF}")])
    #expect(gcElements(gcBytes(#"["\u002F\u005c"]"#)) == [gcBytes("/\\")])
  }

  @Test func decodeRawBytes() {
    #expect(gcElements([0x5B, 0x22, 0x61, 0xFF, 0x62, 0x22, 0x5D]) == [gcBytes("a\u{FFFD}b")])
    #expect(gcElements(gcBytes(#"["héllo ♥ 😀"]"#)) == [gcBytes("héllo ♥ 😀")])
    // A surrogate encoded in UTF-8 is three invalid bytes; a truncated sequence is one per byte.
    #expect(gcElements([0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D]) == [gcBytes("\u{FFFD}\u{FFFD}\u{FFFD}")])
    #expect(gcElements([0x5B, 0x22, 0xE2, 0x82, 0x22, 0x5D]) == [gcBytes("\u{FFFD}\u{FFFD}")])
    #expect(gcElements([0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D]) == [gcBytes("\u{FFFD}\u{FFFD}")])
    #expect(
      gcElements([0x5B, 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22, 0x5D]) == [gcBytes("\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")])
    #expect(gcElements([0x5B, 0x22, 0xEF, 0xBF, 0xBD, 0x22, 0x5D]) == [gcBytes("\u{FFFD}")])
    #expect(gcElements([0x5B, 0x22, 0x7F, 0x22, 0x5D]) == [[0x7F]])
  }

  @Test func decodeTokenSlices() {
    let input = gcBytes(#"["plain", "esc\naped", ""]"#)
    #expect(gcElements(input) == [gcBytes("plain"), gcBytes("esc\naped"), []])
    #expect(decodeGoJSONString(gcBytes(#""x\ty""#)[...]) == gcBytes("x\ty"))
  }
}

struct GoQuoteTests {
  @Test(arguments: [
    ("abc 123", #""abc 123""#),
    ("", #""""#),
    ("♥", #""♥""#),
    ("\0", #""\x00""#),
    ("\u{7F}", #""\x7f""#),
    ("\u{A0}", #""\u00a0""#),
    ("\u{AD}", #""\u00ad""#),
    ("\u{85}", #""\u0085""#),
    ("\u{E000}", #""\ue000""#),
    ("😀", #""😀""#),
    ("\u{E0001}", #""\U000e0001""#),
    ("\u{F0000}", #""\U000f0000""#),
    ("\"", #""\"""#),
    ("\\", #""\\""#),
    ("a\"b\\c", #""a\"b\\c""#),
    ("\u{7}\u{8}\u{C}\n\r\t\u{B}", #""\a\b\f\n\r\t\v""#),
    ("\u{1}\u{1B}\u{1F}", #""\x01\x1b\x1f""#),
    ("\u{2028}\u{200B}\u{FEFF}\u{3000}", #""\u2028\u200b\ufeff\u3000""#),
    ("\u{378}", #""\u0378""#),
    ("\u{FFFD}", "\"\u{FFFD}\""),
    ("é\u{301}", "\"é\u{301}\""),
    ("'`$", #""'`$""#),
    ("\u{10FFFF}", #""\U0010ffff""#),
  ])
  func table(input: String, expected: String) {
    #expect(gcQuoted(input) == expected)
  }

  @Test func invalidBytes() {
    #expect(gcQuoted([0xFF]) == #""\xff""#)
    #expect(gcQuoted([0x61, 0xC0, 0x80, 0x62]) == #""a\xc0\x80b""#)
    #expect(gcQuoted([0xED, 0xA0, 0x80]) == #""\xed\xa0\x80""#)
    #expect(gcQuoted([0xE2, 0x99]) == #""\xe2\x99""#)
    #expect(gcQuoted([0xE2, 0x99, 0xA5, 0xE2]) == "\"♥\\xe2\"")
    #expect(gcQuoted([0xF4, 0x90, 0x80, 0x80]) == #""\xf4\x90\x80\x80""#)
  }

  @Test func appendsAndAcceptsAnyCollection() {
    var out = gcBytes("x=")
    appendGoQuoted(gcBytes("a\nb").reversed(), to: &out)
    appendGoQuoted(gcBytes("c")[...], to: &out)
    #expect(String(decoding: out, as: UTF8.self) == #"x="b\na""c""#)
  }

  @Test func isSpaceMatchesWhiteSpaceProperty() {
    for value in UInt32(0x100)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      if goIsSpace(value) != scalar.properties.isWhitespace {
        Issue.record("goIsSpace(\(value)) disagrees with White_Space")
        return
      }
    }
    let latin1 = (UInt32(0)...0xFF).filter(goIsSpace)
    #expect(latin1 == [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0])
    #expect(!goIsSpace(0x200B))
    #expect(!goIsSpace(0xD800))
  }

  @Test func isPrint() {
    #expect(goIsPrint(0x20))
    #expect(goIsPrint(0x41))
    #expect(!goIsPrint(0x7F))
    #expect(!goIsPrint(0x9F))
    #expect(!goIsPrint(0xA0))
    #expect(goIsPrint(0xA1))
    #expect(!goIsPrint(0xAD))
    #expect(goIsPrint(0xFF))
    #expect(goIsPrint(0x2665))
    #expect(goIsPrint(0x0301))  // combining mark
    #expect(!goIsPrint(0x2028))
    #expect(!goIsPrint(0x3000))
    #expect(!goIsPrint(0xD800))
    #expect(!goIsPrint(0x110000))
    #expect(!goIsPrint(0xE000))
    #expect(!goIsPrint(0xE0001))
    #expect(goIsPrint(0x1F600))
    #expect(goIsPrint(0x1FAE8))  // assigned in Unicode 15.0
    #expect(!goIsPrint(0x1C89))  // assigned in Unicode 16.0, after Go's tables
    #expect(!goIsPrint(0x2EBF0))  // assigned in Unicode 15.1, after Go's tables
  }

  @Test func decodeRuneFollowsGoTables() {
    #expect([UInt8]().withUnsafeBufferPointer { goDecodeRune($0, at: 0) } == (0xFFFD, 0))
    let cases: [([UInt8], UInt32, Int)] = [
      ([0x41], 0x41, 1), ([0x80], 0xFFFD, 1), ([0xC1, 0xBF], 0xFFFD, 1), ([0xC2, 0x80], 0x80, 2),
      ([0xE0, 0x9F, 0xBF], 0xFFFD, 1), ([0xE0, 0xA0, 0x80], 0x800, 3), ([0xED, 0x9F, 0xBF], 0xD7FF, 3),
      ([0xED, 0xA0, 0x80], 0xFFFD, 1), ([0xF0, 0x8F, 0xBF, 0xBF], 0xFFFD, 1), ([0xF0, 0x90, 0x80, 0x80], 0x10000, 4),
      ([0xF4, 0x8F, 0xBF, 0xBF], 0x10FFFF, 4), ([0xF4, 0x90, 0x80, 0x80], 0xFFFD, 1),
      ([0xF5, 0x80, 0x80, 0x80], 0xFFFD, 1),
      ([0xE2, 0x99], 0xFFFD, 1), ([0xE2, 0x99, 0x41], 0xFFFD, 1), ([0xEF, 0xBF, 0xBD], 0xFFFD, 3),
    ]
    for (input, scalar, width) in cases {
      let result = input.withUnsafeBufferPointer { goDecodeRune($0, at: 0) }
      #expect(result == (scalar, width), "\(input)")
    }
    let shifted: [UInt8] = [0x61, 0xC3, 0xA9]
    #expect(shifted.withUnsafeBufferPointer { goDecodeRune($0, at: 1) } == (0xE9, 2))
    #expect(shifted.withUnsafeBufferPointer { goDecodeRune($0, at: 3) } == (0xFFFD, 0))
  }

  /// Go's decoder accepts exactly the well-formed sequences, so it must agree with the standard library's parser.
  @Test func decodeRuneAgreesWithUTF8Validation() {
    let tails: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0]
    for b0 in UInt8(0x80)...0xFF {
      for b1 in UInt8(0)...0xFF {
        for b2 in tails {
          for b3 in tails {
            let input = [b0, b1, b2, b3]
            let (scalar, width) = input.withUnsafeBufferPointer { goDecodeRune($0, at: 0) }
            var iterator = input.makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            let agrees: Bool
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
              agrees = width == encoded.count && scalar == Unicode.UTF8.decode(encoded).value
            case .error:
              agrees = width == 1 && scalar == 0xFFFD
            case .emptyInput:
              agrees = false
            }
            if !agrees {
              Issue.record("\(input): (\(scalar), \(width))")
              return
            }
          }
        }
      }
    }
  }
}
