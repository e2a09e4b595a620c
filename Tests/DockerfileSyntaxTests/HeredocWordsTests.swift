// Pins our BuildKit shell-lexer and heredoc-opener emulation to outputs observed from BuildKit's own Go code.

import Testing

@testable import DockerfileSyntax

/// Lexes `input` with BuildKit's ProcessWords emulation.
private func shellLex(
  _ input: [UInt8], rawQuotes: Bool = false, rawEscapes: Bool = false
) -> Result<[BuildKitShellWords.Word], BuildKitShellWords.LexError> {
  input.withUnsafeBufferPointer { BuildKitShellWords.processWords($0, rawQuotes: rawQuotes, rawEscapes: rawEscapes) }
}

/// The words of `input` as strings, or `ERR <message>`.
private func shellLexStrings(_ input: [UInt8], rawQuotes: Bool = false, rawEscapes: Bool = false) -> [String] {
  switch shellLex(input, rawQuotes: rawQuotes, rawEscapes: rawEscapes) {
  case .success(let words): return words.map { String(decoding: $0.bytes, as: UTF8.self) }
  case .failure(let error): return ["ERR " + error.message]
  }
}

/// heredocsFromLine on a string line.
private func lineOpeners(_ line: String) -> Result<[HeredocOpener], BuildKitShellWords.LexError> {
  Array(line.utf8).withUnsafeBufferPointer { HeredocWords.heredocsFromLine($0) }
}

/// One ProcessWords expectation: words (or `ERR ...`) without raw flags, with raw quotes, with both raw flags.
struct ShellWordsTestCase: CustomStringConvertible, Sendable {
  /// The bytes to lex.
  var input: [UInt8]
  /// Expected words with no raw flags.
  var plain: [String]
  /// Expected words with raw quotes.
  var rawQuotes: [String]
  /// Expected words with raw quotes and raw escapes.
  var rawBoth: [String]
  /// The input, for test names.
  var description: String { String(decoding: input, as: UTF8.self) }

  /// A case whose input is text; omitted expectations repeat the previous one.
  init(_ input: String, _ plain: [String], _ rawQuotes: [String]? = nil, _ rawBoth: [String]? = nil) {
    self.init(bytes: Array(input.utf8), plain, rawQuotes, rawBoth)
  }

  /// A case whose input is arbitrary bytes; omitted expectations repeat the previous one.
  init(bytes: [UInt8], _ plain: [String], _ rawQuotes: [String]? = nil, _ rawBoth: [String]? = nil) {
    self.input = bytes
    self.plain = plain
    self.rawQuotes = rawQuotes ?? plain
    self.rawBoth = rawBoth ?? rawQuotes ?? plain
  }
}

private func lexFailure(_ source: String, _ message: String) -> [String] {
  ["ERR failed to process \(source): \(message)"]
}

private let lexMissingBrace = "syntax error: missing '}'"
private let lexMissingSlash = "syntax error: missing '/' in ${}"
private let lexBadSubstitution = "syntax error: bad substitution"
private let lexOpenSingle = "unexpected end of statement while looking for matching single-quote"
private let lexOpenDouble = "unexpected end of statement while looking for matching double-quote"

private let shellWordsCases: [ShellWordsTestCase] = [
  ShellWordsTestCase(#"a b "c d""#, ["a", "b", "c d"], ["a", "b", #""c d""#]),
  ShellWordsTestCase("hello there     ", ["hello", "there"]),
  ShellWordsTestCase(#"hello" there  ""#, ["hello there  "], [#"hello" there  ""#]),
  ShellWordsTestCase(#"hello\ there"#, ["hello there"], ["hello there"], [#"hello\ there"#]),
  ShellWordsTestCase(#"hello\" there"#, [#"hello""#, "there"], [#"hello""#, "there"], [#"hello\""#, "there"]),
  ShellWordsTestCase(#"hello"\\there""#, [#"hello\there"#], [#"hello"\there""#], [#"hello"\\there""#]),
  ShellWordsTestCase(#"hello'\\there'"#, [#"hello\\there"#], [#"hello'\\there'"#]),
  ShellWordsTestCase("hello'$there'", ["hello$there"], ["hello'$there'"]),
  ShellWordsTestCase("$x y", ["$x", "y"]),
  ShellWordsTestCase("$1x $@a $", ["$1x", "$@a", "$"]),
  ShellWordsTestCase("${a:-b c}", ["${a:-b", "c}"]),
  ShellWordsTestCase("${x+y z}", ["${x+y", "z}"]),
  // A nested ${...} empties the word being built (Go's shared wordsBuffer).
  ShellWordsTestCase("a${x:-b}c", ["${x:-b}c"]),
  ShellWordsTestCase(#"pre"${x:-y}""#, ["${x:-y}"], [#""${x:-y}""#]),
  ShellWordsTestCase("${x//a/b}", ["${x/a/b}"]),
  ShellWordsTestCase("${x#y} ${x%%y} ${x?}", ["${x#y}", "${x%%y}", "${x?}"]),
  ShellWordsTestCase("${x:a}", ["${x:a}"]),
  ShellWordsTestCase("${x:}}", ["${x:}}"]),
  ShellWordsTestCase(#"\"#, [], [], [#"\"#]),
  ShellWordsTestCase(#"a\"#, ["a"], ["a"], [#"a\"#]),
  ShellWordsTestCase(#""\x""#, [#"\x"#], [#""\x""#], [#""\\x""#]),
  ShellWordsTestCase("<<  EOF x", ["<<  EOF", "x"]),
  ShellWordsTestCase("<< \tEOF", ["<< \tEOF"]),
  ShellWordsTestCase("a<b", ["a<b"]),
  ShellWordsTestCase("''", [], ["''"]),
  ShellWordsTestCase("'' a", ["a"], ["''", "a"]),
  ShellWordsTestCase("$\u{661}\u{662}x", ["$\u{661}\u{662}x"]),
  ShellWordsTestCase("$a\u{661}", ["$a\u{661}"]),
  ShellWordsTestCase("$\u{E9}t\u{E9} ok", ["$\u{E9}t\u{E9}", "ok"]),
  ShellWordsTestCase("a\u{A0}b a\u{3000}b a\u{85}b", ["a", "b", "a", "b", "a", "b"]),
  ShellWordsTestCase("a\u{FEFF}b", ["a\u{FEFF}b"]),
  ShellWordsTestCase("\u{FEFF}a", ["a"]),
  ShellWordsTestCase(bytes: [0xFF, 0xFE], ["\u{FFFD}\u{FFFD}"]),
  ShellWordsTestCase(bytes: [0x61, 0x00, 0x62], ["a\u{0}b"]),
  ShellWordsTestCase(bytes: [0x5C, 0xFF], ["\u{FFFD}"], ["\u{FFFD}"], ["\\\u{FFFD}"]),
  ShellWordsTestCase(bytes: Array("${x:".utf8) + [0xFF, 0x7D], ["${x:\u{FFFD}}"]),
  // Errors.
  ShellWordsTestCase("'a", lexFailure(#""'a""#, lexOpenSingle)),
  ShellWordsTestCase(#""a"#, lexFailure(#""\"a""#, lexOpenDouble)),
  ShellWordsTestCase(#""a\"#, lexFailure(#""\"a\\""#, lexOpenDouble)),
  ShellWordsTestCase("${", lexFailure(#""${""#, lexMissingBrace)),
  ShellWordsTestCase("${}", lexFailure(#""${}""#, lexBadSubstitution)),
  ShellWordsTestCase("${:", lexFailure(#""${:""#, lexBadSubstitution)),
  ShellWordsTestCase("${{", lexFailure(#""${{""#, lexBadSubstitution)),
  ShellWordsTestCase("${x", lexFailure(#""${x""#, "unsupported modifier (\u{FFFD}) in substitution")),
  ShellWordsTestCase("${x y}", lexFailure(#""${x y}""#, "unsupported modifier ( ) in substitution")),
  ShellWordsTestCase("${x:#y}", lexFailure(#""${x:#y}""#, "unsupported modifier (:#) in substitution")),
  ShellWordsTestCase("${x:%y}", lexFailure(#""${x:%y}""#, "unsupported modifier (:%) in substitution")),
  ShellWordsTestCase("${x/a", lexFailure(#""${x/a""#, lexMissingSlash)),
  ShellWordsTestCase("${x/a/b", lexFailure(#""${x/a/b""#, lexMissingBrace)),
  ShellWordsTestCase(#"${x/\"#, lexFailure(#""${x/\\""#, lexMissingSlash)),
  ShellWordsTestCase(#"${x:-\"#, lexFailure(#""${x:-\\""#, lexMissingBrace)),
  ShellWordsTestCase("${x:", lexFailure(#""${x:""#, lexMissingBrace)),
  ShellWordsTestCase("${x:}", lexFailure(#""${x:}""#, lexMissingBrace)),
  ShellWordsTestCase(#"${x:-"a"#, lexFailure(#""${x:-\"a""#, lexMissingBrace)),
  ShellWordsTestCase("${x:-'a", lexFailure(#""${x:-'a""#, lexMissingBrace)),
  ShellWordsTestCase(#"${x/"a"#, lexFailure(#""${x/\"a""#, lexMissingSlash)),
  ShellWordsTestCase(#""${x/a""#, lexFailure(#""\"${x/a\"""#, lexMissingSlash)),
  ShellWordsTestCase("${x:-${}}", lexFailure(#""${x:-${}}""#, lexBadSubstitution)),
  ShellWordsTestCase(bytes: [0xFF, 0x27], lexFailure(#""\xff'""#, lexOpenSingle)),
  ShellWordsTestCase("\"\u{1}\u{7}\n\t\\", lexFailure(#""\"\x01\a\n\t\\""#, lexOpenDouble)),
]

/// Tests for the ProcessWords emulation.
@Suite struct BuildKitShellWordsTests {
  /// Every table row agrees with BuildKit in all three flag combinations.
  @Test(arguments: shellWordsCases)
  func processWordsMatchesBuildKit(_ testCase: ShellWordsTestCase) {
    #expect(shellLexStrings(testCase.input) == testCase.plain)
    #expect(shellLexStrings(testCase.input, rawQuotes: true) == testCase.rawQuotes)
    #expect(shellLexStrings(testCase.input, rawQuotes: true, rawEscapes: true) == testCase.rawBoth)
  }

  /// Word source ranges point at the input bytes the words came from.
  @Test func sourceRangesCoverTheWords() throws {
    let words = try shellLex(Array(#"RUN  3<<-"EOF" x"#.utf8), rawQuotes: true, rawEscapes: true).get()
    #expect(words.map(\.sourceRange) == [0..<3, 5..<14, 15..<16])
    let expanded = try shellLex(Array("a${x:-b c}d".utf8)).get()
    #expect(expanded.map { String(decoding: $0.bytes, as: UTF8.self) } == ["${x:-b", "c}d"])
    #expect(expanded.map(\.sourceRange) == [1..<10, 1..<11])
  }

  /// Source ranges are non-empty, monotonic and inside the input.
  @Test func sourceRangesStayInsideTheInputAndInOrder() {
    let inputs: [[UInt8]] = [
      Array(#"a "b c" 'd' ${e:-f g} $h\ i <<  j"#.utf8),
      Array("\u{FEFF}x y".utf8),
      [0xFF, 0x20, 0x00, 0x5C, 0x20, 0x41, 0xC3],
    ]
    for input in inputs {
      for rawQuotes in [false, true] {
        for rawEscapes in [false, true] {
          guard case .success(let words) = shellLex(input, rawQuotes: rawQuotes, rawEscapes: rawEscapes) else {
            Issue.record("unexpected error for \(input)")
            continue
          }
          var previous = 0..<0
          for word in words {
            #expect(!word.sourceRange.isEmpty)
            #expect(word.sourceRange.lowerBound >= previous.lowerBound)
            #expect(word.sourceRange.upperBound >= previous.upperBound)
            #expect(word.sourceRange.upperBound <= input.count)
            previous = word.sourceRange
          }
        }
      }
    }
  }

  /// 100,000 nested `${a:-` neither overflow the stack nor change the result.
  @Test func deepNestingNeitherRecursesNorFails() throws {
    let depth = 100_000
    let open = Array("${a:-".utf8)
    var input: [UInt8] = []
    input.reserveCapacity(depth * 6 + 1)
    for _ in 0..<depth { input.append(contentsOf: open) }
    input.append(0x78)
    input.append(contentsOf: repeatElement(0x7D, count: depth))
    let words = try shellLex(input).get()
    #expect(words.count == 1)
    #expect(words.first?.bytes == input)

    // Unterminated, and inside a pattern: the outermost ${ decides the message, as in Go.
    let unterminated = Array(repeatElement(Array("\"${a/".utf8), count: depth).joined())
    guard case .failure(let error) = shellLex(unterminated) else {
      Issue.record("expected an error")
      return
    }
    #expect(error.message.hasSuffix(": " + lexMissingSlash))
  }

  /// Pseudo-random bytes (NUL, invalid UTF-8, every special character) never crash.
  @Test func arbitraryBytesNeverCrash() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let alphabet: [UInt8] =
      Array(#"${}:-+?#%/'"\< ab1_@"#.utf8) + [0x00, 0x09, 0x0A, 0x0B, 0xFF, 0xC3, 0xA9, 0xE3, 0x80]
    for _ in 0..<2_000 {
      var input: [UInt8] = []
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      for _ in 0..<Int(state >> 59) {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        input.append(alphabet[Int(state >> 33) % alphabet.count])
      }
      for rawQuotes in [false, true] {
        for rawEscapes in [false, true] {
          if case .success(let words) = shellLex(input, rawQuotes: rawQuotes, rawEscapes: rawEscapes) {
            for word in words { #expect(word.sourceRange.upperBound <= input.count) }
          }
        }
      }
      _ = HeredocWords.parseHeredoc(input)
      _ = input.withUnsafeBufferPointer { HeredocWords.heredocsFromLine($0) }
    }
  }

  /// Error messages quote the source like Go's `%q`.
  @Test func goQuotingMatchesStrconvQuote() {
    #expect(BuildKitShellWords.goQuoted(Array("a\"b\\c".utf8)) == #""a\"b\\c""#)
    #expect(BuildKitShellWords.goQuoted([0x01, 0x7F, 0xFF, 0x0B]) == #""\x01\x7f\xff\v""#)
    #expect(
      BuildKitShellWords.goQuoted(Array("\u{A0}\u{AD}\u{2028}\u{E000}\u{E0001}é😀".utf8))
        == #""\u00a0\u00ad\u2028\ue000\U000e0001é😀""#)
  }
}

/// One heredoc opener expectation.
struct HeredocLineTestCase: CustomStringConvertible, Sendable {
  /// The instruction line.
  var line: String
  /// Expected terminator names, in order.
  var names: [String]
  /// Expected `expand` flags.
  var expand: [Bool]
  /// Expected `chomp` flags.
  var chomp: [Bool]
  /// Expected file descriptors.
  var fileDescriptors: [UInt]
  /// The line, for test names.
  var description: String { line }

  /// A case from a line and its expected openers.
  init(_ line: String, _ openers: [(name: String, expand: Bool, chomp: Bool, fd: UInt)]) {
    self.line = line
    self.names = openers.map(\.name)
    self.expand = openers.map(\.expand)
    self.chomp = openers.map(\.chomp)
    self.fileDescriptors = openers.map(\.fd)
  }
}

// TestParseExtractsHeredoc and TestHeredocsFromLine, per instruction line.
private let heredocLineCases: [HeredocLineTestCase] = [
  HeredocLineTestCase("ENV NAME=me", []),
  HeredocLineTestCase("RUN ls", []),
  HeredocLineTestCase("RUN <<EMPTY", [("EMPTY", true, false, 0)]),
  HeredocLineTestCase("RUN 3<<EMPTY2", [("EMPTY2", true, false, 3)]),
  HeredocLineTestCase(#"RUN "<<NOHEREDOC""#, []),
  HeredocLineTestCase("RUN <<INDENT", [("INDENT", true, false, 0)]),
  HeredocLineTestCase("RUN <<-UNINDENT", [("UNINDENT", true, true, 0)]),
  HeredocLineTestCase("RUN <<-UNINDENT2", [("UNINDENT2", true, true, 0)]),
  HeredocLineTestCase("RUN <<-EXPAND", [("EXPAND", true, true, 0)]),
  HeredocLineTestCase("RUN <<-'NOEXPAND'", [("NOEXPAND", false, true, 0)]),
  HeredocLineTestCase("RUN <<COPY", [("COPY", true, false, 0)]),
  HeredocLineTestCase("RUN <<COMMENT", [("COMMENT", true, false, 0)]),
  HeredocLineTestCase("RUN --mount=type=cache,target=/foo <<MOUNT", [("MOUNT", true, false, 0)]),
  HeredocLineTestCase("COPY <<FILE1 <<FILE2 /dest", [("FILE1", true, false, 0), ("FILE2", true, false, 0)]),
  HeredocLineTestCase("COPY <<EOF /quotes", [("EOF", true, false, 0)]),
  HeredocLineTestCase("COPY <<X <<Y /dest", [("X", true, false, 0), ("Y", true, false, 0)]),
  HeredocLineTestCase("RUN <<COMPLEX python3", [("COMPLEX", true, false, 0)]),
  HeredocLineTestCase("COPY <<file.txt /dest", [("file.txt", true, false, 0)]),
  HeredocLineTestCase("RUN <<eo'f'", [("eof", false, false, 0)]),
  HeredocLineTestCase(#"RUN <<eo\'f"#, [("eo'f", true, false, 0)]),
  HeredocLineTestCase(#"RUN <<'e'o\'f"#, [("eo'f", false, false, 0)]),
  HeredocLineTestCase("RUN <<'one two'", [("one two", false, false, 0)]),
  HeredocLineTestCase("RUN <<$EOF", [("$EOF", true, false, 0)]),
  HeredocLineTestCase("RUN <<  EOF", [("EOF", true, false, 0)]),
  HeredocLineTestCase("RUN <<  EOF  > foo", [("EOF", true, false, 0)]),
  HeredocLineTestCase("RUN <<EOF", [("EOF", true, false, 0)]),
  // Go's TestHeredocsFromLine lists "EOF" here but only checks the openers it finds, and it finds none:
  // `<<` keeps only [\t\r ] after it, so `-` ends up alone in the word `<<-`, which has no name.
  HeredocLineTestCase("RUN <<- EOF", []),
  HeredocLineTestCase("RUN << -EOF", [("-EOF", true, false, 0)]),
  HeredocLineTestCase("RUN <<'EOF'", [("EOF", false, false, 0)]),
  HeredocLineTestCase("RUN 4<<EOF", [("EOF", true, false, 4)]),
  HeredocLineTestCase("RUN <<EOF <<EOF2", [("EOF", true, false, 0), ("EOF2", true, false, 0)]),
  HeredocLineTestCase("RUN '<<EOF'", []),
  HeredocLineTestCase(#"RUN "<<EOF""#, []),
  HeredocLineTestCase("RUN a<<EOF", []),
  HeredocLineTestCase("RUN <<a\u{A0}b", [("a", true, false, 0)]),
  HeredocLineTestCase(
    "RUN 18446744073709551616<<A 18446744073709551615<<B", [("A", true, false, .max), ("B", true, false, .max)]
  ),
  // The whole line fails to lex, which BuildKit ignores: no heredocs.
  HeredocLineTestCase("RUN <<EOF'", []),
  HeredocLineTestCase("RUN <<EOF ${", []),
]

/// Tests for ParseHeredoc and heredocsFromLine.
@Suite struct HeredocWordsTests {
  /// Every instruction line yields BuildKit's openers.
  @Test(arguments: heredocLineCases)
  func heredocsFromLineMatchesBuildKit(_ testCase: HeredocLineTestCase) throws {
    let found = try lineOpeners(testCase.line).get()
    #expect(found.map { String(decoding: $0.name, as: UTF8.self) } == testCase.names)
    #expect(found.map(\.expand) == testCase.expand)
    #expect(found.map(\.chomp) == testCase.chomp)
    #expect(found.map(\.fileDescriptor) == testCase.fileDescriptors)
  }

  /// An opener's range covers its whole word, digits and quotes included.
  @Test func openerSourceRangesSpanTheWholeWord() throws {
    let found = try lineOpeners(#"COPY <<FILE1  3<<-"F 2" /dest"#).get()
    #expect(found.map(\.sourceRange) == [5..<12, 14..<23])
  }

  /// A broken opener word fails the whole line with ParseHeredoc's error.
  @Test func lineErrorComesFromTheBrokenOpenerWord() {
    // The expansion's text splits into `${x:-a` and `<<'}`, whose rest `'}` has an unterminated quote.
    let result = lineOpeners(#"RUN ${x:-a <<\'}"#)
    #expect(result == .failure(.init(message: #"failed to process "'}": "# + lexOpenSingle)))
  }

  /// TestParseHeredocHelpers: words that name EOF.
  @Test(arguments: [
    "<<EOF", "<<'EOF'", #"<<"EOF""#, "<<-EOF", "<<-'EOF'", #"<<-"EOF""#, #"<<EO"F""#, "<< EOF", "<<- EOF",
  ])
  func parseHeredocFindsEOF(_ word: String) throws {
    let opener = try #require(try HeredocWords.parseHeredoc(Array(word.utf8)).get())
    #expect(opener.name == Array("EOF".utf8))
    #expect(opener.chomp == word.hasPrefix("<<-"))
    #expect(opener.expand == !(word.contains("'") || word.contains("\"")))
    #expect(opener.fileDescriptor == 0)
    #expect(opener.sourceRange == 0..<word.utf8.count)
  }

  /// TestParseHeredocHelpers: words whose quoting is broken.
  @Test(arguments: [
    ("<<'EOF", #"failed to process "'EOF": "# + lexOpenSingle),
    (#"<<"EOF"#, #"failed to process "\"EOF": "# + lexOpenDouble),
    ("<<EOF'", #"failed to process "EOF'": "# + lexOpenSingle),
    (#"<<EOF""#, #"failed to process "EOF\"": "# + lexOpenDouble),
    ("<<'' a", "internal lexing of heredoc produced inconsistent results: '' a"),
  ])
  func parseHeredocReportsBrokenQuoting(_ word: String, _ message: String) {
    #expect(HeredocWords.parseHeredoc(Array(word.utf8)) == .failure(.init(message: message)))
  }

  /// TestParseHeredocHelpers: words that are not heredocs.
  @Test(arguments: ["", "EOF", "<<", "<<-", "<EOF", "<<<EOF", "<<EOF sh", "<<   ", "a<<EOF", "<<EOF<"])
  func parseHeredocRejectsNonHeredocs(_ word: String) {
    #expect(HeredocWords.parseHeredoc(Array(word.utf8)) == .success(nil))
  }

  /// Vertical tab, file descriptor digits and invalid UTF-8 in the name.
  @Test func parseHeredocDetails() throws {
    // `\s` in BuildKit's regex has no \v, but the lexer then treats \v as a word separator.
    let vertical = try #require(try HeredocWords.parseHeredoc(Array("<<\u{B}EOF".utf8)).get())
    #expect(vertical.name == Array("EOF".utf8))
    let padded = try #require(try HeredocWords.parseHeredoc(Array("007<<-  X".utf8)).get())
    #expect(padded.fileDescriptor == 7 && padded.chomp && padded.name == [0x58])
    let invalid = try #require(try HeredocWords.parseHeredoc([0x3C, 0x3C, 0xFF]).get())
    #expect(invalid.name == [0xEF, 0xBF, 0xBD])
  }
}

@Suite("Heredoc fast path")
struct HeredocFastPathTests {
  /// The whitespace-splitting fast path must agree with the full BuildKit lexer on every line it accepts.
  @Test func fastPathAgreesWithTheFullLexer() {
    var rng = SplitMix64(state: 7)
    let pieces = [
      "<<", "<<-", "<", "EOF", "E", "-", "3", "12", " ", "  ", "\t", "\r", "x", "RUN", "cat", "<<<", "a<<b",
    ]
    var accepted = 0
    for _ in 0..<20_000 {
      let count = Int.random(in: 1...8, using: &rng)
      let text = (0..<count).map { _ in pieces.randomElement(using: &rng)! }.joined()
      let bytes = Array(text.utf8)
      bytes.withUnsafeBufferPointer { p in
        guard let fast = simpleHeredocsFromLine(p) else { return }
        accepted += 1
        guard case .success(let full) = HeredocWords.heredocsFromLine(p) else {
          Issue.record("full lexer failed on \(text.debugDescription)")
          return
        }
        #expect(fast == full, "\(text.debugDescription)")
      }
    }
    #expect(accepted > 10_000)
  }
}
