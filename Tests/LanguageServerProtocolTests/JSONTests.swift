// Checks the JSON parser against RFC 8259 (valid and invalid tables in the spirit of JSONTestSuite's y_ and n_
// cases), number and string edge cases, nesting limits, and the serializer's exact output and round trips.
import Foundation
import Testing

@testable import LanguageServerProtocol

/// Parses text, failing the test on error.
func parsed(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue? {
  do { return try parseJSON(Array(text.utf8)) } catch {
    Issue.record("parse failed: \(error.message) in \(text)", sourceLocation: sourceLocation)
    return nil
  }
}

/// The parse error for bytes, or nil when they parse.
func parseError(_ bytes: [UInt8]) -> JSONParseError? {
  do {
    _ = try parseJSON(bytes)
    return nil
  } catch { return error }
}

/// Compact serialization as a string.
func serialized(_ value: JSONValue) -> String { String(decoding: serializeJSON(value), as: UTF8.self) }

/// RFC 8259 conformance tables.
@Suite struct JSONParserTests {
  /// Documents that must parse, with their values.
  static let valid: [(String, JSONValue)] = [
    ("[]", []),
    ("{}", [:]),
    ("[null]", [nil]),
    ("[true,false]", [true, false]),
    ("0", 0),
    ("-0", 0),
    ("\"a\"", "a"),
    ("null", nil),
    (" \t\r\n[ 1 , 2 ]\n\r\t ", [1, 2]),
    ("[1,[2,[3,{}]]]", [1, [2, [3, [:]]]]),
    ("{\"a\":1,\"b\":[true,null]}", ["a": 1, "b": [true, nil]]),
    ("{\"a\":1,\"a\":2}", ["a": 2]),
    ("{\"\":0}", ["": 0]),
    ("{ \"a\" : { \"b\" : \"c\" } }", ["a": ["b": "c"]]),
    ("[1e1]", [.double(10)]),
    ("[1E+2]", [.double(100)]),
    ("[1e-2]", [.double(0.01)]),
    ("[-1.5]", [.double(-1.5)]),
    ("[0.5e0]", [.double(0.5)]),
    ("[1.0]", [.double(1)]),
    ("[123.456e-789]", [.double(0)]),
    ("\"\\u0000\"", "\u{0}"),
    ("\"\\/\"", "/"),
    ("\"\\\"\\\\\\b\\f\\n\\r\\t\"", "\"\\\u{8}\u{C}\n\r\t"),
    ("\"\\u00e9\\u00C9\"", "éÉ"),
    ("\"\\uD83D\\uDE00\"", "😀"),
    ("\"\\ud83d\\ude00x\"", "😀x"),
    ("\"\\uD800\"", "\u{FFFD}"),
    ("\"\\uDC00\"", "\u{FFFD}"),
    ("\"\\uD800\\u0041\"", "\u{FFFD}A"),
    ("\"\\uD800\\uD800\\uDC00\"", "\u{FFFD}\u{10000}"),
    ("\"\\uDFFF\\uD800x\"", "\u{FFFD}\u{FFFD}x"),
    ("\"é😀\u{7F}\"", "é😀\u{7F}"),
    ("\"a\\nb\"", "a\nb"),
    ("\"\u{2028}\u{2029}\"", "\u{2028}\u{2029}"),
    ("\"\\u2028\"", "\u{2028}"),
  ]

  /// Every valid document parses to its value.
  @Test func validDocuments() throws {
    for (text, expected) in Self.valid {
      #expect(parsed(text) == expected, "\(text)")
    }
  }

  /// Documents that must be rejected.
  static let invalid: [String] = [
    "", " ", "[", "]", "{", "}", "[1,]", "[,1]", "[1,,2]", "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\":}", "{a:1}",
    "{1:1}", "{\"a\" 1}", "[01]", "[-]", "[-01]", "[1.]", "[.1]", "[1e]", "[1e+]", "[+1]", "[0x1]", "[Infinity]",
    "[-Infinity]", "[NaN]", "[tru]", "[True]", "[nul]", "nulll", "'a'", "[\"a\\x\"]", "[\"\\u12\"]", "[\"\\u12G4\"]",
    "[\"\\uD800\\u\"]", "[\"a", "[\"a\\", "\"tab\there\"", "\"line\nbreak\"", "\"\u{1F}\"", "[1 2]",
    "{\"a\":1 \"b\":2}", "[1]]", "{\"a\":1}}", "[1] x", "1 1", "\u{A0}[1]", "[\u{C}1]", "[\u{B}1]",
    "\u{FEFF}[1]", "//c\n[1]", "[1,/*c*/2]", "[1e999]", "[-1e999]", "[\"a\"\"b\"]", "{\"a\":1;\"b\":2}",
    "[1,2", "{\"a\":[}", "[-2.]", "[2.e3]", "[1.5e]", "[0e+-1]", "[- 1]", "[\"\\U0041\"]", "[\"\\'\"]",
  ]

  /// Every invalid document is rejected.
  @Test func invalidDocuments() {
    for text in Self.invalid {
      #expect(parseError(Array(text.utf8)) != nil, "accepted: \(text.debugDescription)")
    }
  }

  /// Byte sequences with malformed UTF-8.
  static let invalidUTF8: [[UInt8]] = [
    [0x22, 0xFF, 0x22],
    [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
    [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong
    [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
    [0x22, 0xE2, 0x82, 0x22],  // truncated
    [0x22, 0x80, 0x22],  // lone continuation
    [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
    [0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22],  // five-byte form
    [0x22, 0x5C, 0x6E, 0xFF, 0x22],  // after an escape
    [0x22, 0xC3, 0x5C, 0x6E, 0x22],  // lead byte cut by an escape
    [0x5B, 0xFF, 0x5D],  // outside a string
  ]

  /// Malformed UTF-8 is rejected at the right offset.
  @Test func invalidUTF8IsRejected() {
    for bytes in Self.invalidUTF8 {
      #expect(parseError(bytes) != nil, "accepted: \(bytes)")
    }
    #expect(parseError([0x22, 0x61, 0xFF, 0x22])?.offset == 2)
    #expect(parseError([0x22, 0x5C, 0x6E, 0x61, 0xC3, 0x22])?.offset == 4)
    #expect(parseError([0x22, 0x61, 0xFF, 0x22])?.message == "invalid UTF-8 in a string at byte 2")
  }

  /// Error messages name the offending character and its offset.
  @Test func errorsNameTheCharacterAndOffset() throws {
    let e = try #require(parseError(Array("[1, x]".utf8)))
    #expect(e.offset == 4)
    #expect(e.message.hasPrefix("unexpected character 'x' at byte 4"))
    #expect(parseError(Array("[1,".utf8))?.message.hasPrefix("unexpected end of input at byte 3") == true)
    #expect(parseError([0x5B, 0x01, 0x5D])?.message.hasPrefix("unexpected byte 0x01 at byte 1") == true)
    #expect(parseError(Array("[1] 2".utf8))?.offset == 4)
    #expect(parseError(Array("\"ab\ncd\"".utf8))?.offset == 3)
    #expect(parseError(Array("[012]".utf8))?.offset == 1)
  }

  /// Special bytes are found at every offset of long strings (the scanner reads eight bytes at a time).
  @Test func specialBytesAtEveryOffsetInLongStrings() {
    for p in 0..<40 {
      let prefix = String(repeating: "a", count: p)
      let suffix = String(repeating: "b", count: 40 - p)
      #expect(parsed("\"\(prefix)\\n\(suffix)\"") == .string(prefix + "\n" + suffix))
      #expect(parsed("\"\(prefix)\\\"\(suffix)\"") == .string(prefix + "\"" + suffix))
      #expect(parsed("\"\(prefix)é\(suffix)\"") == .string(prefix + "é" + suffix))
      #expect(parsed("\"\\t\(prefix)é\(suffix)\"") == .string("\t" + prefix + "é" + suffix))
      #expect(parseError(Array("\"\(prefix)\u{1}\(suffix)\"".utf8))?.offset == p + 1)
      #expect(parseError(Array("\"\(prefix)".utf8) + [0xFF] + Array("\(suffix)\"".utf8))?.offset == p + 1)
      #expect(parseError(Array("\"\\n\(prefix)\u{1F}\(suffix)\"".utf8))?.offset == p + 3)
      #expect(parseError(Array("\"\\n\(prefix)".utf8) + [0xC3] + Array("\(suffix)\"".utf8))?.offset == p + 3)
      #expect(parseError(Array("\"\(prefix)\(suffix)".utf8))?.message == "unterminated string starting at byte 0")
    }
  }

  /// Non-contiguous collections, slices, strings and Data parse alike.
  @Test func nonContiguousCollectionsParse() throws {
    let bytes = Array("{\"k\":[1,2.5,\"s\"]}".utf8)
    let expected: JSONValue = ["k": [1, 2.5, "s"]]
    #expect(try parseJSON(bytes.lazy.map { $0 }) == expected)
    #expect(try parseJSON(bytes[...]) == expected)
    #expect(try parseJSON("{\"k\":[1,2.5,\"s\"]}") == expected)
    #expect(try parseJSON(Data(bytes)) == expected)
  }
}

/// Number parsing.
@Suite struct JSONNumberTests {
  /// Integers that fit in Int are `.int`; larger ones are `.double`.
  @Test func integers() {
    #expect(parsed("123") == .int(123))
    #expect(parsed("-45") == .int(-45))
    #expect(parsed("\(Int.max)") == .int(Int.max))
    #expect(parsed("\(Int.min)") == .int(Int.min))
    #expect(parsed("9223372036854775808") == .double(9_223_372_036_854_775_808))
    #expect(parsed("-9223372036854775809") == .double(-0x1p63))
    #expect(parsed("18446744073709551616") == .double(18_446_744_073_709_551_616))
    #expect(parsed("123456789012345678901234567890") == .double(1.2345678901234568e29))
  }

  /// Fractions and exponents parse to the nearest double.
  @Test func fractionsAndExponents() {
    #expect(parsed("0.1") == .double(0.1))
    #expect(parsed("3.141592653589793") == .double(3.141592653589793))
    #expect(parsed("-1.25e+3") == .double(-1250))
    #expect(parsed("1E-2") == .double(0.01))
    #expect(parsed("-0.0") == .double(-0.0))
    #expect(parsed("2.2250738585072014e-308") == .double(2.2250738585072014e-308))
    #expect(parsed("5e-324") == .double(.leastNonzeroMagnitude))
    #expect(parsed("1.7976931348623157e308") == .double(1.7976931348623157e308))
    #expect(parsed("0.30000000000000004") == .double(0.30000000000000004))
    #expect(parsed("123456789012345678.5") == .double(123_456_789_012_345_678.5))
    #expect(parsed("1e00000000000000000000000001") == .double(10))
    #expect(parseError(Array("1e400".utf8))?.message == "number out of range at byte 0")
  }

  /// Swift's shortest form of random doubles parses back to the same bits.
  @Test func randomDoublesRoundTripExactly() {
    var rng = SplitMix64(seed: 42)
    for _ in 0..<20_000 {
      let d = Double(bitPattern: rng.next())
      guard d.isFinite else { continue }
      let text = d.description
      #expect(parsed(text)?.doubleValue == d, "\(text)")
      let decimal = Double(Int64(bitPattern: rng.next()) % 10_000_000) / 1000
      #expect(parsed("\(decimal)")?.doubleValue == decimal)
    }
  }
}

/// The nesting limit.
@Suite struct JSONDepthTests {
  /// 512 levels parse; 513 do not.
  @Test func depthLimit() {
    let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
    #expect(parseError(Array(ok.utf8)) == nil)
    let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
    #expect(parseError(Array(tooDeep.utf8))?.message == "nesting deeper than 512 levels at byte 512")
  }

  /// Very deep input is an error, not a stack overflow.
  @Test func hundredThousandNestedArraysFailWithoutCrashing() {
    let deep =
      [UInt8](repeating: UInt8(ascii: "["), count: 100_000) + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
    #expect(parseError(deep)?.offset == 512)
    let objects = String(repeating: "{\"a\":", count: 100_000)
    #expect(parseError(Array(objects.utf8)) != nil)
  }
}

/// Serializer output.
@Suite struct JSONSerializerTests {
  /// Scalars, including doubles that print as integers and non-finite doubles.
  @Test func scalars() {
    #expect(serialized(nil) == "null")
    #expect(serialized(true) == "true")
    #expect(serialized(false) == "false")
    #expect(serialized(0) == "0")
    #expect(serialized(-5) == "-5")
    #expect(serialized(.int(Int.min)) == "-9223372036854775808")
    #expect(serialized(.int(Int.max)) == "9223372036854775807")
    #expect(serialized(.double(1.0)) == "1")
    #expect(serialized(.double(-2.0)) == "-2")
    #expect(serialized(.double(-0.0)) == "0")
    #expect(serialized(.double(0.5)) == "0.5")
    #expect(serialized(.double(1e300)) == "1e+300")
    #expect(serialized(.double(9_007_199_254_740_992)) == "9007199254740992")
    #expect(serialized(.double(-9_007_199_254_740_992)) == "-9007199254740992")
    #expect(serialized(.double(9_007_199_254_740_994)) == "9.007199254740994e+15")
    #expect(serialized(.double(.nan)) == "null")
    #expect(serialized(.double(.infinity)) == "null")
    #expect(serialized(.double(-.infinity)) == "null")
  }

  /// Strings escape quotes, backslashes, controls and line separators only.
  @Test func stringEscapes() {
    let s = "a\"b\\c/\n\r\t\u{8}\u{C}\u{0}\u{1}\u{1F}\u{7F}é😀\u{2028}x\u{2029}"
    let expected = #""a\"b\\c/\n\r\t\b\f\u0000\u0001\u001f"# + "\u{7F}é😀" + #"\u2028x\u2029""#
    #expect(serialized(.string(s)) == expected)
    #expect(parsed(expected) == .string(s))
    #expect(serialized("\u{2020}\u{2027}\u{202A}") == "\"\u{2020}\u{2027}\u{202A}\"")
  }

  /// The word-at-a-time skip over plain text escapes exactly what a byte-by-byte escaper does, wherever the
  /// bytes that need escaping fall relative to the eight-byte words (long plain runs, specials at every offset).
  @Test func escapingLongStringsMatchesAByteByByteEscaper() {
    var rng = SplitMix64(seed: 0xE5CA_9E)
    let specials: [String] = [
      "\"", "\\", "\n", "\u{0}", "\u{1F}", "\u{7F}", " ", "é", "\u{2028}", "\u{2029}", "\u{2027}", "€", "😀",
    ]
    for _ in 0..<2_000 {
      var s = ""
      for _ in 0..<Int.random(in: 0...6, using: &rng) {
        s += String(repeating: "abcdefgh", count: Int.random(in: 0...3, using: &rng))
        s += String("xyz0123".prefix(Int.random(in: 0...7, using: &rng)))
        s += specials.randomElement(using: &rng)!
      }
      #expect(serialized(.string(s)) == referenceEscaped(s), "\(Array(s.utf8))")
    }
  }

  /// Object keys are sorted by UTF-8 bytes, not UTF-16 units.
  @Test func keysAreSortedByUTF8Bytes() {
    let value: JSONValue = [
      "b": 1, "a": 2, "B": 3, "é": 4, "aa": 5, "": 6, "\u{10000}": 7, "\u{FFFF}": 8, "\u{E000}": 9,
    ]
    #expect(
      serialized(value)
        == "{\"\":6,\"B\":3,\"a\":2,\"aa\":5,\"b\":1,\"é\":4,\"\u{E000}\":9,\"\u{FFFF}\":8,\"\u{10000}\":7}")
    #expect(
      serialized(["z": ["y": 1, "x": [2, ["w": nil, "v": true]]]]) == #"{"z":{"x":[2,{"v":true,"w":null}],"y":1}}"#)
  }

  /// `appendJSON` appends to existing bytes.
  @Test func appendJSONAppends() {
    var out = Array("prefix:".utf8)
    appendJSON([1, "two"], to: &out)
    #expect(String(decoding: out, as: UTF8.self) == "prefix:[1,\"two\"]")
  }

  /// Pretty output uses two-space indentation and sorted keys.
  @Test func pretty() throws {
    let value: JSONValue = ["b": [1, [:], []], "a": ["c": "d"], "e": nil]
    let expected = """
      {
        "a": {
          "c": "d"
        },
        "b": [
          1,
          {},
          []
        ],
        "e": null
      }
      """
    #expect(prettyJSON(value) == expected)
    #expect(prettyJSON(1) == "1")
    #expect(try parseJSON(Array(expected.utf8)) == value)
  }

  /// Random values survive serialize-then-parse, and reserialize to the same bytes.
  @Test func randomValuesRoundTrip() throws {
    var rng = SplitMix64(seed: 20_240_917)
    for _ in 0..<2_000 {
      let value = randomJSON(&rng, depth: 0)
      let bytes = serializeJSON(value)
      let back = try parseJSON(bytes)
      #expect(back == normalized(value), "\(String(decoding: bytes, as: UTF8.self))")
      #expect(serializeJSON(back) == bytes)
    }
  }

  /// Foundation's parser accepts the serializer's output.
  @Test func foundationAcceptsOurOutput() throws {
    var rng = SplitMix64(seed: 7)
    for _ in 0..<300 {
      let bytes = serializeJSON(randomJSON(&rng, depth: 0))
      _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }
  }
}

/// Accessors, subscripts and literals.
@Suite struct JSONValueTests {
  /// Accessors and subscripts return nil for the wrong kind.
  @Test func accessorsAndSubscripts() {
    let v: JSONValue = ["s": "x", "i": 3, "d": 2.0, "f": 2.5, "b": true, "a": [1, 2], "o": ["k": nil]]
    #expect(v["s"]?.stringValue == "x")
    #expect(v["i"]?.intValue == 3)
    #expect(v["d"]?.intValue == 2)
    #expect(v["f"]?.intValue == nil)
    #expect(v["f"]?.doubleValue == 2.5)
    #expect(v["b"]?.boolValue == true)
    #expect(v["a"]?[1] == 2)
    #expect(v["a"]?[2] == nil)
    #expect(v["a"]?[-1] == nil)
    #expect(v["a"]?.arrayValue?.count == 2)
    #expect(v["o"]?.objectValue?.count == 1)
    #expect(v["o"]?["k"]?.isNull == true)
    #expect(v["missing"] == nil)
    #expect(v["s"]?["k"] == nil)
    #expect(v[0] == nil)
    #expect(JSONValue.double(.infinity).intValue == nil)
    #expect(JSONValue.double(9.3e18).intValue == nil)
    #expect(JSONValue.double(-9_223_372_036_854_775_808).intValue == Int.min)
    #expect(v.description.hasPrefix("{\"a\":[1,2]"))
  }
}

// MARK: Random values

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
  /// The generator's state.
  var state: UInt64
  /// Starts from a seed.
  init(seed: UInt64) { state = seed }
  /// The next random value.
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A string token escaped one scalar at a time: the specification `appendJSONString` must meet.
func referenceEscaped(_ s: String) -> String {
  var out = "\""
  for scalar in s.unicodeScalars {
    switch scalar {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    case "\u{8}": out += "\\b"
    case "\u{C}": out += "\\f"
    case "\u{2028}": out += "\\u2028"
    case "\u{2029}": out += "\\u2029"
    default:
      if scalar.value < 0x20 {
        let hex = Array("0123456789abcdef")
        out += "\\u00" + String(hex[Int(scalar.value >> 4)]) + String(hex[Int(scalar.value & 0xF)])
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }
  return out + "\""
}

/// A random string mixing ASCII, escapes, controls, line separators and astral characters.
func randomString(_ rng: inout SplitMix64) -> String {
  let pool: [Unicode.Scalar] = [
    "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\u{0}", "\u{1F}", "\u{7F}", "é", "\u{2028}", "\u{2029}", "€", "😀",
    "\u{10FFFF}", "\u{FFFD}",
  ]
  var s = String.UnicodeScalarView()
  for _ in 0..<Int.random(in: 0...12, using: &rng) {
    if Bool.random(using: &rng) {
      s.append(pool.randomElement(using: &rng)!)
    } else if let scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &rng)) {
      s.append(scalar)
    }
  }
  return String(s)
}

/// A random JSON value, nested at most five levels.
func randomJSON(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
  switch Int.random(in: 0..<(depth < 5 ? 9 : 6), using: &rng) {
  case 0: return .null
  case 1: return .bool(Bool.random(using: &rng))
  case 2: return .int(Int(truncatingIfNeeded: rng.next()) >> Int.random(in: 0..<64, using: &rng))
  case 3:
    let d = Double(bitPattern: rng.next())
    return .double(d.isFinite ? d : 0.25)
  case 4: return .double(Double(Int.random(in: -1_000_000...1_000_000, using: &rng)) / 64)
  case 5: return .string(randomString(&rng))
  case 6, 7:
    return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomJSON(&rng, depth: depth + 1) })
  default:
    var members: [String: JSONValue] = [:]
    for _ in 0..<Int.random(in: 0...4, using: &rng) { members[randomString(&rng)] = randomJSON(&rng, depth: depth + 1) }
    return .object(members)
  }
}

/// What a value reads back as: integral doubles within ±2^53 are written as integers.
func normalized(_ value: JSONValue) -> JSONValue {
  switch value {
  case .double(let d) where d.magnitude <= 9_007_199_254_740_992 && d == d.rounded(): return .int(Int(d))
  case .array(let a): return .array(a.map(normalized))
  case .object(let o): return .object(o.mapValues(normalized))
  default: return value
  }
}
