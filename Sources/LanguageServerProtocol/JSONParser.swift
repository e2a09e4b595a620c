// Every keystroke reaches the server as a JSON message, so this is a strict RFC 8259 parser built for speed: one
// pass over contiguous bytes, an explicit container stack instead of recursion, and strings made in one step.

/// Why some bytes are not valid JSON.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The byte offset where the problem was found.
  public var offset: Int
  /// A sentence naming the problem and where it is, e.g. "unexpected character 'x' at byte 12".
  public var message: String

  /// Creates an error.
  public init(offset: Int, message: String) {
    self.offset = offset
    self.message = message
  }

  /// The message.
  public var description: String { message }
}

/// The deepest nesting of arrays and objects that `parseJSON` accepts.
public let jsonMaximumDepth = 512

/// Parses one JSON text (RFC 8259, strict): exactly one value, optionally surrounded by whitespace.
///
/// Integer literals that fit in `Int` become `.int`, other numbers `.double`; a repeated object key keeps its
/// last value; strings must be valid UTF-8, and an unpaired surrogate escape decodes to U+FFFD.
public func parseJSON(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
  let result = bytes.withContiguousStorageIfAvailable { buffer in
    var parser = JSONParser(buffer)
    return parser.parseDocument()
  }
  if let result { return try result.get() }
  let copy = Array(bytes)
  return try copy.withUnsafeBufferPointer { buffer in
    var parser = JSONParser(buffer)
    return parser.parseDocument()
  }.get()
}

/// Parses the UTF-8 of a string as JSON.
public func parseJSON(_ text: String) throws(JSONParseError) -> JSONValue {
  var text = text
  return try text.withUTF8 { buffer in
    var parser = JSONParser(buffer)
    return parser.parseDocument()
  }.get()
}

/// An open array or object while parsing: where its elements (and keys) start on the shared stacks.
private struct OpenContainer {
  var isObject: Bool
  var valueStart: Int
  var keyStart: Int
}

/// Exact powers of ten as doubles (10^22 is the largest one a double holds exactly).
private let exactPowersOfTen: [Double] = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
]

/// Byte constants, so that the parser reads like the grammar.
private enum Byte {
  static let quote = UInt8(ascii: "\"")
  static let backslash = UInt8(ascii: "\\")
  static let slash = UInt8(ascii: "/")
  static let comma = UInt8(ascii: ",")
  static let colon = UInt8(ascii: ":")
  static let openBrace = UInt8(ascii: "{")
  static let closeBrace = UInt8(ascii: "}")
  static let openBracket = UInt8(ascii: "[")
  static let closeBracket = UInt8(ascii: "]")
  static let minus = UInt8(ascii: "-")
  static let plus = UInt8(ascii: "+")
  static let dot = UInt8(ascii: ".")
  static let zero = UInt8(ascii: "0")
  static let nine = UInt8(ascii: "9")
  static let lowerE = UInt8(ascii: "e")
  static let upperE = UInt8(ascii: "E")
  static let space: UInt8 = 0x20
  static let tab: UInt8 = 0x09
  static let lineFeed: UInt8 = 0x0A
  static let carriageReturn: UInt8 = 0x0D
}

/// The parser's state over one contiguous input.
private struct JSONParser {
  let bytes: UnsafeBufferPointer<UInt8>
  let count: Int
  var index = 0
  /// Finished values of every open container, innermost last.
  var values: [JSONValue] = []
  /// Keys of every open object, parallel to its values.
  var keys: [String] = []
  /// The open containers, innermost last.
  var open: [OpenContainer] = []
  /// Reused buffer for strings with escapes.
  var scratch: [UInt8] = []

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    self.count = bytes.count
    // One allocation each up front instead of several doublings on a typical message.
    values.reserveCapacity(32)
    keys.reserveCapacity(32)
    open.reserveCapacity(16)
  }

  mutating func parseDocument() -> Result<JSONValue, JSONParseError> {
    do throws(JSONParseError) {
      return .success(try parseValues())
    } catch {
      return .failure(error)
    }
  }

  /// The main loop: reads a value, then attaches it to the open containers, closing those the input closes.
  mutating func parseValues() throws(JSONParseError) -> JSONValue {
    var value: JSONValue
    nextValue: while true {
      skipWhitespace()
      guard index < count else { throw endOfInput(expecting: "a value") }
      switch bytes[index] {
      case Byte.openBrace:
        try openContainer(isObject: true)
        skipWhitespace()
        if index < count && bytes[index] == Byte.closeBrace {
          index += 1
          open.removeLast()
          value = .object([:])
        } else {
          try readKeyAndColon()
          continue nextValue
        }
      case Byte.openBracket:
        try openContainer(isObject: false)
        skipWhitespace()
        if index < count && bytes[index] == Byte.closeBracket {
          index += 1
          open.removeLast()
          value = .array([])
        } else {
          continue nextValue
        }
      case Byte.quote:
        value = .string(try parseString())
      case UInt8(ascii: "t"):
        try expectLiteral("true")
        value = .bool(true)
      case UInt8(ascii: "f"):
        try expectLiteral("false")
        value = .bool(false)
      case UInt8(ascii: "n"):
        try expectLiteral("null")
        value = .null
      case Byte.minus, Byte.zero...Byte.nine:
        value = try parseNumber()
      default:
        throw unexpected(at: index, expecting: "a value")
      }
      while true {
        guard let container = open.last else {
          skipWhitespace()
          if index < count { throw unexpected(at: index, expecting: "end of input") }
          return value
        }
        values.append(value)
        skipWhitespace()
        let close = container.isObject ? Byte.closeBrace : Byte.closeBracket
        guard index < count else { throw endOfInput(expecting: container.isObject ? "',' or '}'" : "',' or ']'") }
        let c = bytes[index]
        if c == Byte.comma {
          index += 1
          if container.isObject {
            skipWhitespace()
            try readKeyAndColon()
          }
          continue nextValue
        }
        guard c == close else {
          throw unexpected(at: index, expecting: container.isObject ? "',' or '}'" : "',' or ']'")
        }
        index += 1
        value = closeContainer(container)
      }
    }
  }

  mutating func openContainer(isObject: Bool) throws(JSONParseError) {
    guard open.count < jsonMaximumDepth else {
      throw JSONParseError(
        offset: index, message: "nesting deeper than \(jsonMaximumDepth) levels at byte \(index)")
    }
    index += 1
    open.append(OpenContainer(isObject: isObject, valueStart: values.count, keyStart: keys.count))
  }

  mutating func closeContainer(_ container: OpenContainer) -> JSONValue {
    open.removeLast()
    let n = values.count - container.valueStart
    if container.isObject {
      var members = [String: JSONValue](minimumCapacity: n)
      for k in 0..<n { members[keys[container.keyStart &+ k]] = values[container.valueStart &+ k] }
      values.removeLast(n)
      keys.removeLast(n)
      return .object(members)
    }
    let elements = Array(values[container.valueStart...])
    values.removeLast(n)
    return .array(elements)
  }

  mutating func readKeyAndColon() throws(JSONParseError) {
    guard index < count else { throw endOfInput(expecting: "a string key") }
    guard bytes[index] == Byte.quote else { throw unexpected(at: index, expecting: "a string key") }
    keys.append(try parseString())
    skipWhitespace()
    guard index < count else { throw endOfInput(expecting: "':'") }
    guard bytes[index] == Byte.colon else { throw unexpected(at: index, expecting: "':'") }
    index += 1
  }

  @inline(__always)
  mutating func skipWhitespace() {
    while index < count {
      let b = bytes[index]
      guard b == Byte.space || b == Byte.lineFeed || b == Byte.carriageReturn || b == Byte.tab else { return }
      index += 1
    }
  }

  mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
    let start = index
    let n = literal.utf8CodeUnitCount
    let expected = literal.utf8Start
    for k in 0..<n {
      guard index < count else { throw endOfInput(expecting: "'\(literal)'") }
      guard bytes[index] == expected[k] else {
        throw unexpected(at: index, expecting: k == 0 ? "a value" : "'\(literal)' (started at byte \(start))")
      }
      index += 1
    }
  }

  // MARK: Numbers

  @inline(__always)
  func isDigit(_ b: UInt8) -> Bool { b &- Byte.zero < 10 }

  mutating func parseNumber() throws(JSONParseError) -> JSONValue {
    let start = index
    let negative = bytes[index] == Byte.minus
    if negative { index += 1 }
    guard index < count else { throw endOfInput(expecting: "a digit") }
    var mantissa: UInt64 = 0
    var overflow = false
    let first = bytes[index]
    if first == Byte.zero {
      index += 1
      if index < count && isDigit(bytes[index]) {
        throw JSONParseError(offset: start, message: "number with a leading zero at byte \(start)")
      }
    } else if isDigit(first) {
      while index < count, isDigit(bytes[index]) {
        accumulate(&mantissa, bytes[index], &overflow)
        index += 1
      }
    } else {
      throw unexpected(at: index, expecting: "a digit")
    }
    var isInteger = true
    var fractionDigits = 0
    if index < count && bytes[index] == Byte.dot {
      isInteger = false
      index += 1
      guard index < count else { throw endOfInput(expecting: "a digit after '.'") }
      guard isDigit(bytes[index]) else { throw unexpected(at: index, expecting: "a digit after '.'") }
      while index < count, isDigit(bytes[index]) {
        accumulate(&mantissa, bytes[index], &overflow)
        fractionDigits += 1
        index += 1
      }
    }
    var exponent = 0
    if index < count && (bytes[index] == Byte.lowerE || bytes[index] == Byte.upperE) {
      isInteger = false
      index += 1
      var exponentNegative = false
      if index < count && (bytes[index] == Byte.plus || bytes[index] == Byte.minus) {
        exponentNegative = bytes[index] == Byte.minus
        index += 1
      }
      guard index < count else { throw endOfInput(expecting: "an exponent digit") }
      guard isDigit(bytes[index]) else { throw unexpected(at: index, expecting: "an exponent digit") }
      while index < count, isDigit(bytes[index]) {
        if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[index] &- Byte.zero) }
        index += 1
      }
      if exponentNegative { exponent = -exponent }
    }
    if isInteger && !overflow {
      if !negative && mantissa <= UInt64(Int.max) { return .int(Int(mantissa)) }
      if negative && mantissa <= UInt64(Int.max) + 1 { return .int(Int(truncatingIfNeeded: 0 &- mantissa)) }
    }
    // Exact fast path: an integer mantissa below 2^53 scaled by an exactly representable power of ten is one
    // correctly rounded operation.
    if !overflow && mantissa <= 1 << 53 {
      let scale = exponent - fractionDigits
      if scale >= 0 && scale <= 22 {
        let d = Double(mantissa) * exactPowersOfTen[scale]
        return .double(negative ? -d : d)
      }
      if scale < 0 && scale >= -22 {
        let d = Double(mantissa) / exactPowersOfTen[-scale]
        return .double(negative ? -d : d)
      }
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    guard let d = Double(text), d.isFinite else {
      throw JSONParseError(offset: start, message: "number out of range at byte \(start)")
    }
    return .double(d)
  }

  @inline(__always)
  func accumulate(_ mantissa: inout UInt64, _ digit: UInt8, _ overflow: inout Bool) {
    guard !overflow else { return }
    let (times10, o1) = mantissa.multipliedReportingOverflow(by: 10)
    let (sum, o2) = times10.addingReportingOverflow(UInt64(digit &- Byte.zero))
    if o1 || o2 { overflow = true } else { mantissa = sum }
  }

  // MARK: Strings

  /// Parses a string token starting at its opening quote.
  mutating func parseString() throws(JSONParseError) -> String {
    let open = index
    index += 1
    let start = index
    var ascii = true
    while index < count {
      skipPlainStringBytes(ascii: &ascii)
      guard index < count else { break }
      let b = bytes[index]
      if b == Byte.quote {
        let s = try makeString(UnsafeBufferPointer(rebasing: bytes[start..<index]), ascii: ascii, rawStart: start)
        index += 1
        return s
      }
      if b == Byte.backslash { return try parseEscapedString(contentStart: start, ascii: ascii) }
      if b < 0x20 { throw controlCharacter(at: index) }
      if b >= 0x80 { ascii = false }
      index += 1
    }
    throw JSONParseError(offset: open, message: "unterminated string starting at byte \(open)")
  }

  /// Skips eight bytes at a time while none is a quote, a backslash or a control character, noting non-ASCII.
  @inline(__always)
  mutating func skipPlainStringBytes(ascii: inout Bool) {
    guard let base = bytes.baseAddress else { return }
    let raw = UnsafeRawPointer(base)
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    var seen: UInt64 = 0
    while index &+ 8 <= count {
      let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      let quote = x ^ (ones &* 0x22)
      let backslash = x ^ (ones &* 0x5C)
      // Each term is nonzero exactly when some byte is zero (or below 0x20 for the last one).
      let special =
        ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((x &- ones &* 0x20) & ~x)
      if special & highs != 0 { break }
      seen |= x
      index &+= 8
    }
    if seen & highs != 0 { ascii = false }
  }

  /// Continues a string at its first backslash, collecting the decoded bytes in `scratch`.
  mutating func parseEscapedString(contentStart: Int, ascii asciiSoFar: Bool) throws(JSONParseError) -> String {
    scratch.removeAll(keepingCapacity: true)
    var runStart = contentStart
    var ascii = asciiSoFar
    while index < count {
      skipPlainStringBytes(ascii: &ascii)
      guard index < count else { break }
      let b = bytes[index]
      if b == Byte.quote {
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        let end = index
        index += 1
        // Escapes decode to well-formed UTF-8, so only raw non-ASCII bytes need validating.
        let s = scratch.withUnsafeBufferPointer { buffer in
          ascii ? String(decoding: buffer, as: UTF8.self) : String(validating: buffer, as: UTF8.self)
        }
        if let s { return s }
        throw invalidUTF8(firstInvalidByte(contentStart..<end) ?? contentStart)
      }
      if b == Byte.backslash {
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        try decodeEscape()
        runStart = index
        continue
      }
      if b < 0x20 { throw controlCharacter(at: index) }
      if b >= 0x80 { ascii = false }
      index += 1
    }
    throw JSONParseError(offset: contentStart - 1, message: "unterminated string starting at byte \(contentStart - 1)")
  }

  /// Decodes the escape at `index` (a backslash) into `scratch` and moves past it.
  @inline(__always)
  mutating func decodeEscape() throws(JSONParseError) {
    let backslash = index
    index += 1
    guard index < count else { throw endOfInput(expecting: "an escape character") }
    let e = bytes[index]
    index += 1
    switch e {
    case Byte.quote, Byte.backslash, Byte.slash: scratch.append(e)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      let unit = try readHex4(escapeStart: backslash)
      var scalar: UInt32 = 0xFFFD
      if unit & 0xFC00 == 0xD800 {
        // A high surrogate: only a following low-surrogate escape completes it.
        if index + 6 <= count && bytes[index] == Byte.backslash && bytes[index + 1] == UInt8(ascii: "u"),
          let low = hex4(at: index + 2), low & 0xFC00 == 0xDC00
        {
          scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
          index += 6
        }
      } else if unit & 0xFC00 != 0xDC00 {
        scalar = UInt32(unit)
      }
      appendUTF8(scalar)
    default:
      let shown = e >= 0x20 && e < 0x7F ? "'\\\(Character(Unicode.Scalar(e)))'" : "'\\' followed by byte \(hex(e))"
      throw JSONParseError(offset: backslash, message: "invalid escape \(shown) at byte \(backslash)")
    }
  }

  mutating func readHex4(escapeStart: Int) throws(JSONParseError) -> UInt16 {
    guard index + 4 <= count, let unit = hex4(at: index) else {
      throw JSONParseError(offset: escapeStart, message: "invalid \\u escape at byte \(escapeStart)")
    }
    index += 4
    return unit
  }

  func hex4(at position: Int) -> UInt16? {
    guard position + 4 <= count else { return nil }
    var unit: UInt16 = 0
    for k in 0..<4 {
      let b = bytes[position + k]
      let digit: UInt8
      switch b {
      case Byte.zero...Byte.nine: digit = b - Byte.zero
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
      default: return nil
      }
      unit = unit << 4 | UInt16(digit)
    }
    return unit
  }

  mutating func appendUTF8(_ scalar: UInt32) {
    switch scalar {
    case 0..<0x80:
      scratch.append(UInt8(scalar))
    case 0x80..<0x800:
      scratch.append(UInt8(0xC0 | scalar >> 6))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
      scratch.append(UInt8(0xE0 | scalar >> 12))
      scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    default:
      scratch.append(UInt8(0xF0 | scalar >> 18))
      scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    }
  }

  /// Makes a string from raw string content without escapes, validating it when it is not ASCII.
  func makeString(_ content: UnsafeBufferPointer<UInt8>, ascii: Bool, rawStart: Int) throws(JSONParseError) -> String {
    if ascii { return String(decoding: content, as: UTF8.self) }
    if let s = String(validating: content, as: UTF8.self) { return s }
    throw invalidUTF8(firstInvalidByte(rawStart..<rawStart + content.count) ?? rawStart)
  }

  /// The offset of the first byte that is not part of a well-formed UTF-8 sequence (only on the error path).
  func firstInvalidByte(_ range: Swift.Range<Int>) -> Int? {
    var i = range.lowerBound
    let end = range.upperBound
    while i < end {
      let b = bytes[i]
      if b < 0x80 {
        i += 1
        continue
      }
      var length = 0
      var secondLow: UInt8 = 0x80
      var secondHigh: UInt8 = 0xBF
      switch b {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        secondLow = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        secondHigh = 0x9F
      case 0xF0:
        length = 4
        secondLow = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        secondHigh = 0x8F
      default: return i
      }
      guard i + length <= end else { return i }
      guard bytes[i + 1] >= secondLow && bytes[i + 1] <= secondHigh else { return i }
      for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
      i += length
    }
    return nil
  }

  // MARK: Errors

  func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "0x\(digits[Int(b >> 4)])\(digits[Int(b & 0xF)])"
  }

  func unexpected(at offset: Int, expecting: String) -> JSONParseError {
    let b = bytes[offset]
    let what =
      b >= 0x20 && b < 0x7F ? "character '\(Character(Unicode.Scalar(b)))'" : "byte \(hex(b))"
    return JSONParseError(offset: offset, message: "unexpected \(what) at byte \(offset) (expected \(expecting))")
  }

  func endOfInput(expecting: String) -> JSONParseError {
    JSONParseError(offset: count, message: "unexpected end of input at byte \(count) (expected \(expecting))")
  }

  func controlCharacter(at offset: Int) -> JSONParseError {
    JSONParseError(
      offset: offset, message: "unescaped control character \(hex(bytes[offset])) in a string at byte \(offset)")
  }

  func invalidUTF8(_ offset: Int) -> JSONParseError {
    JSONParseError(offset: offset, message: "invalid UTF-8 in a string at byte \(offset)")
  }
}
