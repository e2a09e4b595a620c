// BuildKit finds heredoc names with its shell lexer, so we reproduce that lexer's word splitting byte for byte.

/// Emulates BuildKit's shell lexer word splitting (ProcessWords) with every variable unset and SkipUnsetEnv.
///
/// This mirrors `(*shell.Lex).ProcessWords(word, emptyEnvs{})` with escape token `\` and `SkipUnsetEnv = true`,
/// including its quirks: a `$` expansion's text is split on whitespace, a nested `${...}` clears the word being
/// built, invalid UTF-8 reads as U+FFFD, and a leading U+FEFF is skipped. The lexer keeps its own explicit stack,
/// so arbitrarily deep `${a:-${b:-...}}` nesting cannot exhaust the call stack.
public enum BuildKitShellWords {
  /// One word produced by the lexer.
  public struct Word: Equatable, Sendable {
    /// The word's bytes, exactly as BuildKit produces them.
    public var bytes: [UInt8]
    /// Input byte offsets from the first to past the last input byte that contributed to the word (best effort).
    public var sourceRange: Range<Int>

    /// Creates a word from its bytes and source range.
    public init(bytes: [UInt8], sourceRange: Range<Int>) {
      self.bytes = bytes
      self.sourceRange = sourceRange
    }
  }

  /// A lexing failure carrying the text of BuildKit's error.
  public struct LexError: Error, Equatable, Sendable {
    /// BuildKit's error message, e.g. `failed to process "'a": unexpected end of statement ...`.
    public var message: String

    /// Creates an error with the given message.
    public init(message: String) {
      self.message = message
    }
  }

  /// Splits `input` into words as BuildKit's `ProcessWords` does; on error Go returns no words, only the error.
  public static func processWords(
    _ input: UnsafeBufferPointer<UInt8>, rawQuotes: Bool, rawEscapes: Bool
  ) -> Result<[Word], LexError> {
    var lexer = ShellWordLexer(input: input, rawQuotes: rawQuotes, rawEscapes: rawEscapes)
    return lexer.run()
  }

  // MARK: - Go compatibility helpers shared with HeredocWords

  /// The value used for "end of input" by the decoder (Go's `scanner.EOF`).
  static let endOfInput: UInt32 = .max

  /// The Unicode version of Go's `unicode` tables (15.0.0 since Go 1.21, as far as we know still in Go 1.26).
  static let goUnicodeVersion = (major: 15, minor: 0)

  /// Decodes one rune at `index` like Go's `utf8.DecodeRune` (invalid input yields U+FFFD with width 1), or
  /// `endOfInput` past the end.
  @inline(__always)
  static func decodeRune(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: UInt32, width: Int) {
    if index >= bytes.count { return (endOfInput, 0) }
    let b0 = bytes[index]
    if b0 < 0x80 { return (UInt32(b0), 1) }
    return goDecodeRune(bytes, at: index)
  }

  /// Appends the UTF-8 encoding of a valid scalar value (Go's `WriteRune`).
  @inline(__always)
  static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
      out.append(UInt8(scalar))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | (scalar >> 6)))
      out.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | (scalar >> 12)))
      out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
      out.append(UInt8(0xF0 | (scalar >> 18)))
      out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
      out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (scalar & 0x3F)))
    }
  }

  /// Go's `unicode.IsSpace`.
  static func isGoSpace(_ c: UInt32) -> Bool { goIsSpace(c) }

  /// Go's `unicode.IsDigit`: ASCII digits in Latin-1, general category Nd elsewhere.
  static func isGoDigit(_ c: UInt32) -> Bool {
    if c < 0x100 { return c >= 0x30 && c <= 0x39 }
    guard let properties = goKnownProperties(c) else { return false }
    return properties.generalCategory == .decimalNumber
  }

  /// Go's `unicode.IsLetter`: general categories Lu, Ll, Lt, Lm and Lo.
  static func isGoLetter(_ c: UInt32) -> Bool {
    if c < 0x80 { return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    guard let properties = goKnownProperties(c) else { return false }
    switch properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
      return true
    default:
      return false
    }
  }

  /// The scalar's properties when Go's Unicode tables assign it; nil for characters newer than Go's tables.
  private static func goKnownProperties(_ c: UInt32) -> Unicode.Scalar.Properties? {
    guard let scalar = Unicode.Scalar(c) else { return nil }
    let properties = scalar.properties
    guard let age = properties.age, (age.major, age.minor) <= goUnicodeVersion else { return nil }
    return properties
  }

  /// Go's `fmt.Sprintf("%q", s)` (that is `strconv.Quote`) for arbitrary bytes.
  static func goQuoted<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    String(decoding: goQuote(bytes), as: UTF8.self)
  }
}

/// What the lexer does after a nested `processStopOn` finds its stop character.
private enum StopContinuation {
  /// `${name<op>word}`: close the brace and hand the expansion to the enclosing context.
  case closeBrace
  /// `${name/pattern/...`: the pattern is done, the replacement (up to `}`) comes next.
  case replacement
}

/// A suspended Go call: a nested `processStopOn` (always inside `processDollar`) or `processDoubleQuote`.
private enum LexFrame {
  case stopOn(stop: UInt32, rawEscapes: Bool, then: StopContinuation)
  case doubleQuote(rawEscapes: Bool)
}

/// The state machine behind `BuildKitShellWords.processWords`.
///
/// Values produced by `$`, quotes and `<<` (and the `result` text of nested `processStopOn` calls) are built in
/// one `scratch` buffer in source order; the top level consumes it whenever a value completes.
private struct ShellWordLexer {
  private typealias Shell = BuildKitShellWords

  private let input: UnsafeBufferPointer<UInt8>
  private let rawQuotes: Bool
  private let topRawEscapes: Bool
  private var pos = 0
  private var scratch: [UInt8] = []
  private var frames: [LexFrame] = []
  private var failure: String?

  // Top-level `wordsStruct`; `buffer` stands for Go's shared `sw.wordsBuffer`.
  private var buffer: [UInt8] = []
  private var inWord = false
  private var words: [BuildKitShellWords.Word] = []
  private var wordStart = 0
  private var wordEnd = 0
  private var opStart = 0
  private var opIsDollar = false

  init(input: UnsafeBufferPointer<UInt8>, rawQuotes: Bool, rawEscapes: Bool) {
    self.input = input
    self.rawQuotes = rawQuotes
    self.topRawEscapes = rawEscapes
    // text/scanner skips a byte order mark at the very start of its input.
    if input.count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF {
      pos = 3
    }
  }

  mutating func run() -> Result<[BuildKitShellWords.Word], BuildKitShellWords.LexError> {
    while failure == nil {
      if let frame = frames.last {
        switch frame {
        case .stopOn(let stop, let rawEscapes, let then):
          stepNested(stop: stop, rawEscapes: rawEscapes, then: then)
        case .doubleQuote(let rawEscapes):
          stepDoubleQuote(rawEscapes: rawEscapes)
        }
      } else if !stepTop() {
        break
      }
    }
    if var message = failure {
      // Each enclosing processDollar replaces an error seen at end of input; the outermost one speaks last.
      if peek().scalar == Shell.endOfInput {
        for frame in frames {
          if case .stopOn(let stop, _, _) = frame {
            message = stop == 0x2F ? "syntax error: missing '/' in ${}" : "syntax error: missing '}'"
            break
          }
        }
      }
      let quoted = Shell.goQuoted(UnsafeBufferPointer(rebasing: input[...]))
      return .failure(BuildKitShellWords.LexError(message: "failed to process \(quoted): \(message)"))
    }
    if !buffer.isEmpty { pushWord() }
    return .success(words)
  }

  // MARK: Scanner

  @inline(__always)
  private func peek() -> (scalar: UInt32, width: Int) {
    Shell.decodeRune(input, at: pos)
  }

  @inline(__always)
  private mutating func append(_ scalar: UInt32) {
    Shell.appendUTF8(scalar, to: &scratch)
  }

  private mutating func fail(_ message: String) {
    failure = message
  }

  // MARK: processStopOn

  /// One iteration of the top-level `processStopOn(scanner.EOF, ...)` loop; false once the loop ends.
  private mutating func stepTop() -> Bool {
    let (ch, width) = peek()
    if ch == Shell.endOfInput { return false }
    opStart = pos
    switch ch {
    case 0x24:  // $
      opIsDollar = true
      startDollar()
    case 0x3C:  // <
      opIsDollar = false
      possibleHeredoc()
    case 0x27:  // '
      opIsDollar = false
      singleQuote()
    case 0x22:  // "
      opIsDollar = false
      startDoubleQuote(rawEscapes: topRawEscapes)
    default:
      pos += width
      if ch == 0x5C {
        if topRawEscapes { addRawChar(ch) }
        let (escaped, escapedWidth) = peek()
        if escaped == Shell.endOfInput { return false }
        pos += escapedWidth
        addRawChar(escaped)
      } else {
        addChar(ch)
      }
    }
    return true
  }

  /// One iteration of a nested `processStopOn(stop, rawEscapes)` loop.
  private mutating func stepNested(stop: UInt32, rawEscapes: Bool, then: StopContinuation) {
    let (ch, width) = peek()
    if ch == Shell.endOfInput {
      fail(unexpectedEnd(stop))
      return
    }
    if ch == stop {
      pos += width
      frames.removeLast()
      switch then {
      case .closeBrace:
        scratch.append(0x7D)
        valueDone()
      case .replacement:
        scratch.append(0x2F)
        pushStopOn(stop: 0x7D, rawEscapes: true, then: .closeBrace)
      }
      return
    }
    switch ch {
    case 0x24: startDollar()
    case 0x3C: possibleHeredoc()
    case 0x27: singleQuote()
    case 0x22: startDoubleQuote(rawEscapes: rawEscapes)
    default:
      pos += width
      if ch == 0x5C {
        if rawEscapes { scratch.append(0x5C) }
        let (escaped, escapedWidth) = peek()
        if escaped == Shell.endOfInput {
          fail(unexpectedEnd(stop))
          return
        }
        pos += escapedWidth
        append(escaped)
      } else {
        append(ch)
      }
    }
  }

  private func unexpectedEnd(_ stop: UInt32) -> String {
    stop == 0x2F
      ? "unexpected end of statement while looking for matching /"
      : "unexpected end of statement while looking for matching }"
  }

  /// Starts a nested `processStopOn`, which (as in Go) empties the shared words buffer.
  private mutating func pushStopOn(stop: UInt32, rawEscapes: Bool, then: StopContinuation) {
    buffer.removeAll(keepingCapacity: true)
    frames.append(.stopOn(stop: stop, rawEscapes: rawEscapes, then: then))
  }

  /// A `$`, quote or `<<` value is complete in `scratch`; only the top level has anything to do with it.
  private mutating func valueDone() {
    guard frames.isEmpty else { return }
    if opIsDollar {
      // words.addString: the expansion text is split on whitespace.
      scratch.withUnsafeBufferPointer { value in
        var index = 0
        while index < value.count {
          let (scalar, width) = Shell.decodeRune(value, at: index)
          index += width
          addChar(scalar)
        }
      }
    } else {
      // words.addRawString
      if !scratch.isEmpty {
        if buffer.isEmpty { wordStart = opStart }
        buffer.append(contentsOf: scratch)
        wordEnd = pos
      }
      inWord = true
    }
    scratch.removeAll(keepingCapacity: true)
  }

  // MARK: wordsStruct (top level only)

  private mutating func addChar(_ ch: UInt32) {
    if Shell.isGoSpace(ch) {
      if inWord && !buffer.isEmpty { pushWord() }
    } else {
      addRawChar(ch)
    }
  }

  private mutating func addRawChar(_ ch: UInt32) {
    if buffer.isEmpty { wordStart = opStart }
    Shell.appendUTF8(ch, to: &buffer)
    inWord = true
    wordEnd = pos
  }

  private mutating func pushWord() {
    words.append(BuildKitShellWords.Word(bytes: buffer, sourceRange: wordStart..<max(wordEnd, wordStart)))
    buffer.removeAll(keepingCapacity: true)
    inWord = false
  }

  // MARK: Quotes and heredoc markers

  private mutating func singleQuote() {
    pos += 1
    if rawQuotes { scratch.append(0x27) }
    while true {
      let (ch, width) = peek()
      if ch == Shell.endOfInput {
        fail("unexpected end of statement while looking for matching single-quote")
        return
      }
      pos += width
      if ch == 0x27 {
        if rawQuotes { scratch.append(0x27) }
        break
      }
      append(ch)
    }
    valueDone()
  }

  private mutating func startDoubleQuote(rawEscapes: Bool) {
    pos += 1
    if rawQuotes { scratch.append(0x22) }
    frames.append(.doubleQuote(rawEscapes: rawEscapes))
  }

  /// One iteration of the `processDoubleQuote` loop.
  private mutating func stepDoubleQuote(rawEscapes: Bool) {
    let (ch, width) = peek()
    switch ch {
    case Shell.endOfInput:
      fail("unexpected end of statement while looking for matching double-quote")
    case 0x22:
      pos += width
      if rawQuotes { scratch.append(0x22) }
      frames.removeLast()
      valueDone()
    case 0x24:
      startDollar()
    default:
      pos += width
      var out = ch
      if ch == 0x5C {
        if rawEscapes { scratch.append(0x5C) }
        let (escaped, escapedWidth) = peek()
        // A trailing `\` is dropped; the next iteration reports the missing quote.
        if escaped == Shell.endOfInput { return }
        if escaped == 0x22 || escaped == 0x24 || escaped == 0x5C {
          pos += escapedWidth
          out = escaped
        }
      }
      append(out)
    }
  }

  /// `processPossibleHeredoc`: `<`, or `<<` followed by any `[\t\r ]` run, taken verbatim.
  private mutating func possibleHeredoc() {
    pos += 1
    scratch.append(0x3C)
    if pos < input.count && input[pos] == 0x3C {
      pos += 1
      scratch.append(0x3C)
      while pos < input.count && (input[pos] == 0x09 || input[pos] == 0x0D || input[pos] == 0x20) {
        scratch.append(input[pos])
        pos += 1
      }
    }
    valueDone()
  }

  // MARK: processDollar

  private mutating func startDollar() {
    pos += 1
    if peek().scalar != 0x7B {
      // $name stays as written because every variable is unset.
      scratch.append(0x24)
      readName()
      valueDone()
      return
    }
    pos += 1
    switch peek().scalar {
    case Shell.endOfInput:
      fail("syntax error: missing '}'")
      return
    case 0x7B, 0x7D, 0x3A:
      fail("syntax error: bad substitution")
      return
    default:
      break
    }
    scratch.append(0x24)
    scratch.append(0x7B)
    readName()
    let modifier = next()
    switch modifier {
    case 0x7D:  // }
      scratch.append(0x7D)
      valueDone()
    case 0x3A:  // :
      scratch.append(0x3A)
      let second = next()
      appendModifier(second)
      if second == 0x23 || second == 0x25 {
        fail("unsupported modifier (:\(modifierText(second))) in substitution")
        return
      }
      pushStopOn(stop: 0x7D, rawEscapes: false, then: .closeBrace)
    case 0x2B, 0x2D, 0x3F, 0x23, 0x25:  // + - ? # %
      append(modifier)
      pushStopOn(stop: 0x7D, rawEscapes: modifier == 0x23 || modifier == 0x25, then: .closeBrace)
    case 0x2F:  // /
      scratch.append(0x2F)
      if peek().scalar == 0x2F { pos += 1 }
      pushStopOn(stop: 0x2F, rawEscapes: true, then: .replacement)
    default:
      fail("unsupported modifier (\(modifierText(modifier))) in substitution")
    }
  }

  /// Go's `scanner.Next()`: the next rune, or end of input without advancing.
  private mutating func next() -> UInt32 {
    let (ch, width) = peek()
    pos += width
    return ch
  }

  /// Appends `string(ch)`, which Go renders as U+FFFD for `scanner.EOF`.
  private mutating func appendModifier(_ ch: UInt32) {
    append(ch == Shell.endOfInput ? 0xFFFD : ch)
  }

  private func modifierText(_ ch: UInt32) -> String {
    let scalar = ch == Shell.endOfInput ? "\u{FFFD}" : (Unicode.Scalar(ch) ?? "\u{FFFD}")
    return String(Character(scalar))
  }

  /// `processName`: a run of digits, one special parameter, or letters/digits/underscores.
  private mutating func readName() {
    var empty = true
    while true {
      let (ch, width) = peek()
      if ch == Shell.endOfInput { return }
      if empty && Shell.isGoDigit(ch) {
        while true {
          let (digit, digitWidth) = peek()
          guard digit != Shell.endOfInput && Shell.isGoDigit(digit) else { return }
          pos += digitWidth
          append(digit)
        }
      }
      if empty {
        switch ch {
        case 0x40, 0x2A, 0x23, 0x3F, 0x2D, 0x24, 0x21, 0x30:  // @ * # ? - $ ! 0
          pos += width
          append(ch)
          return
        default:
          break
        }
      }
      guard Shell.isGoLetter(ch) || Shell.isGoDigit(ch) || ch == 0x5F else { return }
      pos += width
      append(ch)
      empty = false
    }
  }
}
