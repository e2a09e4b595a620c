// COPY/ADD diagnostics need to know which context files `.dockerignore` removes, decided exactly as Docker decides it.

/// Parsed `.dockerignore` patterns, matching the way Docker's patternmatcher does.
public struct DockerIgnore: Sendable {
  /// One cleaned pattern line.
  public struct Pattern: Sendable, Equatable {
    /// The cleaned pattern without its leading `!`; empty for a bare `!` line, which never matches.
    public var text: String
    /// Whether the line started with `!`, re-including what earlier patterns excluded.
    public var isExclusion: Bool
    /// The 1-based line number in the file.
    public var line: Int

    /// Creates a pattern; `text` is used as given (not cleaned).
    public init(text: String, isExclusion: Bool, line: Int) {
      self.text = text
      self.isExclusion = isExclusion
      self.line = line
    }
  }

  /// The patterns in file order; later patterns override earlier ones.
  public var patterns: [Pattern] {
    didSet { matchers = patterns.map(IgnoreMatcher.init) }
  }

  private var matchers: [IgnoreMatcher]

  /// Parses file contents: one pattern per line, `#` comment lines ignored, surrounding whitespace trimmed, empty lines
  /// ignored, leading `!` negates, paths cleaned (`./a/../b` -> `b`, leading `/` removed, trailing `/` removed).
  ///
  /// As in Docker, a line is a comment only when `#` is its very first character, and a UTF-8 BOM is skipped.
  public init(contents: [UInt8]) {
    var body = contents[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    var result: [Pattern] = []
    var lineNumber = 0
    for rawLine in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      lineNumber += 1
      var line = rawLine
      if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
      if line.first == UInt8(ascii: "#") { continue }
      var text = IgnorePath.trimmed(String(decoding: line, as: UTF8.self))
      if text.isEmpty { continue }
      let isExclusion = text.hasPrefix("!")
      if isExclusion { text = IgnorePath.trimmed(String(text.dropFirst())) }
      if !text.isEmpty {
        text = IgnorePath.clean(text)
        if text.utf8.count > 1 && text.hasPrefix("/") { text.removeFirst() }
      }
      result.append(Pattern(text: text, isExclusion: isExclusion, line: lineNumber))
    }
    self.patterns = result
    self.matchers = result.map(IgnoreMatcher.init)
  }

  /// Creates a matcher from already-parsed patterns.
  public init(patterns: [Pattern]) {
    self.patterns = patterns
    self.matchers = patterns.map(IgnoreMatcher.init)
  }

  /// Whether a context-relative path (forward slashes, no leading ./) is excluded: the LAST matching pattern wins;
  /// a path is also excluded when one of its parent directories is excluded (unless a later `!` pattern
  /// re-includes it).
  public func isExcluded(_ path: String) -> Bool {
    guard let index = decidingPattern(for: path) else { return false }
    return !patterns[index].isExclusion
  }

  /// The index of the last pattern that decides `path`, if any (for diagnostics that name the pattern).
  ///
  /// A pattern decides a path when it matches the path itself or any of its parent directories.
  public func decidingPattern(for path: String) -> Int? {
    var cleaned = IgnorePath.clean(path)
    while cleaned.hasPrefix("/") { cleaned.removeFirst() }
    if cleaned.isEmpty || cleaned == "." { return nil }
    let scalars = Array(cleaned.unicodeScalars)
    // Ends of the parent directories: "a/b/c" has parents "a" and "a/b".
    var parentEnds: [Int] = []
    for (offset, scalar) in scalars.enumerated() where scalar == "/" { parentEnds.append(offset) }
    var deciding: Int?
    for (index, matcher) in matchers.enumerated() {
      let matchesSelfOrParent =
        matcher.matches(scalars[...]) || parentEnds.contains { matcher.matches(scalars[..<$0]) }
      if matchesSelfOrParent {
        deciding = index
      }
    }
    return deciding
  }
}

/// Path text helpers shared by pattern and path cleaning.
private enum IgnorePath {
  /// Trims leading and trailing Unicode whitespace.
  static func trimmed(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(scalars[first...last])
  }

  /// Go's `path.Clean`: collapses `//`, drops `.`, resolves `..`, removes trailing `/`.
  static func clean(_ text: String) -> String {
    if text.isEmpty { return "." }
    let rooted = text.hasPrefix("/")
    var parts: [Substring] = []
    for part in text.split(separator: "/") {
      if part == "." { continue }
      if part == ".." {
        if let last = parts.last, last != ".." {
          parts.removeLast()
        } else if !rooted {
          parts.append(part)
        }
        continue
      }
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    if rooted { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }
}

/// One compiled pattern, mirroring patternmatcher's exact/prefix/suffix fast paths and its regular-expression mode.
private struct IgnoreMatcher: Sendable {
  /// A piece of a pattern in regular-expression mode.
  enum Token: Sendable {
    case literal(Unicode.Scalar)
    /// `*`: any run of characters other than `/`.
    case star
    /// `?`: one character other than `/`.
    case question
    /// `[...]`: one character in (or, negated, not in) the ranges.
    case characterClass(negated: Bool, ranges: [ClosedRange<UInt32>])
    /// `**` or `**/` inside a pattern: nothing, or any text ending in `/`.
    case anyDirectories
    /// `**` at the end after other wildcards: anything.
    case anything
  }

  enum Mode: Sendable {
    case never
    case exact([Unicode.Scalar])
    case prefix([Unicode.Scalar])
    case suffix([Unicode.Scalar])
    case tokens([Token])
  }

  let mode: Mode

  init(_ pattern: DockerIgnore.Pattern) {
    mode = IgnoreMatcher.compile(Array(pattern.text.unicodeScalars))
  }

  private enum Detected { case exact, prefix, suffix, regexp }

  private static func compile(_ pattern: [Unicode.Scalar]) -> Mode {
    if pattern.isEmpty { return .never }
    var tokens: [Token] = []
    var detected = Detected.exact
    var index = 0
    var iteration = 0
    while index < pattern.count {
      let scalar = pattern[index]
      index += 1
      defer { iteration += 1 }
      switch scalar {
      case "*":
        guard index < pattern.count && pattern[index] == "*" else {
          tokens.append(.star)
          detected = .regexp
          continue
        }
        index += 1
        if index < pattern.count && pattern[index] == "/" { index += 1 }
        if index == pattern.count {
          if detected == .exact {
            detected = .prefix
          } else {
            tokens.append(.anything)
            detected = .regexp
          }
        } else {
          tokens.append(.anyDirectories)
          detected = .regexp
        }
        if iteration == 0 { detected = .suffix }
      case "?":
        tokens.append(.question)
        detected = .regexp
      case "\\":
        // A trailing backslash is a syntax error for Go's filepath.Match, which Docker uses to validate patterns.
        guard index < pattern.count else { return .never }
        tokens.append(.literal(pattern[index]))
        index += 1
        detected = .regexp
      case "[":
        guard let (token, next) = parseClass(pattern, from: index) else { return .never }
        tokens.append(token)
        index = next
        detected = .regexp
      case "]":
        tokens.append(.literal(scalar))
        detected = .regexp
      default:
        tokens.append(.literal(scalar))
      }
    }
    switch detected {
    case .exact: return .exact(pattern)
    case .prefix: return .prefix(Array(pattern.dropLast(2)))
    case .suffix: return .suffix(Array(pattern.dropFirst(2)))
    case .regexp: return .tokens(tokens)
    }
  }

  /// Parses a class body after `[` with filepath.Match's syntax; returns nil when it is malformed.
  private static func parseClass(_ pattern: [Unicode.Scalar], from start: Int) -> (Token, Int)? {
    var index = start
    var negated = false
    if index < pattern.count && pattern[index] == "^" {
      negated = true
      index += 1
    }
    var ranges: [ClosedRange<UInt32>] = []
    func escapedScalar() -> Unicode.Scalar? {
      guard index < pattern.count, pattern[index] != "-", pattern[index] != "]" else { return nil }
      if pattern[index] == "\\" { index += 1 }
      guard index < pattern.count else { return nil }
      let scalar = pattern[index]
      index += 1
      return index < pattern.count ? scalar : nil
    }
    while true {
      if index < pattern.count && pattern[index] == "]" && !ranges.isEmpty {
        return (.characterClass(negated: negated, ranges: ranges), index + 1)
      }
      guard let low = escapedScalar() else { return nil }
      var high = low
      if pattern[index] == "-" {
        index += 1
        guard let upper = escapedScalar() else { return nil }
        high = upper
      }
      // Docker compiles the class into a Go regexp, which rejects reversed ranges.
      guard low.value <= high.value else { return nil }
      ranges.append(low.value...high.value)
    }
  }

  /// Whether the whole of `path` matches.
  func matches(_ path: ArraySlice<Unicode.Scalar>) -> Bool {
    switch mode {
    case .never:
      return false
    case .exact(let text):
      return path.elementsEqual(text)
    case .prefix(let text):
      return path.starts(with: text)
    case .suffix(let text):
      if path.count >= text.count && path.suffix(text.count).elementsEqual(text) { return true }
      return text.first == "/" && path.elementsEqual(text.dropFirst())
    case .tokens(let tokens):
      var matcher = TokenMatcher(tokens: tokens, path: Array(path))
      return matcher.match(0, 0)
    }
  }
}

/// Backtracking matcher over tokens with memoization, so patterns with many wildcards stay polynomial.
private struct TokenMatcher {
  let tokens: [IgnoreMatcher.Token]
  let path: [Unicode.Scalar]
  /// 0 = unknown, 1 = matches, 2 = fails; indexed by token * (path.count + 1) + position.
  var memo: [UInt8]

  init(tokens: [IgnoreMatcher.Token], path: [Unicode.Scalar]) {
    self.tokens = tokens
    self.path = path
    memo = Array(repeating: 0, count: (tokens.count + 1) * (path.count + 1))
  }

  mutating func match(_ token: Int, _ position: Int) -> Bool {
    let key = token * (path.count + 1) + position
    if memo[key] != 0 { return memo[key] == 1 }
    let result = compute(token, position)
    memo[key] = result ? 1 : 2
    return result
  }

  private mutating func compute(_ token: Int, _ position: Int) -> Bool {
    guard token < tokens.count else { return position == path.count }
    let atEnd = position == path.count
    switch tokens[token] {
    case .literal(let scalar):
      return !atEnd && path[position] == scalar && match(token + 1, position + 1)
    case .question:
      return !atEnd && path[position] != "/" && match(token + 1, position + 1)
    case .characterClass(let negated, let ranges):
      guard !atEnd else { return false }
      let value = path[position].value
      guard ranges.contains(where: { $0.contains(value) }) != negated else { return false }
      return match(token + 1, position + 1)
    case .star:
      var end = position
      while true {
        if match(token + 1, end) { return true }
        guard end < path.count && path[end] != "/" else { return false }
        end += 1
      }
    case .anyDirectories:
      if match(token + 1, position) { return true }
      var end = position
      while end < path.count {
        end += 1
        if path[end - 1] == "/" && match(token + 1, end) { return true }
      }
      return false
    case .anything:
      for end in position...path.count where match(token + 1, end) { return true }
      return false
    }
  }
}
