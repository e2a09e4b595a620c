// Converts between byte offsets (what the parser speaks) and LSP positions (line plus a character offset in
// UTF-8, UTF-16 or UTF-32 code units), for LSP's line breaks: `\n`, `\r\n` and `\r`.

/// The unit an LSP `Position.character` counts in.
public enum PositionEncoding: String, Sendable, CaseIterable {
  case utf8 = "utf-8"
  case utf16 = "utf-16"
  case utf32 = "utf-32"
}

/// A line and a character offset in some encoding (both 0-based).
public struct LinePosition: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// The 0-based line.
  public var line: Int
  /// The 0-based character offset, in the negotiated encoding's code units.
  public var character: Int

  /// Creates a position.
  public init(line: Int, character: Int) {
    self.line = line
    self.character = character
  }

  /// `line:character`.
  public var description: String { "\(line):\(character)" }
}

/// Line starts of a text, kept up to date across edits.
public struct LineIndex: Sendable {
  /// Byte offset where each line starts; `lineStarts[0] == 0`.
  public private(set) var lineStarts: [Int]

  /// Indexes `text`. The index is stored at its size: the lines are counted first (a guess of a line per 32 bytes
  /// left a third of an 18,000-line document's index unused, for as long as the document is open).
  public init(_ text: [UInt8]) {
    var starts: [Int] = []
    starts.reserveCapacity(LineIndex.lineBreakCount(text) + 1)
    starts.append(0)
    LineIndex.appendLineStarts(in: text[...], base: 0, to: &starts)
    lineStarts = starts
  }

  /// How many line breaks `text` has (`\r\n` is one).
  static func lineBreakCount(_ text: [UInt8]) -> Int {
    text.withUnsafeBufferPointer { b in
      var n = 0
      var k = 0
      while k < b.count {
        if b[k] == 0x0A {
          n += 1
        } else if b[k] == 0x0D {
          if k + 1 < b.count && b[k + 1] == 0x0A { k += 1 }
          n += 1
        }
        k += 1
      }
      return n
    }
  }

  /// Offsets just after each line break in `text` (which starts at absolute offset `base`).
  static func lineStarts(in text: ArraySlice<UInt8>, base: Int) -> [Int] {
    var out: [Int] = []
    out.reserveCapacity(text.count / 32)
    appendLineStarts(in: text, base: base, to: &out)
    return out
  }

  /// Appends to `out` the offsets just after each line break in `text` (which starts at absolute offset `base`).
  static func appendLineStarts(in text: ArraySlice<UInt8>, base: Int, to out: inout [Int]) {
    text.withUnsafeBytes { raw in
      var k = 0
      while k < raw.count {
        // Skip eight bytes at a time while they hold neither `\n` nor `\r`.
        while k + 8 <= raw.count {
          let x = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
          let lf = x ^ 0x0A0A_0A0A_0A0A_0A0A
          let cr = x ^ 0x0D0D_0D0D_0D0D_0D0D
          let hit = ((lf &- 0x0101_0101_0101_0101) & ~lf) | ((cr &- 0x0101_0101_0101_0101) & ~cr)
          if hit & 0x8080_8080_8080_8080 != 0 { break }
          k += 8
        }
        guard k < raw.count else { break }
        let b = raw[k]
        if b == 0x0A {
          out.append(base + k + 1)
        } else if b == 0x0D {
          if k + 1 < raw.count && raw[k + 1] == 0x0A { k += 1 }
          out.append(base + k + 1)
        }
        k += 1
      }
    }
  }

  /// Updates the index after `range` (in the old text) was replaced, given the new text. Only the lines the
  /// edit touches are scanned again; later line starts move by the length difference.
  public mutating func update(replacing range: Range<Int>, replacementCount: Int, newText: [UInt8]) {
    let delta = replacementCount - range.count
    // From the line holding the byte before the edit (a CR there may pair with an LF the edit brings)...
    let first = line(containing: max(0, range.lowerBound - 1))
    let scanStart = lineStarts[first]
    // ...to the first old line start more than one byte past the edit (its line break is untouched).
    var j = first + 1
    while j < lineStarts.count && lineStarts[j] <= range.upperBound + 1 { j += 1 }
    let scanEnd = j < lineStarts.count ? lineStarts[j] + delta : newText.count
    let scanned = LineIndex.lineStarts(in: newText[scanStart..<scanEnd], base: scanStart)
    if j < lineStarts.count && scanned.last == lineStarts[j] + delta { j += 1 }
    // In place: the starts after the edit move by the length difference, those between are replaced by the
    // ones just scanned (no copy of the whole array, which has a line start per line of the document).
    if delta != 0 {
      lineStarts.withUnsafeMutableBufferPointer { starts in
        for k in j..<starts.count { starts[k] += delta }
      }
    }
    lineStarts.replaceSubrange((first + 1)..<j, with: scanned)
  }

  /// The number of lines (a text ending in a line break has an empty last line).
  public var lineCount: Int { lineStarts.count }

  /// The line whose bytes include `offset` (the last line for offsets at or past the end).
  public func line(containing offset: Int) -> Int {
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// The end of a line's content, before its line break.
  func contentEnd(ofLine line: Int, in text: [UInt8]) -> Int {
    var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : text.count
    if end > lineStarts[line] && text[end - 1] == 0x0A { end -= 1 }
    if end > lineStarts[line] && text[end - 1] == 0x0D { end -= 1 }
    return end
  }

  /// The position of a byte offset (clamped to the text).
  public func position(of offset: Int, in text: [UInt8], encoding: PositionEncoding) -> LinePosition {
    let offset = max(0, min(offset, text.count))
    let line = line(containing: offset)
    let start = lineStarts[line]
    let lineEnd = contentEnd(ofLine: line, in: text)
    let end = min(offset, lineEnd)
    return LinePosition(line: line, character: LineIndex.units(text, start, max(start, end), lineEnd, encoding))
  }

  /// A cursor for converting many offsets in a row, each conversion starting its line search from the line of
  /// the one before: findings come sorted by offset, so most conversions look at one or two line starts.
  public func cursor(in text: [UInt8], encoding: PositionEncoding) -> PositionCursor {
    PositionCursor(lineStarts: lineStarts, text: text, encoding: encoding)
  }

  /// The byte offset of a position. Lines past the end clamp to the end of the text; characters past a
  /// line's end clamp to that end (before the line break); a position inside a character snaps to its start.
  public func offset(of position: LinePosition, in text: [UInt8], encoding: PositionEncoding) -> Int {
    guard position.line >= 0 else { return 0 }
    guard position.line < lineStarts.count else { return text.count }
    let start = lineStarts[position.line]
    let end = contentEnd(ofLine: position.line, in: text)
    if encoding == .utf8 { return min(start + max(0, position.character), end) }
    var i = start
    var units = 0
    while i < end {
      let (width, scalarUnits) = LineIndex.scalarWidth(text, i, end, encoding)
      if units + scalarUnits > position.character { return i }
      units += scalarUnits
      i += width
    }
    return end
  }

  /// The position is valid as sent: its line exists (or is the line just past a final line break) and its
  /// character is not past the line's end.
  public func isValid(_ position: LinePosition, in text: [UInt8], encoding: PositionEncoding) -> Bool {
    guard position.line >= 0, position.character >= 0, position.line < lineStarts.count else { return false }
    let start = lineStarts[position.line]
    let end = contentEnd(ofLine: position.line, in: text)
    return position.character <= LineIndex.units(text, start, end, end, encoding)
  }

  /// Code units between two byte offsets on one line (a character that `to` falls inside is not counted, so
  /// an offset inside a character maps to that character's start).
  static func units(_ text: [UInt8], _ from: Int, _ to: Int, _ lineEnd: Int, _ encoding: PositionEncoding) -> Int {
    if encoding == .utf8 { return to - from }
    // An ASCII byte is one character and one unit in every encoding: count the ASCII prefix by its length,
    // eight bytes at a time, and decode only from the first byte that is not ASCII.
    var i = from
    text.withUnsafeBufferPointer { t in
      while i + 8 <= to
        && UnsafeRawPointer(t.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        i += 8
      }
      while i < to && t[i] < 0x80 { i += 1 }
    }
    if i == to { return to - from }
    var n = i - from
    while i < to {
      let (width, u) = scalarWidth(text, i, lineEnd, encoding)
      if i + width > to { break }
      n += u
      i += width
    }
    return n
  }

  /// Byte width and code-unit count of the UTF-8 sequence at `i` (an invalid byte is one unit, as U+FFFD).
  @inline(__always)
  static func scalarWidth(_ t: [UInt8], _ i: Int, _ end: Int, _ encoding: PositionEncoding) -> (Int, Int) {
    let b = t[i]
    if b < 0x80 { return (1, 1) }
    var width = 0
    if b >= 0xC2 && b <= 0xDF {
      width = 2
    } else if b >= 0xE0 && b <= 0xEF {
      width = 3
    } else if b >= 0xF0 && b <= 0xF4 {
      width = 4
    }
    guard width > 0, i + width <= end else { return (1, 1) }
    for k in 1..<width where t[i + k] & 0xC0 != 0x80 { return (1, 1) }
    // Reject overlongs and surrogates the way a strict decoder does.
    if width == 3 && b == 0xE0 && t[i + 1] < 0xA0 { return (1, 1) }
    if width == 3 && b == 0xED && t[i + 1] >= 0xA0 { return (1, 1) }
    if width == 4 && b == 0xF0 && t[i + 1] < 0x90 { return (1, 1) }
    if width == 4 && b == 0xF4 && t[i + 1] >= 0x90 { return (1, 1) }
    return (width, width == 4 && encoding == .utf16 ? 2 : 1)
  }
}

/// Converts byte offsets to positions exactly as `LineIndex.position(of:in:encoding:)` does, fastest when each
/// offset is at or a little after the one before.
public struct PositionCursor {
  /// The line index's line starts.
  let lineStarts: [Int]
  /// The indexed text.
  let text: [UInt8]
  /// The unit of a position's character.
  let encoding: PositionEncoding
  /// The line of the last conversion.
  var line = 0

  /// The position of a byte offset (clamped to the text).
  public mutating func position(of offset: Int) -> LinePosition {
    let offset = max(0, min(offset, text.count))
    line = lineContaining(offset)
    let start = lineStarts[line]
    var lineEnd = line + 1 < lineStarts.count ? lineStarts[line + 1] : text.count
    if lineEnd > start && text[lineEnd - 1] == 0x0A { lineEnd -= 1 }
    if lineEnd > start && text[lineEnd - 1] == 0x0D { lineEnd -= 1 }
    let end = min(offset, lineEnd)
    return LinePosition(line: line, character: LineIndex.units(text, start, max(start, end), lineEnd, encoding))
  }

  /// The line holding `offset`: searched forward (then backward) from the last line by doubling steps, then
  /// by bisection, so a nearby offset costs a few comparisons and a distant one a logarithmic number.
  func lineContaining(_ offset: Int) -> Int {
    let last = lineStarts.count - 1
    // Most often the offset is on the last line found, or the next.
    if lineStarts[line] <= offset {
      if line == last || lineStarts[line + 1] > offset { return line }
      if line + 1 == last || lineStarts[line + 2] > offset { return line + 1 }
    }
    var lo: Int
    var hi: Int
    if lineStarts[line] <= offset {
      // The answer is in line...last; widen until a line start past the offset bounds it.
      lo = line
      var step = 1
      while true {
        let probe = lo + step
        if probe > last {
          hi = last
          break
        }
        if lineStarts[probe] > offset {
          hi = probe - 1
          break
        }
        lo = probe
        step *= 2
      }
    } else {
      hi = line - 1
      var step = 1
      while true {
        let probe = hi - step
        if probe < 0 {
          lo = 0
          break
        }
        if lineStarts[probe] <= offset {
          lo = probe
          break
        }
        hi = probe - 1
        step *= 2
      }
    }
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }
}
