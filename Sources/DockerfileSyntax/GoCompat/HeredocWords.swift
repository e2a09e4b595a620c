// Heredoc openers decide where an instruction ends, so we find them exactly as BuildKit's parser does.

/// A heredoc opener found on an instruction line, as BuildKit reads it.
public struct HeredocOpener: Equatable, Sendable {
  /// The terminator word after quote removal.
  public var name: [UInt8]
  /// The digits before `<<` as Go's `strconv.ParseUint` reads them (overflow gives `UInt.max`, none gives 0).
  public var fileDescriptor: UInt
  /// True for `<<-`, whose content has leading tabs stripped.
  public var chomp: Bool
  /// False when any part of the terminator word was quoted.
  public var expand: Bool
  /// Byte range of the whole opener word (for example `3<<-"EOF"`) in the line.
  public var sourceRange: Range<Int>

  /// Creates an opener from its parts.
  public init(name: [UInt8], fileDescriptor: UInt, chomp: Bool, expand: Bool, sourceRange: Range<Int>) {
    self.name = name
    self.fileDescriptor = fileDescriptor
    self.chomp = chomp
    self.expand = expand
    self.sourceRange = sourceRange
  }
}

/// BuildKit's heredoc recognition: `ParseHeredoc` for one word and `heredocsFromLine` for an instruction line.
public enum HeredocWords {
  /// BuildKit's ParseHeredoc(word): nil when not a heredoc, error when the word's quoting is broken.
  public static func parseHeredoc(_ word: [UInt8]) -> Result<HeredocOpener?, BuildKitShellWords.LexError> {
    word.withUnsafeBufferPointer { parse($0, sourceRange: 0..<word.count) }
  }

  /// BuildKit's heredocsFromLine(line): every heredoc opener on a (continuation-joined) instruction line, in order.
  ///
  /// The line is lexed with raw quotes and raw escapes; a lexing error is ignored (Go discards it), which leaves
  /// no words and so no heredocs. An error from one word's `ParseHeredoc` fails the whole line.
  public static func heredocsFromLine(
    _ line: UnsafeBufferPointer<UInt8>
  ) -> Result<[HeredocOpener], BuildKitShellWords.LexError> {
    guard case .success(let words) = BuildKitShellWords.processWords(line, rawQuotes: true, rawEscapes: true) else {
      return .success([])
    }
    var openers: [HeredocOpener] = []
    for word in words {
      let parsed = word.bytes.withUnsafeBufferPointer { parse($0, sourceRange: word.sourceRange) }
      switch parsed {
      case .failure(let error):
        return .failure(error)
      case .success(let opener?):
        openers.append(opener)
      case .success(nil):
        continue
      }
    }
    return .success(openers)
  }

  /// `heredocFromMatch(reHeredoc.FindStringSubmatch(word))`, reporting `sourceRange` for a found opener.
  private static func parse(
    _ word: UnsafeBufferPointer<UInt8>, sourceRange: Range<Int>
  ) -> Result<HeredocOpener?, BuildKitShellWords.LexError> {
    // reHeredoc = ^(\d*)<<(-?)\s*([^<]*)$ ; with RE2's ASCII \d and \s = [\t\n\f\r ], only one split can match.
    let count = word.count
    var digitsEnd = 0
    while digitsEnd < count && word[digitsEnd] >= 0x30 && word[digitsEnd] <= 0x39 { digitsEnd += 1 }
    guard count - digitsEnd >= 2 && word[digitsEnd] == 0x3C && word[digitsEnd + 1] == 0x3C else {
      return .success(nil)
    }
    var restStart = digitsEnd + 2
    let chomp = restStart < count && word[restStart] == 0x2D
    if chomp { restStart += 1 }
    while restStart < count && isRegexSpace(word[restStart]) { restStart += 1 }
    let rest = UnsafeBufferPointer(rebasing: word[restStart..<count])
    if rest.contains(0x3C) || rest.isEmpty { return .success(nil) }

    let fileDescriptor = goParseUint(UnsafeBufferPointer(rebasing: word[0..<digitsEnd]))

    let words: [BuildKitShellWords.Word]
    switch BuildKitShellWords.processWords(rest, rawQuotes: false, rawEscapes: false) {
    case .failure(let error): return .failure(error)
    case .success(let value): words = value
    }
    guard words.count == 1 else { return .success(nil) }
    let rawWords: [BuildKitShellWords.Word]
    switch BuildKitShellWords.processWords(rest, rawQuotes: true, rawEscapes: false) {
    case .failure(let error): return .failure(error)
    case .success(let value): rawWords = value
    }
    guard rawWords.count == 1 else {
      let text = String(decoding: rest, as: UTF8.self)
      return .failure(.init(message: "internal lexing of heredoc produced inconsistent results: \(text)"))
    }
    let name = words[0].bytes
    let expand = quoteCount(name) == quoteCount(rawWords[0].bytes)
    return .success(
      HeredocOpener(name: name, fileDescriptor: fileDescriptor, chomp: chomp, expand: expand, sourceRange: sourceRange)
    )
  }

  /// RE2's `\s`: `[\t\n\f\r ]` (no vertical tab).
  private static func isRegexSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
  }

  /// Number of `'` and `"` bytes.
  private static func quoteCount(_ bytes: [UInt8]) -> Int {
    var total = 0
    for byte in bytes where byte == 0x27 || byte == 0x22 { total += 1 }
    return total
  }

  /// `strconv.ParseUint(digits, 10, 0)` with its error ignored: empty gives 0, overflow gives the maximum.
  private static func goParseUint(_ digits: UnsafeBufferPointer<UInt8>) -> UInt {
    var value: UInt64 = 0
    for digit in digits {
      let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit - 0x30))
      if overflow1 || overflow2 { return UInt(truncatingIfNeeded: UInt64.max) }
      value = sum
    }
    return UInt(truncatingIfNeeded: value)
  }
}
