// A reader for the part of YAML that `.hadolint.yaml` files use, so that we read them without a YAML library:
// block mappings (`key: value`), block sequences (`- item`, also directly under a key at the key's own
// indentation, and `- key: value` items), one-line flow sequences (`[a, "b"]`), the empty flow mapping `{}`,
// plain, single-quoted and double-quoted one-line scalars, `~`/`null`, comments, and a leading `---`.
//
// Everything else is reported with its line and column instead of being guessed at: anchors and aliases, tags,
// block scalars (`|`, `>`), scalars and flow collections that span lines, flow mappings, complex keys (`? `),
// directives (`%YAML`), several documents, and tabs used for indentation (which YAML forbids). A value that
// cannot be read becomes `.unreadable`, so that readers of the result skip it without a second report.

/// A value read from YAML, with the 1-based line and column where it starts.
struct YAMLValue: Sendable, Equatable {
  /// What the value is.
  indirect enum Kind: Sendable, Equatable {
    case null
    /// A scalar's text; `quoted` when it was written in quotes (so `"true"` is not a boolean).
    case scalar(String, quoted: Bool)
    case sequence([YAMLValue])
    case mapping([YAMLMember])
    /// A value the reader could not read; a problem says why.
    case unreadable
  }

  var kind: Kind
  var line: Int
  var column: Int

  /// The scalar's text, when this is a scalar.
  var scalar: String? {
    if case .scalar(let text, _) = kind { return text }
    return nil
  }

  /// The boolean, when this is a plain `true` or `false` (YAML 1.2's core schema, as hadolint reads it).
  var bool: Bool? {
    guard case .scalar(let text, quoted: false) = kind else { return nil }
    switch text {
    case "true", "True", "TRUE": return true
    case "false", "False", "FALSE": return false
    default: return nil
    }
  }
}

/// A member of a mapping.
struct YAMLMember: Sendable, Equatable {
  var key: String
  /// Where the key starts.
  var line: Int
  var column: Int
  var value: YAMLValue
}

/// Something the reader could not read, and where.
struct YAMLProblem: Sendable, Equatable {
  var line: Int
  var column: Int
  var message: String
}

/// Reads one YAML document in the subset above. An empty document (or one of comments only) is `.null`.
func readYAML(_ bytes: [UInt8]) -> (value: YAMLValue, problems: [YAMLProblem]) {
  var reader = YAMLReader(bytes)
  let value = reader.readDocument()
  return (value, reader.problems)
}

/// One line with content: its bytes and the content's bounds (indentation, comment and trailing space removed).
private struct YAMLLine {
  var number: Int
  var bytes: ArraySlice<UInt8>
  /// Index of the first content byte; a block read from the middle of a line (`- key: value`) moves it.
  var start: Int
  var end: Int
}

private enum Byte {
  static let space = UInt8(ascii: " ")
  static let tab = UInt8(ascii: "\t")
  static let hash = UInt8(ascii: "#")
  static let colon = UInt8(ascii: ":")
  static let dash = UInt8(ascii: "-")
  static let comma = UInt8(ascii: ",")
  static let doubleQuote = UInt8(ascii: "\"")
  static let singleQuote = UInt8(ascii: "'")
  static let backslash = UInt8(ascii: "\\")
  static let openBracket = UInt8(ascii: "[")
  static let closeBracket = UInt8(ascii: "]")
  static let openBrace = UInt8(ascii: "{")
  static let closeBrace = UInt8(ascii: "}")

  static func isSpace(_ b: UInt8) -> Bool { b == space || b == tab }
}

private struct YAMLReader {
  var lines: [YAMLLine] = []
  var index = 0
  var problems: [YAMLProblem] = []

  init(_ source: [UInt8]) {
    var body = source[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    var number = 0
    var sawContent = false
    var ended = false
    for raw in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      number += 1
      // Indices from 0, so that a content index is also its indentation.
      var line = ArraySlice(Array(raw))
      if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
      if ended {
        if line.contains(where: { !Byte.isSpace($0) }) && line.first(where: { !Byte.isSpace($0) }) != Byte.hash {
          report(number, line, line.startIndex, "several YAML documents in one file are not supported")
          break
        }
        continue
      }
      var start = line.startIndex
      while start < line.endIndex && line[start] == Byte.space { start += 1 }
      if start < line.endIndex && line[start] == Byte.tab {
        var k = start
        while k < line.endIndex && Byte.isSpace(line[k]) { k += 1 }
        if k < line.endIndex && line[k] != Byte.hash {
          report(number, line, start, "tabs cannot indent YAML; indent with spaces")
        }
        continue
      }
      let end = Self.contentEnd(line, from: start)
      guard start < end else { continue }
      let content = line[start..<end]
      // Document markers and directives, at the start of a line.
      if start == line.startIndex {
        if content.elementsEqual("---".utf8) || content.starts(with: "--- ".utf8) {
          if sawContent {
            report(number, line, start, "several YAML documents in one file are not supported")
            break
          }
          if content.count > 3 {
            report(number, line, start + 4, "content after `---` is not supported; start it on the next line")
          }
          continue
        }
        if content.elementsEqual("...".utf8) {
          ended = true
          continue
        }
        if content.first == UInt8(ascii: "%") {
          report(number, line, start, "YAML directives (`%`) are not supported")
          continue
        }
      }
      sawContent = true
      lines.append(YAMLLine(number: number, bytes: line, start: start, end: end))
    }
  }

  /// Where a line's content ends: before a comment (`#` at the start or after a space, outside quotes) and
  /// trailing spaces.
  static func contentEnd(_ line: ArraySlice<UInt8>, from start: Int) -> Int {
    var i = start
    var end = line.endIndex
    var quote: UInt8? = nil
    var previous: UInt8? = nil
    var lastSignificant: UInt8? = nil
    while i < line.endIndex {
      let b = line[i]
      if let q = quote {
        if q == Byte.doubleQuote && b == Byte.backslash {
          i += 2
          continue
        }
        if b == q {
          if q == Byte.singleQuote && i + 1 < line.endIndex && line[i + 1] == Byte.singleQuote {
            i += 2
            continue
          }
          quote = nil
        }
      } else if b == Byte.hash && previous.map(Byte.isSpace) ?? true {
        end = i
        break
      } else if b == Byte.doubleQuote || b == Byte.singleQuote,
        startsScalar(previous: previous, lastSignificant: lastSignificant)
      {
        quote = b
      }
      if !Byte.isSpace(b) { lastSignificant = b }
      previous = b
      i += 1
    }
    while end > start && Byte.isSpace(line[end - 1]) { end -= 1 }
    return end
  }

  /// Whether a quote at this point opens a quoted scalar (rather than sitting inside a plain one, as in
  /// `don't`): it follows a space or a flow indicator, and the last other byte, if any, is an indicator that a
  /// value may follow.
  static func startsScalar(previous: UInt8?, lastSignificant: UInt8?) -> Bool {
    let afterSeparator =
      previous.map { Byte.isSpace($0) || $0 == Byte.openBracket || $0 == Byte.comma || $0 == Byte.openBrace } ?? true
    let afterIndicator =
      lastSignificant.map {
        [Byte.colon, Byte.dash, Byte.openBracket, Byte.comma, Byte.openBrace, UInt8(ascii: "?")].contains($0)
      } ?? true
    return afterSeparator && afterIndicator
  }

  /// The 1-based column of byte `position` of `line`, in Unicode scalars.
  static func column(_ line: ArraySlice<UInt8>, _ position: Int) -> Int {
    1 + line[line.startIndex..<min(max(position, line.startIndex), line.endIndex)].filter { $0 & 0xC0 != 0x80 }.count
  }

  mutating func report(_ number: Int, _ line: ArraySlice<UInt8>, _ position: Int, _ message: String) {
    problems.append(YAMLProblem(line: number, column: Self.column(line, position), message: message))
  }

  mutating func report(_ line: YAMLLine, _ position: Int, _ message: String) {
    report(line.number, line.bytes, position, message)
  }

  func value(_ kind: YAMLValue.Kind, _ line: YAMLLine, _ position: Int) -> YAMLValue {
    YAMLValue(kind: kind, line: line.number, column: Self.column(line.bytes, position))
  }

  /// Skips the lines indented deeper than `indent`.
  mutating func skipDeeper(than indent: Int) {
    while index < lines.count && lines[index].start > indent { index += 1 }
  }

  // MARK: Blocks

  mutating func readDocument() -> YAMLValue {
    guard !lines.isEmpty else { return YAMLValue(kind: .null, line: 1, column: 1) }
    let value = readBlock(parent: -1)
    while index < lines.count {
      report(lines[index], lines[index].start, "unexpected content here; check the indentation")
      index += 1
      skipDeeper(than: lines[index - 1].start)
    }
    return value
  }

  func isSequenceItem(_ line: YAMLLine, at position: Int) -> Bool {
    position < line.end && line.bytes[position] == Byte.dash
      && (position + 1 == line.end || Byte.isSpace(line.bytes[position + 1]))
  }

  /// The block that starts at the current line, which is indented deeper than `parent`.
  mutating func readBlock(parent: Int) -> YAMLValue {
    let line = lines[index]
    if isSequenceItem(line, at: line.start) { return readSequence(indent: line.start) }
    if line.bytes[line.start] == UInt8(ascii: "?")
      && (line.start + 1 == line.end || Byte.isSpace(line.bytes[line.start + 1]))
    {
      report(line, line.start, "complex keys (`? `) are not supported")
      index += 1
      skipDeeper(than: parent)
      return value(.unreadable, line, line.start)
    }
    if mappingColon(line, from: line.start) != nil { return readMapping(indent: line.start) }
    // A scalar (or flow collection) on a line of its own.
    var result = readInline(line, from: line.start)
    index += 1
    skipContinuation(of: &result, deeperThan: parent)
    return result
  }

  /// Lines indented deeper than `indent` after a one-line value continue it, which is not supported: they are
  /// reported (unless the value was already unreadable) and skipped, and the value becomes unreadable.
  mutating func skipContinuation(of value: inout YAMLValue, deeperThan indent: Int) {
    guard index < lines.count && lines[index].start > indent else { return }
    if value.kind != .unreadable {
      report(lines[index], lines[index].start, "values that span lines are not supported; write the value on one line")
    }
    skipDeeper(than: indent)
    value.kind = .unreadable
  }

  /// Reports `message` at the start of the current line, then skips that line and the lines indented deeper
  /// than `indent` under it.
  mutating func skipLine(_ message: String, indent: Int) {
    let line = lines[index]
    report(line, line.start, message)
    index += 1
    skipDeeper(than: indent)
  }

  mutating func readMapping(indent: Int) -> YAMLValue {
    let first = lines[index]
    var members: [YAMLMember] = []
    var seen: Set<String> = []
    while index < lines.count {
      let line = lines[index]
      if line.start < indent { break }
      if line.start > indent {
        skipLine("unexpected indentation", indent: indent)
        continue
      }
      if isSequenceItem(line, at: line.start) {
        skipLine("expected `key: value`, found a list item", indent: indent)
        continue
      }
      guard let colon = mappingColon(line, from: line.start) else {
        skipLine("expected `key: value`", indent: indent)
        continue
      }
      index += 1
      guard let key = readKey(line, from: line.start, to: colon) else {
        skipDeeper(than: indent)
        continue
      }
      let valueStart = afterSpaces(line, from: colon + 1)
      var memberValue: YAMLValue
      if valueStart == line.end {
        if index < lines.count && lines[index].start > indent {
          memberValue = readBlock(parent: indent)
        } else if index < lines.count && lines[index].start == indent && isSequenceItem(lines[index], at: indent) {
          memberValue = readSequence(indent: indent)
        } else {
          memberValue = value(.null, line, colon)
        }
      } else {
        memberValue = readInline(line, from: valueStart)
        skipContinuation(of: &memberValue, deeperThan: indent)
      }
      if !seen.insert(key).inserted {
        report(line, line.start, "duplicate key `\(key)`")
      }
      members.append(
        YAMLMember(key: key, line: line.number, column: Self.column(line.bytes, line.start), value: memberValue))
    }
    return value(.mapping(members), first, indent)
  }

  mutating func readSequence(indent: Int) -> YAMLValue {
    let first = lines[index]
    var items: [YAMLValue] = []
    while index < lines.count {
      let line = lines[index]
      if line.start < indent { break }
      if line.start > indent {
        skipLine("unexpected indentation", indent: indent)
        continue
      }
      guard isSequenceItem(line, at: line.start) else { break }
      let rest = afterSpaces(line, from: line.start + 1)
      if rest == line.end {
        index += 1
        if index < lines.count && lines[index].start > indent {
          items.append(readBlock(parent: indent))
        } else {
          items.append(value(.null, line, line.start))
        }
      } else if isSequenceItem(line, at: rest) || mappingColon(line, from: rest) != nil {
        // A block that starts on the item's line: read it as if its line began there.
        lines[index].start = rest
        items.append(readBlock(parent: indent))
      } else {
        var item = readInline(line, from: rest)
        index += 1
        skipContinuation(of: &item, deeperThan: indent)
        items.append(item)
      }
    }
    return value(.sequence(items), first, indent)
  }

  // MARK: Keys and scalars

  /// The first position from `position` on that is not a space or tab (the line's end when there is none).
  func afterSpaces(_ line: YAMLLine, from position: Int) -> Int {
    var i = position
    while i < line.end && Byte.isSpace(line.bytes[i]) { i += 1 }
    return i
  }

  /// The `:` that makes the text from `position` a `key: value` pair, if any.
  func mappingColon(_ line: YAMLLine, from position: Int) -> Int? {
    let b = line.bytes
    var i = position
    guard i < line.end else { return nil }
    if b[i] == Byte.doubleQuote || b[i] == Byte.singleQuote {
      guard let close = quoteEnd(line, from: i) else { return nil }
      i = close
      i = afterSpaces(line, from: i)
      return i < line.end && b[i] == Byte.colon && (i + 1 == line.end || Byte.isSpace(b[i + 1])) ? i : nil
    }
    if b[i] == Byte.openBracket || b[i] == Byte.openBrace { return nil }
    while i < line.end {
      if b[i] == Byte.colon && (i + 1 == line.end || Byte.isSpace(b[i + 1])) { return i }
      i += 1
    }
    return nil
  }

  /// The index after the quoted scalar that opens at `position`, or nil when it does not close on the line.
  func quoteEnd(_ line: YAMLLine, from position: Int) -> Int? {
    let b = line.bytes
    let q = b[position]
    var i = position + 1
    while i < line.end {
      if q == Byte.doubleQuote && b[i] == Byte.backslash {
        i += 2
        continue
      }
      if b[i] == q {
        if q == Byte.singleQuote && i + 1 < line.end && b[i + 1] == Byte.singleQuote {
          i += 2
          continue
        }
        return i + 1
      }
      i += 1
    }
    return nil
  }

  /// A mapping key written between `position` and the colon at `colon`; nil (with a problem) when unsupported.
  mutating func readKey(_ line: YAMLLine, from position: Int, to colon: Int) -> String? {
    var end = colon
    while end > position && Byte.isSpace(line.bytes[end - 1]) { end -= 1 }
    let first = line.bytes[position]
    if first == Byte.doubleQuote || first == Byte.singleQuote {
      return readQuoted(line, from: position, to: end).flatMap(\.scalar)
    }
    if let message = unsupportedIndicator(first) {
      report(line, position, message)
      return nil
    }
    return String(decoding: line.bytes[position..<end], as: UTF8.self)
  }

  func unsupportedIndicator(_ b: UInt8) -> String? {
    switch b {
    case UInt8(ascii: "&"): return "anchors (`&`) are not supported"
    case UInt8(ascii: "*"): return "aliases (`*`) are not supported"
    case UInt8(ascii: "!"): return "tags (`!`) are not supported"
    case UInt8(ascii: "|"), UInt8(ascii: ">"):
      return "block scalars (`|`, `>`) are not supported; write the value on one line"
    case UInt8(ascii: "@"), UInt8(ascii: "`"):
      return "`\(Character(Unicode.Scalar(b)))` cannot start a plain scalar; quote the value"
    default: return nil
    }
  }

  /// The value written from `position` to the end of the line's content.
  mutating func readInline(_ line: YAMLLine, from position: Int) -> YAMLValue {
    let b = line.bytes
    let first = b[position]
    if let message = unsupportedIndicator(first) {
      report(line, position, message)
      return value(.unreadable, line, position)
    }
    switch first {
    case Byte.openBrace:
      var i = position + 1
      i = afterSpaces(line, from: i)
      if i + 1 == line.end && b[i] == Byte.closeBrace { return value(.mapping([]), line, position) }
      report(line, position, "flow mappings (`{...}`) are not supported; write one `key: value` per line")
      return value(.unreadable, line, position)
    case Byte.openBracket:
      return readFlowSequence(line, from: position)
    case Byte.doubleQuote, Byte.singleQuote:
      return readQuoted(line, from: position, to: line.end) ?? value(.unreadable, line, position)
    default:
      let text = b[position..<line.end]
      if let colon = mappingColon(line, from: position) {
        report(line, colon, "`: ` cannot appear in a plain value; quote the value")
        return value(.unreadable, line, position)
      }
      return plainScalar(text, line, position)
    }
  }

  func plainScalar(_ text: ArraySlice<UInt8>, _ line: YAMLLine, _ position: Int) -> YAMLValue {
    let string = String(decoding: text, as: UTF8.self)
    if string == "~" || string == "null" || string == "Null" || string == "NULL" {
      return value(.null, line, position)
    }
    return value(.scalar(string, quoted: false), line, position)
  }

  /// A quoted scalar that must end exactly at `end`.
  mutating func readQuoted(_ line: YAMLLine, from position: Int, to end: Int) -> YAMLValue? {
    guard let close = quoteEnd(line, from: position), close <= end else {
      report(line, position, "quoted values that span lines are not supported; close the quote on the same line")
      return nil
    }
    if close != end {
      report(line, close, "unexpected text after the quoted value")
      return nil
    }
    guard let text = decodeQuoted(line, from: position, to: close) else { return nil }
    return value(.scalar(text, quoted: true), line, position)
  }

  /// The text of the quoted scalar `line.bytes[position..<close]` (quotes included), escapes decoded.
  mutating func decodeQuoted(_ line: YAMLLine, from position: Int, to close: Int) -> String? {
    let b = line.bytes
    var out: [UInt8] = []
    var i = position + 1
    let last = close - 1
    if b[position] == Byte.singleQuote {
      while i < last {
        out.append(b[i])
        i += b[i] == Byte.singleQuote ? 2 : 1
      }
      return String(decoding: out, as: UTF8.self)
    }
    while i < last {
      guard b[i] == Byte.backslash, i + 1 < last else {
        out.append(b[i])
        i += 1
        continue
      }
      let e = b[i + 1]
      var scalar: Unicode.Scalar? = nil
      var width = 2
      switch e {
      case UInt8(ascii: "0"): scalar = "\0"
      case UInt8(ascii: "a"): scalar = "\u{07}"
      case UInt8(ascii: "b"): scalar = "\u{08}"
      case UInt8(ascii: "t"), Byte.tab: scalar = "\t"
      case UInt8(ascii: "n"): scalar = "\n"
      case UInt8(ascii: "v"): scalar = "\u{0B}"
      case UInt8(ascii: "f"): scalar = "\u{0C}"
      case UInt8(ascii: "r"): scalar = "\r"
      case UInt8(ascii: "e"): scalar = "\u{1B}"
      case Byte.space: scalar = " "
      case Byte.doubleQuote: scalar = "\""
      case UInt8(ascii: "/"): scalar = "/"
      case Byte.backslash: scalar = "\\"
      case UInt8(ascii: "N"): scalar = "\u{85}"
      case UInt8(ascii: "_"): scalar = "\u{A0}"
      case UInt8(ascii: "L"): scalar = "\u{2028}"
      case UInt8(ascii: "P"): scalar = "\u{2029}"
      case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
        let digits = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
        width = 2 + digits
        if i + width <= last, let code = UInt32(String(decoding: b[(i + 2)..<(i + width)], as: UTF8.self), radix: 16) {
          scalar = Unicode.Scalar(code)
        }
      default: break
      }
      guard let scalar else {
        report(line, i, "unknown escape `\\\(Character(Unicode.Scalar(e)))` in a double-quoted value")
        return nil
      }
      out.append(contentsOf: Array(String(Character(scalar)).utf8))
      i += width
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// `[a, "b", c]` on one line.
  mutating func readFlowSequence(_ line: YAMLLine, from position: Int) -> YAMLValue {
    let b = line.bytes
    var items: [YAMLValue] = []
    var i = position + 1
    while true {
      i = afterSpaces(line, from: i)
      guard i < line.end else {
        report(line, position, "lists in brackets that span lines are not supported; close the `]` on the same line")
        return value(.unreadable, line, position)
      }
      if b[i] == Byte.closeBracket {
        i += 1
        break
      }
      let itemStart = i
      if b[i] == Byte.doubleQuote || b[i] == Byte.singleQuote {
        guard let close = quoteEnd(line, from: i) else {
          report(line, i, "quoted values that span lines are not supported; close the quote on the same line")
          return value(.unreadable, line, position)
        }
        guard let text = decodeQuoted(line, from: i, to: close) else { return value(.unreadable, line, position) }
        items.append(value(.scalar(text, quoted: true), line, i))
        i = close
      } else if b[i] == Byte.openBracket || b[i] == Byte.openBrace {
        report(line, i, "nested flow collections are not supported")
        return value(.unreadable, line, position)
      } else if let message = unsupportedIndicator(b[i]) {
        report(line, i, message)
        return value(.unreadable, line, position)
      } else if b[i] == Byte.comma {
        report(line, i, "empty entry in a list")
        return value(.unreadable, line, position)
      } else {
        while i < line.end && b[i] != Byte.comma && b[i] != Byte.closeBracket { i += 1 }
        var end = i
        while end > itemStart && Byte.isSpace(b[end - 1]) { end -= 1 }
        items.append(plainScalar(b[itemStart..<end], line, itemStart))
      }
      i = afterSpaces(line, from: i)
      if i < line.end && b[i] == Byte.comma {
        i += 1
      } else if !(i < line.end && b[i] == Byte.closeBracket) {
        report(line, i, "expected `,` or `]`")
        return value(.unreadable, line, position)
      }
    }
    i = afterSpaces(line, from: i)
    if i != line.end {
      report(line, i, "unexpected text after `]`")
      return value(.unreadable, line, position)
    }
    return value(.sequence(items), line, position)
  }
}
