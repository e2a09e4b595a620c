// Pins the byte ranges and errors of `scanVariableReferences` against BuildKit's shell lexer (lex.go, lex_test.go).

import Testing

@testable import DockerfileSyntax

/// Table tests for the variable-reference scanner.
@Suite struct VariableReferencesTests {
  static let backslash: UInt8 = 0x5C
  static let backtick: UInt8 = 0x60

  /// One input with the references and errors it must produce.
  struct Case: Sendable, CustomTestStringConvertible {
    var input: [UInt8]
    var escape: UInt8 = VariableReferencesTests.backslash
    var references: [VariableReference] = []
    var errors: [VariableSyntaxError] = []
    var testDescription: String { String(decoding: input, as: UTF8.self) }

    init(
      _ input: String, escape: UInt8 = VariableReferencesTests.backslash, _ references: [VariableReference] = [],
      errors: [VariableSyntaxError] = []
    ) {
      self.init(bytes: Array(input.utf8), escape: escape, references, errors: errors)
    }

    init(
      bytes: [UInt8], escape: UInt8 = VariableReferencesTests.backslash, _ references: [VariableReference] = [],
      errors: [VariableSyntaxError] = []
    ) {
      self.input = bytes
      self.escape = escape
      self.references = references
      self.errors = errors
    }
  }

  /// A reference whose name `name` starts at byte `nameStart`.
  static func ref(
    _ range: Range<Int>, _ name: String, at nameStart: Int, braced: Bool = true, _ modifier: VariableModifier = .none,
    operand: Range<Int>? = nil, replacement: Range<Int>? = nil, depth: Int = 0
  ) -> VariableReference {
    let bytes = Array(name.utf8)
    return VariableReference(
      range: range, nameRange: nameStart..<(nameStart + bytes.count), name: bytes, isBraced: braced,
      modifier: modifier, operandRange: operand, replacementRange: replacement, depth: depth)
  }

  /// An unbraced `$NAME` reference starting at `start`.
  static func plain(_ start: Int, _ name: String, depth: Int = 0) -> VariableReference {
    ref(start..<(start + 1 + name.utf8.count), name, at: start + 1, braced: false, depth: depth)
  }

  /// A syntax error.
  static func err(_ range: Range<Int>, _ message: String) -> VariableSyntaxError {
    VariableSyntaxError(range: range, message: message)
  }

  static let missingBrace = "syntax error: missing '}'"
  static let missingSlash = "syntax error: missing '/' in ${}"
  static let badSubstitution = "syntax error: bad substitution"

  /// `unsupported modifier (m) in substitution`.
  static func unsupported(_ m: String) -> String { "unsupported modifier (\(m)) in substitution" }

  static func check(_ c: Case) {
    let result = scanVariableReferences(in: c.input, escape: c.escape)
    #expect(result.references == c.references)
    #expect(result.errors == c.errors)
  }

  static let simpleCases: [Case] = [
    Case("$X", [plain(0, "X")]),
    Case("${X}", [ref(0..<4, "X", at: 2)]),
    Case("a$X-b", [plain(1, "X")]),
    Case("$X$Y", [plain(0, "X"), plain(2, "Y")]),
    Case("$X_1.y", [plain(0, "X_1")]),
    Case("${X}}", [ref(0..<4, "X", at: 2)]),
    Case("pre ${ABC} post", [ref(4..<10, "ABC", at: 6)]),
    Case("$1x", [plain(0, "1")]),
    Case("$12x", [plain(0, "12")]),
    Case("$0a", [plain(0, "0")]),
    Case("$@", [plain(0, "@")]),
    Case("$$", [plain(0, "$")]),
    Case("$-x", [plain(0, "-")]),
    Case("$#$?$*$!", [plain(0, "#"), plain(2, "?"), plain(4, "*"), plain(6, "!")]),
    Case("${#}", [ref(0..<4, "#", at: 2)]),
    Case("${10}", [ref(0..<5, "10", at: 2)]),
    Case("$"),
    Case("a$"),
    Case("$ x"),
    Case("$.x"),
    Case("$/"),
    Case("<<$X", [plain(2, "X")]),
  ]

  @Test(arguments: simpleCases) func simple(_ c: Case) { Self.check(c) }

  static let modifierCases: [Case] = [
    Case("${X-w}", [ref(0..<6, "X", at: 2, .defaultIfUnset, operand: 4..<5)]),
    Case("${X:-w}", [ref(0..<7, "X", at: 2, .defaultIfUnsetOrEmpty, operand: 5..<6)]),
    Case("${X+w}", [ref(0..<6, "X", at: 2, .alternativeIfSet, operand: 4..<5)]),
    Case("${X:+w}", [ref(0..<7, "X", at: 2, .alternativeIfSetAndNotEmpty, operand: 5..<6)]),
    Case("${X?w}", [ref(0..<6, "X", at: 2, .errorIfUnset, operand: 4..<5)]),
    Case("${X:?w}", [ref(0..<7, "X", at: 2, .errorIfUnsetOrEmpty, operand: 5..<6)]),
    Case("${X#p}", [ref(0..<6, "X", at: 2, .removeShortestPrefix, operand: 4..<5)]),
    Case("${X##p}", [ref(0..<7, "X", at: 2, .removeLongestPrefix, operand: 5..<6)]),
    Case("${X%p}", [ref(0..<6, "X", at: 2, .removeShortestSuffix, operand: 4..<5)]),
    Case("${X%%p}", [ref(0..<7, "X", at: 2, .removeLongestSuffix, operand: 5..<6)]),
    Case("${X/p/r}", [ref(0..<8, "X", at: 2, .replaceFirst, operand: 4..<5, replacement: 6..<7)]),
    Case("${X//p/r}", [ref(0..<9, "X", at: 2, .replaceAll, operand: 5..<6, replacement: 7..<8)]),
    Case("${X///}", [ref(0..<7, "X", at: 2, .replaceAll, operand: 5..<5, replacement: 6..<6)]),
    Case("${X:-}", [ref(0..<6, "X", at: 2, .defaultIfUnsetOrEmpty, operand: 5..<5)]),
    Case("${X#}", [ref(0..<5, "X", at: 2, .removeShortestPrefix, operand: 4..<4)]),
    Case("${X##}", [ref(0..<6, "X", at: 2, .removeLongestPrefix, operand: 5..<5)]),
    Case("${X#\\#}", [ref(0..<7, "X", at: 2, .removeShortestPrefix, operand: 4..<6)]),
    Case("${X/a}b/c}", [ref(0..<10, "X", at: 2, .replaceFirst, operand: 4..<7, replacement: 8..<9)]),
    // BuildKit reads an empty name when the operator comes first, and expands it without complaint.
    Case("${+x}", [ref(0..<5, "", at: 2, .alternativeIfSet, operand: 3..<4)]),
    Case("${/a/b}", [ref(0..<7, "", at: 2, .replaceFirst, operand: 3..<4, replacement: 5..<6)]),
    // `{` has no meaning inside an operand; `}` ends it unless quoted or escaped.
    Case("${aaa:-bbb {foo}", [ref(0..<16, "aaa", at: 2, .defaultIfUnsetOrEmpty, operand: 7..<15)]),
    Case("${X:-'}'}", [ref(0..<9, "X", at: 2, .defaultIfUnsetOrEmpty, operand: 5..<8)]),
    Case("${X:-\"}\"}", [ref(0..<9, "X", at: 2, .defaultIfUnsetOrEmpty, operand: 5..<8)]),
    Case("${X:-\\}}", [ref(0..<8, "X", at: 2, .defaultIfUnsetOrEmpty, operand: 5..<7)]),
    Case("${X//\\//\\/}", [ref(0..<11, "X", at: 2, .replaceAll, operand: 5..<7, replacement: 8..<10)]),
    Case("${X/'/'/y}", [ref(0..<10, "X", at: 2, .replaceFirst, operand: 4..<7, replacement: 8..<9)]),
  ]

  @Test(arguments: modifierCases) func modifiers(_ c: Case) { Self.check(c) }

  static let nestingCases: [Case] = [
    Case(
      "${A:-$B}",
      [ref(0..<8, "A", at: 2, .defaultIfUnsetOrEmpty, operand: 5..<7), plain(5, "B", depth: 1)]),
    Case(
      "${A:-${B:-c}}",
      [
        ref(0..<13, "A", at: 2, .defaultIfUnsetOrEmpty, operand: 5..<12),
        ref(5..<12, "B", at: 7, .defaultIfUnsetOrEmpty, operand: 10..<11, depth: 1),
      ]),
    Case(
      "${A+${B?${C}}x}$D",
      [
        ref(0..<15, "A", at: 2, .alternativeIfSet, operand: 4..<14),
        ref(4..<13, "B", at: 6, .errorIfUnset, operand: 8..<12, depth: 1),
        ref(8..<12, "C", at: 10, depth: 2),
        plain(15, "D"),
      ]),
    Case(
      "${A/$B/${C}}",
      [
        ref(0..<12, "A", at: 2, .replaceFirst, operand: 4..<6, replacement: 7..<11),
        plain(4, "B", depth: 1),
        ref(7..<11, "C", at: 9, depth: 1),
      ]),
    Case(
      "${A#\"$B\"}",
      [ref(0..<9, "A", at: 2, .removeShortestPrefix, operand: 4..<8), plain(5, "B", depth: 1)]),
    Case("${A:-'$B'}", [ref(0..<10, "A", at: 2, .defaultIfUnsetOrEmpty, operand: 5..<9)]),
    Case("${A:-\\$B}", [ref(0..<9, "A", at: 2, .defaultIfUnsetOrEmpty, operand: 5..<8)]),
    Case(
      "\"${A:-\"$B\"}\"",
      [ref(1..<11, "A", at: 3, .defaultIfUnsetOrEmpty, operand: 6..<10), plain(7, "B", depth: 1)]),
  ]

  @Test(arguments: nestingCases) func nesting(_ c: Case) { Self.check(c) }

  static let quotingCases: [Case] = [
    Case("\\$X"),
    Case("\\${X}"),
    Case("\\\\$X", [plain(2, "X")]),
    Case("'$X'"),
    Case("'$X"),
    Case("\"$X\"", [plain(1, "X")]),
    Case("\"$X", [plain(1, "X")]),
    Case("\"\\$X\""),
    Case("\"\\a$X\"", [plain(3, "X")]),
    Case("\"\\\"$X\"", [plain(3, "X")]),
    Case("\"'$X'\"", [plain(2, "X")]),
    Case("'\"'$X", [plain(3, "X")]),
    Case("a\\'$X'", [plain(3, "X")]),
    Case("`$X", escape: backtick),
    Case("`${X}", escape: backtick),
    Case("\\$X", escape: backtick, [plain(1, "X")]),
    Case("\"`$X\"", escape: backtick),
    Case("\"\\$X\"", escape: backtick, [plain(2, "X")]),
    Case("${X:-`}}", escape: backtick, [ref(0..<8, "X", at: 2, .defaultIfUnsetOrEmpty, operand: 5..<7)]),
  ]

  @Test(arguments: quotingCases) func quoting(_ c: Case) { Self.check(c) }

  static let errorCases: [Case] = [
    Case("${", errors: [err(0..<2, missingBrace)]),
    Case("a${", errors: [err(1..<3, missingBrace)]),
    Case("${}", errors: [err(0..<3, badSubstitution)]),
    Case("${}$X", [plain(3, "X")], errors: [err(0..<3, badSubstitution)]),
    Case("${:}", errors: [err(0..<3, badSubstitution)]),
    Case("${:-bbb}", errors: [err(0..<3, badSubstitution)]),
    Case("${{aaa}", errors: [err(0..<3, badSubstitution)]),
    Case("${X", errors: [err(0..<3, missingBrace)]),
    Case("${X:", errors: [err(0..<4, missingBrace)]),
    Case("${X:-a", errors: [err(0..<6, missingBrace)]),
    Case("${X:-'}", errors: [err(0..<7, missingBrace)]),
    Case("${X:-\"}", errors: [err(0..<7, missingBrace)]),
    Case("${X:-a\\", errors: [err(0..<7, missingBrace)]),
    Case("${X/a", errors: [err(0..<5, missingSlash)]),
    Case("${X/a}", errors: [err(0..<6, missingSlash)]),
    Case("${X//ww}", errors: [err(0..<8, missingSlash)]),
    Case("${X/a/b", errors: [err(0..<7, missingBrace)]),
    Case("${X:#y}", errors: [err(0..<5, unsupported(":#"))]),
    Case("${X:##y}", errors: [err(0..<5, unsupported(":#"))]),
    Case("${X:%y}", errors: [err(0..<5, unsupported(":%"))]),
    Case("${X:#", errors: [err(0..<5, unsupported(":#"))]),
    Case("${X!y}", errors: [err(0..<4, unsupported("!"))]),
    Case("${X.y}", errors: [err(0..<4, unsupported("."))]),
    Case("${.}", errors: [err(0..<3, unsupported("."))]),
    Case("${1a}", errors: [err(0..<4, unsupported("a"))]),
    Case("${#X}", errors: [err(0..<4, unsupported("X"))]),
    Case("${X€}", errors: [err(0..<6, unsupported("€"))]),
    Case("${X!y} $Z", [plain(7, "Z")], errors: [err(0..<4, unsupported("!"))]),
    // BuildKit reads the operand of `${X:c...}` before rejecting the modifier.
    Case("${X:=y}", errors: [err(0..<7, unsupported(":="))]),
    Case("${X:x$Y}", [plain(5, "Y", depth: 1)], errors: [err(0..<8, unsupported(":x"))]),
    Case("${X:é}", errors: [err(0..<7, unsupported(":é"))]),
    Case("${X:}", errors: [err(0..<5, missingBrace)]),
    Case("${X:}abc}", errors: [err(0..<9, unsupported(":}"))]),
    // An error inside an operand leaves the enclosing reference intact.
    Case(
      "${A:-${}}", [ref(0..<9, "A", at: 2, .defaultIfUnsetOrEmpty, operand: 5..<8)],
      errors: [err(5..<8, badSubstitution)]),
    Case(
      "${A:-${X!y}z}", [ref(0..<11, "A", at: 2, .defaultIfUnsetOrEmpty, operand: 5..<10)],
      errors: [err(5..<9, unsupported("!"))]),
    // Only the outermost unterminated reference reports the end of the text, as in BuildKit.
    Case("${A:-${B", errors: [err(0..<8, missingBrace)]),
    Case("${A:-${B:-${", errors: [err(0..<12, missingBrace)]),
    Case("${A:-${B}", [ref(5..<9, "B", at: 7, depth: 1)], errors: [err(0..<9, missingBrace)]),
    Case("${A/${B", errors: [err(0..<7, missingSlash)]),
    Case("${A/x/${B/", errors: [err(0..<10, missingBrace)]),
    // After an error BuildKit never reaches, scanning resumes right after the offending character.
    Case(
      "$X ${A:-${B:#}", [plain(0, "X"), ref(3..<14, "A", at: 5, .defaultIfUnsetOrEmpty, operand: 8..<13)],
      errors: [err(8..<13, unsupported(":#"))]),
  ]

  @Test(arguments: errorCases) func errors(_ c: Case) { Self.check(c) }

  static let encodingCases: [Case] = [
    Case("$ñ", [plain(0, "ñ")]),
    Case("${ñé}x", [ref(0..<7, "ñé", at: 2)]),
    Case("$안녕 x", [plain(0, "안녕")]),
    Case("$aǅʰ", [plain(0, "aǅʰ")]),
    Case("$\u{661}\u{662}x", [plain(0, "\u{661}\u{662}")]),
    Case("$x\u{661}", [plain(0, "x\u{661}")]),
    Case("$€"),
    Case("$\u{2167}"),
    Case("$a\u{301}", [plain(0, "a")]),
    Case("$𝐀x", [plain(0, "𝐀x")]),
    Case(bytes: [0x24, 0xC3]),
    Case(bytes: [0x24, 0xFF, 0x41]),
    Case(bytes: [0x24, 0x41, 0xFF, 0x42], [plain(0, "A")]),
    Case(bytes: [0x24, 0x41, 0xC3], [plain(0, "A")]),
    Case(bytes: [0x24, 0xC1, 0x81]),
    Case(bytes: [0x24, 0xE0, 0x80, 0x80]),
    Case(bytes: [0x24, 0xED, 0xA0, 0x80]),
    Case(bytes: [0x24, 0xF4, 0x90, 0x80, 0x80]),
    Case(bytes: [0x24, 0x41, 0xE4, 0xB8], [plain(0, "A")]),
    Case(
      bytes: [0x24, 0x7B, 0x58, 0xFF, 0x7D], errors: [err(0..<4, unsupported("\u{FFFD}"))]),
    Case(
      bytes: [0x24, 0x7B, 0x58, 0x3A, 0xFF, 0x7D], errors: [err(0..<6, unsupported(":\u{FFFD}"))]),
    Case(bytes: [0x24, 0x41, 0x00, 0x24, 0x42], [plain(0, "A"), plain(3, "B")]),
    Case(bytes: [0x24, 0x00]),
    Case(bytes: [0x24, 0x7B, 0x58, 0x00, 0x7D], errors: [err(0..<4, unsupported("\u{0}"))]),
    Case(bytes: [0x27, 0x00, 0x27, 0x24, 0x58], [plain(3, "X")]),
  ]

  @Test(arguments: encodingCases) func encoding(_ c: Case) { Self.check(c) }

  @Test func baseOffsetShiftsEveryRange() {
    let text = Array("a ${X/p/${Y}} ${".utf8)
    let result = text.withUnsafeBufferPointer {
      scanVariableReferences(in: $0, escape: Self.backslash, baseOffset: 100)
    }
    #expect(
      result.references == [
        Self.ref(102..<113, "X", at: 104, .replaceFirst, operand: 106..<107, replacement: 108..<112),
        Self.ref(108..<112, "Y", at: 110, depth: 1),
      ])
    #expect(result.errors == [Self.err(114..<116, Self.missingBrace)])
  }

  @Test func emptyText() {
    let result = scanVariableReferences(in: [], escape: Self.backslash)
    #expect(result.references.isEmpty)
    #expect(result.errors.isEmpty)
  }

  @Test func deepNestingIsIterative() {
    let depth = 100_000
    let open = Array(repeating: Array("${a:-".utf8), count: depth).flatMap { $0 }
    let text = open + Array("x".utf8) + Array(repeating: UInt8(ascii: "}"), count: depth)
    let result = scanVariableReferences(in: text, escape: Self.backslash)
    #expect(result.errors.isEmpty)
    #expect(result.references.count == depth)
    var ok = true
    for (k, r) in result.references.enumerated() {
      let start = 5 * k
      let end = text.count - k
      ok =
        ok && r.depth == k && r.range == start..<end && r.nameRange == (start + 2)..<(start + 3)
        && r.operandRange == (start + 5)..<(end - 1) && r.modifier == .defaultIfUnsetOrEmpty
    }
    #expect(ok)
  }

  @Test func deepUnterminatedNestingReportsOnce() {
    let depth = 100_000
    let text = Array(repeating: Array("${a:-".utf8), count: depth).flatMap { $0 }
    let result = scanVariableReferences(in: text, escape: Self.backslash)
    #expect(result.references.isEmpty)
    #expect(result.errors == [Self.err(0..<text.count, Self.missingBrace)])
  }

  @Test func deepQuotesAndPatterns() {
    let depth = 50_000
    let open = Array(repeating: Array("\"${a/x".utf8), count: depth).flatMap { $0 }
    let close = Array(repeating: Array("/}\"".utf8), count: depth).flatMap { $0 }
    let result = scanVariableReferences(in: open + close, escape: Self.backslash)
    #expect(result.errors.isEmpty)
    #expect(result.references.count == depth)
    #expect(result.references.last?.depth == depth - 1)
    #expect(result.references.allSatisfy { $0.modifier == .replaceFirst })
  }

  /// Every byte sequence scans without trapping, and every range lies inside the text.
  @Test func arbitraryBytesStayInBounds() {
    let alphabet: [UInt8] = Array("${}:-+?#%/'\"\\`aZ1@ ".utf8) + [0x00, 0xC3, 0xB1, 0xFF]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var ok = true
    for _ in 0..<20_000 {
      var text: [UInt8] = []
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let length = Int(state >> 59)
      for _ in 0..<length {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        text.append(alphabet[Int(state >> 33) % alphabet.count])
      }
      for escape in [Self.backslash, Self.backtick] {
        let result = scanVariableReferences(in: text, escape: escape)
        let all = 0...text.count
        for r in result.references {
          ok = ok && all.contains(r.range.lowerBound) && all.contains(r.range.upperBound)
          ok = ok && r.range.lowerBound <= r.nameRange.lowerBound && r.nameRange.upperBound <= r.range.upperBound
          ok = ok && text[r.range.lowerBound] == UInt8(ascii: "$") && Array(text[r.nameRange]) == r.name
          if let operand = r.operandRange { ok = ok && r.range.contains(operand.lowerBound) }
        }
        for e in result.errors {
          ok = ok && all.contains(e.range.upperBound) && e.range.lowerBound < text.count
          ok = ok && text[e.range.lowerBound] == UInt8(ascii: "$")
        }
      }
    }
    #expect(ok)
  }
}
