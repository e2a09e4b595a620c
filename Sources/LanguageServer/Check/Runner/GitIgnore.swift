// `check DIR` skips what git ignores, so that build output, vendored trees and generated Dockerfiles stay out of
// a CI run the same way they stay out of the repository. This is git's `.gitignore` matching (gitignore(5)):
// `#` comments, `\` escapes, trailing spaces trimmed unless escaped, `!` re-includes, a trailing `/` matches
// directories only, a pattern with a `/` at its start or in its middle is anchored to the directory of its
// `.gitignore` (otherwise it matches a name at any depth below it), `*` and `?` never match `/`, `[...]` classes
// (with `!` or `^` negation and ranges), and `**` as a whole path component (`**/x`, `x/**`, `x/**/y`). Docker's
// `.dockerignore` matcher (`DockerIgnore`) is not reused: it anchors every pattern at the root and knows no
// directory-only patterns, which is not what git does.

/// The patterns of one `.gitignore` file (or `.git/info/exclude`), matched the way git matches them.
struct GitIgnore: Sendable {
  /// One pattern line.
  struct Pattern: Sendable {
    /// The compiled glob.
    var tokens: [GlobToken]
    /// `!pattern`: re-includes what an earlier pattern ignored.
    var isNegated: Bool
    /// `pattern/`: matches directories only.
    var directoryOnly: Bool
    /// Whether the pattern is matched against the whole path relative to the `.gitignore` directory (it had a
    /// `/` at its start or in its middle) rather than against the last path component.
    var isAnchored: Bool
  }

  /// The patterns in file order; the last one that matches decides.
  var patterns: [Pattern]

  /// Whether there are no patterns.
  var isEmpty: Bool { patterns.isEmpty }

  /// Parses the contents of a `.gitignore` file.
  init(contents: [UInt8]) {
    var body = contents[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    patterns = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).compactMap {
      GitIgnore.parse(Array(String(decoding: $0, as: UTF8.self).unicodeScalars))
    }
  }

  /// Parses one line, or returns nil for blank lines, comments and patterns that can never match.
  private static func parse(_ line: [Unicode.Scalar]) -> Pattern? {
    var text = line[...]
    if text.last == "\r" { text = text.dropLast() }
    if text.first == "#" { return nil }
    // Trailing spaces are trimmed unless escaped with a backslash.
    while text.last == " " {
      let beforeSpace = text.dropLast()
      var backslashes = 0
      for scalar in beforeSpace.reversed() {
        guard scalar == "\\" else { break }
        backslashes += 1
      }
      if backslashes % 2 == 1 { break }
      text = beforeSpace
    }
    var isNegated = false
    if text.first == "!" {
      isNegated = true
      text = text.dropFirst()
    }
    var directoryOnly = false
    if text.last == "/" {
      directoryOnly = true
      text = text.dropLast()
    }
    if text.isEmpty { return nil }
    // Anchored when a slash remains anywhere (git checks the text without the trailing slash).
    let isAnchored = text.contains("/")
    if text.first == "/" { text = text.dropFirst() }
    if text.isEmpty { return nil }
    guard let tokens = compileGlob(Array(text)) else { return nil }
    return Pattern(tokens: tokens, isNegated: isNegated, directoryOnly: directoryOnly, isAnchored: isAnchored)
  }

  /// Whether these patterns ignore the entry at `path` (relative to the `.gitignore` directory, `/`-separated,
  /// no leading `./`): true ignored, false re-included by a `!` pattern, nil when no pattern matches.
  func decision(for path: String, isDirectory: Bool) -> Bool? {
    let scalars = Array(path.unicodeScalars)
    let nameStart = (scalars.lastIndex(of: "/") ?? -1) + 1
    for pattern in patterns.reversed() {
      if pattern.directoryOnly && !isDirectory { continue }
      let subject = pattern.isAnchored ? scalars[...] : scalars[nameStart...]
      if globMatches(pattern.tokens, Array(subject)) { return !pattern.isNegated }
    }
    return nil
  }
}

/// A piece of a compiled glob.
enum GlobToken: Sendable, Equatable {
  /// One character, matched exactly.
  case literal(Unicode.Scalar)
  /// `*`: any run of characters other than `/`.
  case star
  /// `?`: one character other than `/`.
  case question
  /// `[...]`: one character (never `/`) in, or with `negated` not in, the ranges.
  case characterClass(negated: Bool, ranges: [ClosedRange<UInt32>])
  /// `**/` at the start or after a `/`: nothing, or any run of whole directories (`a/`, `a/b/`).
  case anyDirectories
  /// `/**` at the end: anything at all, slashes included.
  case anything
}

/// Compiles a gitignore glob, or returns nil when it is malformed (an unclosed class, a trailing backslash).
func compileGlob(_ pattern: [Unicode.Scalar]) -> [GlobToken]? {
  var tokens: [GlobToken] = []
  var index = 0
  while index < pattern.count {
    let scalar = pattern[index]
    index += 1
    switch scalar {
    case "*":
      var stars = 1
      while index < pattern.count && pattern[index] == "*" {
        stars += 1
        index += 1
      }
      let atComponentStart = index - stars == 0 || pattern[index - stars - 1] == "/"
      let atComponentEnd = index == pattern.count || pattern[index] == "/"
      if stars >= 2 && atComponentStart && atComponentEnd {
        if index == pattern.count {
          tokens.append(.anything)
        } else {
          index += 1  // The `/` after `**` belongs to `anyDirectories`.
          tokens.append(.anyDirectories)
        }
      } else if tokens.last != .star {
        tokens.append(.star)
      }
    case "?":
      tokens.append(.question)
    case "\\":
      guard index < pattern.count else { return nil }
      tokens.append(.literal(pattern[index]))
      index += 1
    case "[":
      guard let (token, next) = parseGlobClass(pattern, from: index) else { return nil }
      tokens.append(token)
      index = next
    default:
      tokens.append(.literal(scalar))
    }
  }
  return tokens
}

/// Parses a class body after `[` (git's wildmatch syntax: `!` or `^` negates, `]` first is literal, ranges,
/// `\` escapes, `[:alpha:]`-style names); returns the token and the index after `]`, nil when unclosed.
private func parseGlobClass(_ pattern: [Unicode.Scalar], from start: Int) -> (GlobToken, Int)? {
  var index = start
  var negated = false
  if index < pattern.count && (pattern[index] == "!" || pattern[index] == "^") {
    negated = true
    index += 1
  }
  var ranges: [ClosedRange<UInt32>] = []
  var first = true
  while index < pattern.count {
    var scalar = pattern[index]
    if scalar == "]" && !first { return (.characterClass(negated: negated, ranges: ranges), index + 1) }
    first = false
    index += 1
    if scalar == "[" && index < pattern.count && pattern[index] == ":" {
      // A named class such as [:digit:].
      guard
        let close = (index + 1..<pattern.count).first(where: {
          pattern[$0] == ":" && $0 + 1 < pattern.count
            && pattern[$0 + 1] == "]"
        })
      else { return nil }
      let name = String(String.UnicodeScalarView(pattern[(index + 1)..<close]))
      guard let named = namedClassRanges(name) else { return nil }
      ranges += named
      index = close + 2
      continue
    }
    if scalar == "\\" {
      guard index < pattern.count else { return nil }
      scalar = pattern[index]
      index += 1
    }
    var high = scalar
    if index + 1 < pattern.count && pattern[index] == "-" && pattern[index + 1] != "]" {
      high = pattern[index + 1]
      index += 2
      if high == "\\" {
        guard index < pattern.count else { return nil }
        high = pattern[index]
        index += 1
      }
    }
    if scalar.value <= high.value { ranges.append(scalar.value...high.value) }
  }
  return nil
}

/// The ASCII ranges of a POSIX character class name.
private func namedClassRanges(_ name: String) -> [ClosedRange<UInt32>]? {
  let digit: ClosedRange<UInt32> = 0x30...0x39
  let upper: ClosedRange<UInt32> = 0x41...0x5A
  let lower: ClosedRange<UInt32> = 0x61...0x7A
  switch name {
  case "alnum": return [digit, upper, lower]
  case "alpha": return [upper, lower]
  case "blank": return [0x20...0x20, 0x09...0x09]
  case "cntrl": return [0x00...0x1F, 0x7F...0x7F]
  case "digit": return [digit]
  case "graph": return [0x21...0x7E]
  case "lower": return [lower]
  case "print": return [0x20...0x7E]
  case "punct": return [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
  case "space": return [0x09...0x0D, 0x20...0x20]
  case "upper": return [upper]
  case "xdigit": return [digit, 0x41...0x46, 0x61...0x66]
  default: return nil
  }
}

/// Whether the whole of `path` matches `tokens`; memoised, so any pattern costs at most tokens × path steps.
func globMatches(_ tokens: [GlobToken], _ path: [Unicode.Scalar]) -> Bool {
  // The common case, a plain name, needs no table.
  if tokens.allSatisfy({ if case .literal = $0 { return true } else { return false } }) {
    return tokens.count == path.count
      && zip(tokens, path).allSatisfy { token, scalar in token == .literal(scalar) }
  }
  let width = path.count + 1
  // 0 unknown, 1 matches, 2 does not.
  var memo = [UInt8](repeating: 0, count: (tokens.count + 1) * width)
  func match(_ token: Int, _ position: Int) -> Bool {
    let key = token * width + position
    if memo[key] != 0 { return memo[key] == 1 }
    let result = compute(token, position)
    memo[key] = result ? 1 : 2
    return result
  }
  func compute(_ token: Int, _ position: Int) -> Bool {
    guard token < tokens.count else { return position == path.count }
    let atEnd = position == path.count
    switch tokens[token] {
    case .literal(let scalar):
      return !atEnd && path[position] == scalar && match(token + 1, position + 1)
    case .question:
      return !atEnd && path[position] != "/" && match(token + 1, position + 1)
    case .characterClass(let negated, let ranges):
      guard !atEnd, path[position] != "/" else { return false }
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
      return true
    }
  }
  return match(0, 0)
}

/// The ignore files that apply in one directory of a walk, innermost last.
struct IgnoreStack: Sendable {
  /// One directory's patterns and where that directory is, relative to the walk's root.
  struct Level: Sendable {
    /// The absolute path of the directory holding the patterns, ending in `/`.
    var prefix: String
    /// The patterns.
    var ignore: GitIgnore
  }

  /// The levels, outermost first.
  var levels: [Level] = []

  /// Whether the entry at the absolute `path` is ignored: the innermost level with a matching pattern decides.
  func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
    for level in levels.reversed() where path.hasPrefix(level.prefix) {
      let relative = String(path.dropFirst(level.prefix.count))
      if let decision = level.ignore.decision(for: relative, isDirectory: isDirectory) { return decision }
    }
    return false
  }
}
