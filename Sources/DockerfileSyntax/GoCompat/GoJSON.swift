// BuildKit decides "exec form" with Go's `json.Unmarshal(rest, &[]any)`, so we reproduce its acceptance rules and
// string decoding byte for byte instead of relying on a different JSON parser's opinions.

/// Outcome of reading bytes the way Go's `json.Unmarshal(data, &[]any)` would.
public enum GoJSONArrayResult: Equatable, Sendable {
  /// Valid JSON whose top level is an array of strings only, with one range per string token.
  ///
  /// Each range covers the token including its quotes, in the index space of the input that was given.
  case strings([Range<Int>])
  /// Valid JSON, top level array, but some element is not a string (number, bool, null, array, object).
  case notStringArray
  /// Not valid JSON (syntax error, trailing garbage, too deep, ...), or valid JSON whose top level is not an array.
  case invalid
}

/// Deepest nesting Go's scanner accepts (`maxNestingDepth` in encoding/json/scanner.go).
let goJSONMaxNestingDepth = 10_000

/// Reads `input` as Go's encoding/json would when unmarshalling into `[]any`; ranges are 0-based into the buffer.
public func parseGoJSONArray(_ input: UnsafeBufferPointer<UInt8>) -> GoJSONArrayResult {
  goJSONScanArray(input, rangeOffset: 0)
}

/// Reads `input` as Go's encoding/json would when unmarshalling into `[]any`; ranges use the slice's own indices.
public func parseGoJSONArray(_ input: ArraySlice<UInt8>) -> GoJSONArrayResult {
  let offset = input.startIndex
  return input.withUnsafeBufferPointer { goJSONScanArray($0, rangeOffset: offset) }
}

/// Decodes one JSON string token (with its surrounding quotes) to the bytes Go would store in a string.
///
/// The token is expected to have passed `parseGoJSONArray`; malformed escapes are copied through literally.
public func decodeGoJSONString(_ token: ArraySlice<UInt8>) -> [UInt8] {
  token.withUnsafeBufferPointer { p in
    var start = 0
    var end = p.count
    if start < end, p[start] == GoJSONByte.quote { start += 1 }
    if start < end, p[end - 1] == GoJSONByte.quote { end -= 1 }
    var out: [UInt8] = []
    out.reserveCapacity(end - start)
    goJSONAppendDecoded(p, start, end, to: &out)
    return out
  }
}

// MARK: - Validation

/// Bytes the JSON grammar names.
private enum GoJSONByte {
  static let quote: UInt8 = 0x22
  static let backslash: UInt8 = 0x5C
  static let comma: UInt8 = 0x2C
  static let colon: UInt8 = 0x3A
  static let minus: UInt8 = 0x2D
  static let plus: UInt8 = 0x2B
  static let dot: UInt8 = 0x2E
  static let zero: UInt8 = 0x30
  static let openBracket: UInt8 = 0x5B
  static let closeBracket: UInt8 = 0x5D
  static let openBrace: UInt8 = 0x7B
  static let closeBrace: UInt8 = 0x7D
}

/// What the scanner expects next.
private enum GoJSONState {
  /// Just after `[`: a value or `]`.
  case valueOrClose
  /// After `,` in an array or `:` in an object: a value.
  case value
  /// Just after `{`: a key or `}`.
  case keyOrClose
  /// After `,` in an object: a key.
  case key
  /// After a complete value: `,`, the closing bracket of the container, or the end of input at top level.
  case afterValue
}

/// Which containers are open: one bit per level (set means object), the first 64 levels kept in a register.
private struct GoJSONContainerStack {
  private var low: UInt64 = 0
  private var high: [UInt64] = []

  /// Records whether the container opened at `level` (0-based) is an object.
  @inline(__always)
  mutating func set(level: Int, isObject: Bool) {
    let mask: UInt64 = 1 << UInt64(level & 63)
    if level < 64 {
      low = isObject ? low | mask : low & ~mask
      return
    }
    let word = (level >> 6) - 1
    if word == high.count { high.append(0) }
    high[word] = isObject ? high[word] | mask : high[word] & ~mask
  }

  /// Whether the container open at `level` (0-based) is an object.
  @inline(__always)
  func isObject(level: Int) -> Bool {
    let mask: UInt64 = 1 << UInt64(level & 63)
    if level < 64 { return low & mask != 0 }
    return high[(level >> 6) - 1] & mask != 0
  }
}

@inline(__always)
private func goJSONIsSpace(_ b: UInt8) -> Bool {
  b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
}

@inline(__always)
private func goJSONIsDigit(_ b: UInt8) -> Bool {
  b &- 0x30 < 10
}

/// Value of a hex digit, or -1.
@inline(__always)
private func goJSONHexValue(_ b: UInt8) -> Int {
  switch b {
  case 0x30...0x39: return Int(b &- 0x30)
  case 0x41...0x46: return Int(b &- 0x41) + 10
  case 0x61...0x66: return Int(b &- 0x61) + 10
  default: return -1
  }
}

/// Validates the whole document in one pass; see `parseGoJSONArray`.
private func goJSONScanArray(_ p: UnsafeBufferPointer<UInt8>, rangeOffset: Int) -> GoJSONArrayResult {
  let n = p.count
  var i = 0
  while i < n, goJSONIsSpace(p[i]) { i += 1 }
  // Anything that does not open an array is either invalid JSON or a non-array value: both are `.invalid`.
  guard i < n, p[i] == GoJSONByte.openBracket else { return .invalid }
  i += 1
  var stack = GoJSONContainerStack()
  stack.set(level: 0, isObject: false)
  var depth = 1
  var ranges: [Range<Int>] = []
  var allStrings = true
  var state = GoJSONState.valueOrClose

  while true {
    while i < n, goJSONIsSpace(p[i]) { i += 1 }
    switch state {
    case .valueOrClose, .value:
      guard i < n else { return .invalid }
      let b = p[i]
      switch b {
      case GoJSONByte.quote:
        let end = goJSONScanString(p, i)
        if end < 0 { return .invalid }
        if depth == 1 && allStrings { ranges.append((i + rangeOffset)..<(end + rangeOffset)) }
        i = end
        state = .afterValue
      case GoJSONByte.closeBracket where state == .valueOrClose:
        depth -= 1
        i += 1
        state = .afterValue
      case GoJSONByte.openBracket, GoJSONByte.openBrace:
        if depth == 1 { allStrings = false }
        if depth >= goJSONMaxNestingDepth { return .invalid }
        let isObject = b == GoJSONByte.openBrace
        stack.set(level: depth, isObject: isObject)
        depth += 1
        i += 1
        state = isObject ? .keyOrClose : .valueOrClose
      case GoJSONByte.minus, 0x30...0x39:
        if depth == 1 { allStrings = false }
        let end = goJSONScanNumber(p, i)
        if end < 0 { return .invalid }
        i = end
        state = .afterValue
      case 0x74:  // t
        guard goJSONMatch(p, i, 0x72, 0x75, 0x65) else { return .invalid }
        if depth == 1 { allStrings = false }
        i += 4
        state = .afterValue
      case 0x66:  // f
        guard i + 4 < n, p[i + 4] == 0x65, goJSONMatch(p, i, 0x61, 0x6C, 0x73) else { return .invalid }
        if depth == 1 { allStrings = false }
        i += 5
        state = .afterValue
      case 0x6E:  // n
        guard goJSONMatch(p, i, 0x75, 0x6C, 0x6C) else { return .invalid }
        if depth == 1 { allStrings = false }
        i += 4
        state = .afterValue
      default:
        return .invalid
      }

    case .keyOrClose, .key:
      guard i < n else { return .invalid }
      if state == .keyOrClose && p[i] == GoJSONByte.closeBrace {
        depth -= 1
        i += 1
        state = .afterValue
        continue
      }
      guard p[i] == GoJSONByte.quote else { return .invalid }
      let end = goJSONScanString(p, i)
      if end < 0 { return .invalid }
      i = end
      while i < n, goJSONIsSpace(p[i]) { i += 1 }
      guard i < n, p[i] == GoJSONByte.colon else { return .invalid }
      i += 1
      state = .value

    case .afterValue:
      if depth == 0 {
        guard i == n else { return .invalid }
        return allStrings ? .strings(ranges) : .notStringArray
      }
      guard i < n else { return .invalid }
      let isObject = stack.isObject(level: depth - 1)
      switch p[i] {
      case GoJSONByte.comma:
        state = isObject ? .key : .value
      case GoJSONByte.closeBracket where !isObject, GoJSONByte.closeBrace where isObject:
        depth -= 1
      default:
        return .invalid
      }
      i += 1
    }
  }
}

/// True when the three bytes after `i` are `b1 b2 b3`.
@inline(__always)
private func goJSONMatch(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) -> Bool {
  i + 3 < p.count && p[i + 1] == b1 && p[i + 2] == b2 && p[i + 3] == b3
}

/// Index just past the string token opening at `start` (which holds `"`), or -1 when the token is malformed.
@inline(__always)
private func goJSONScanString(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
  let n = p.count
  var j = start + 1
  while j < n {
    let c = p[j]
    if c == GoJSONByte.quote { return j + 1 }
    if c == GoJSONByte.backslash {
      j += 1
      guard j < n else { return -1 }
      switch p[j] {
      case GoJSONByte.quote, GoJSONByte.backslash, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:  // " \ / b f n r t
        j += 1
      case 0x75:  // u
        guard j + 4 < n,
          goJSONHexValue(p[j + 1]) | goJSONHexValue(p[j + 2]) | goJSONHexValue(p[j + 3]) | goJSONHexValue(p[j + 4])
            >= 0
        else { return -1 }
        j += 5
      default:
        return -1
      }
    } else if c < 0x20 {
      return -1
    } else {
      j += 1
    }
  }
  return -1
}

/// Index just past the number starting at `start`, or -1 when it does not follow the RFC 8259 grammar.
@inline(__always)
private func goJSONScanNumber(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
  let n = p.count
  var j = start
  if p[j] == GoJSONByte.minus { j += 1 }
  guard j < n else { return -1 }
  if p[j] == GoJSONByte.zero {
    j += 1
  } else if goJSONIsDigit(p[j]) {
    j += 1
    while j < n, goJSONIsDigit(p[j]) { j += 1 }
  } else {
    return -1
  }
  if j < n, p[j] == GoJSONByte.dot {
    j += 1
    guard j < n, goJSONIsDigit(p[j]) else { return -1 }
    while j < n, goJSONIsDigit(p[j]) { j += 1 }
  }
  if j < n, p[j] | 0x20 == 0x65 {  // e or E
    j += 1
    if j < n, p[j] == GoJSONByte.plus || p[j] == GoJSONByte.minus { j += 1 }
    guard j < n, goJSONIsDigit(p[j]) else { return -1 }
    while j < n, goJSONIsDigit(p[j]) { j += 1 }
  }
  return j
}

// MARK: - Decoding

/// The four hex digits of a `\uXXXX` escape whose backslash is at `i`, or -1 (Go's `getu4`).
@inline(__always)
private func goJSONEscapeU4(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
  guard end - i >= 6, p[i] == GoJSONByte.backslash, p[i + 1] == 0x75 else { return -1 }
  let d0 = goJSONHexValue(p[i + 2])
  let d1 = goJSONHexValue(p[i + 3])
  let d2 = goJSONHexValue(p[i + 4])
  let d3 = goJSONHexValue(p[i + 5])
  guard d0 | d1 | d2 | d3 >= 0 else { return -1 }
  return d0 << 12 | d1 << 8 | d2 << 4 | d3
}

/// Appends the UTF-8 encoding of a valid scalar value (never a surrogate, at most U+10FFFF).
@inline(__always)
private func goJSONAppendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
  switch scalar {
  case 0..<0x80:
    out.append(UInt8(truncatingIfNeeded: scalar))
  case 0x80..<0x800:
    out.append(0xC0 | UInt8(truncatingIfNeeded: scalar >> 6))
    out.append(0x80 | UInt8(truncatingIfNeeded: scalar) & 0x3F)
  case 0x800..<0x10000:
    out.append(0xE0 | UInt8(truncatingIfNeeded: scalar >> 12))
    out.append(0x80 | UInt8(truncatingIfNeeded: scalar >> 6) & 0x3F)
    out.append(0x80 | UInt8(truncatingIfNeeded: scalar) & 0x3F)
  default:
    out.append(0xF0 | UInt8(truncatingIfNeeded: scalar >> 18))
    out.append(0x80 | UInt8(truncatingIfNeeded: scalar >> 12) & 0x3F)
    out.append(0x80 | UInt8(truncatingIfNeeded: scalar >> 6) & 0x3F)
    out.append(0x80 | UInt8(truncatingIfNeeded: scalar) & 0x3F)
  }
}

/// Appends the decoded contents of the string body `p[start..<end]` (no quotes), as Go's `unquoteBytes` does.
private func goJSONAppendDecoded(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, to out: inout [UInt8]) {
  var r = start
  var run = start  // first byte of the pending run of bytes copied verbatim
  while r < end {
    let c = p[r]
    if c != GoJSONByte.backslash && c < 0x80 {
      r += 1
      continue
    }
    if c >= 0x80 {
      let (scalar, width) = goDecodeRuneBounded(p, r, end)
      if width > 1 || scalar != 0xFFFD {
        r += width
        continue
      }
      // An invalid byte: Go stores U+FFFD in its place.
      if run < r { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<r])) }
      out.append(0xEF)
      out.append(0xBF)
      out.append(0xBD)
      r += 1
      run = r
      continue
    }
    // A backslash.
    if run < r { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<r])) }
    guard r + 1 < end else {
      // A trailing lone backslash (cannot happen after validation) is kept literally.
      run = r
      break
    }
    let e = p[r + 1]
    switch e {
    case GoJSONByte.quote, GoJSONByte.backslash, 0x2F:
      out.append(e)
      r += 2
    case 0x62:  // b
      out.append(0x08)
      r += 2
    case 0x66:  // f
      out.append(0x0C)
      r += 2
    case 0x6E:  // n
      out.append(0x0A)
      r += 2
    case 0x72:  // r
      out.append(0x0D)
      r += 2
    case 0x74:  // t
      out.append(0x09)
      r += 2
    case 0x75:  // u
      let unit = goJSONEscapeU4(p, r, end)
      guard unit >= 0 else {
        // Malformed (cannot happen after validation): keep the backslash literally.
        run = r
        r += 1
        continue
      }
      r += 6
      var scalar = UInt32(unit)
      if scalar & 0xF800 == 0xD800 {
        let second = goJSONEscapeU4(p, r, end)
        if scalar < 0xDC00 && second >= 0xDC00 && second < 0xE000 {
          scalar = 0x10000 + ((scalar - 0xD800) << 10 | (UInt32(second) - 0xDC00))
          r += 6
        } else {
          scalar = 0xFFFD
        }
      }
      goJSONAppendUTF8(scalar, to: &out)
    default:
      // Malformed (cannot happen after validation): keep the backslash literally.
      run = r
      r += 1
      continue
    }
    run = r
  }
  if run < end { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<end])) }
}
