// Turns JSON values into bytes for the wire (compact) and for committed files (pretty), with sorted keys so that
// the same value always produces the same bytes.

/// Serializes a value compactly: no whitespace, object keys sorted by their UTF-8 bytes.
///
/// Strings escape `"`, `\`, control characters, U+2028 and U+2029, and keep everything else as raw UTF-8.
/// Doubles with an integral value within ±2^53 print without a fraction; other finite doubles print Swift's
/// shortest round-trip form; NaN and infinities print `null`.
public func serializeJSON(_ value: JSONValue) -> [UInt8] {
  var out: [UInt8] = []
  out.reserveCapacity(128)
  appendJSON(value, to: &out)
  return out
}

/// Appends the compact serialization of `value` to `out`.
public func appendJSON(_ value: JSONValue, to out: inout [UInt8]) {
  switch value {
  case .null:
    appendStatic("null", to: &out)
  case .bool(let b):
    appendStatic(b ? "true" : "false", to: &out)
  case .int(let i):
    appendInteger(i, to: &out)
  case .double(let d):
    appendDouble(d, to: &out)
  case .string(let s):
    appendJSONString(s, to: &out)
  case .array(let elements):
    out.append(UInt8(ascii: "["))
    var first = true
    for element in elements {
      if !first { out.append(UInt8(ascii: ",")) }
      first = false
      appendJSON(element, to: &out)
    }
    out.append(UInt8(ascii: "]"))
  case .object(let members):
    out.append(UInt8(ascii: "{"))
    var first = true
    for (key, member) in sortedMembers(members) {
      if !first { out.append(UInt8(ascii: ",")) }
      first = false
      appendJSONString(key, to: &out)
      out.append(UInt8(ascii: ":"))
      appendJSON(member, to: &out)
    }
    out.append(UInt8(ascii: "}"))
  }
}

/// Serializes a value for humans and committed files: 2-space indentation, `"key": value`, sorted keys, and
/// no trailing newline.
public func prettyJSON(_ value: JSONValue) -> String {
  var out: [UInt8] = []
  appendPretty(value, indent: 0, to: &out)
  return String(decoding: out, as: UTF8.self)
}

private func appendPretty(_ value: JSONValue, indent: Int, to out: inout [UInt8]) {
  func newline(_ level: Int) {
    out.append(0x0A)
    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
  }
  switch value {
  case .array(let elements) where !elements.isEmpty:
    out.append(UInt8(ascii: "["))
    for (i, element) in elements.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      newline(indent + 1)
      appendPretty(element, indent: indent + 1, to: &out)
    }
    newline(indent)
    out.append(UInt8(ascii: "]"))
  case .object(let members) where !members.isEmpty:
    out.append(UInt8(ascii: "{"))
    for (i, (key, member)) in sortedMembers(members).enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      newline(indent + 1)
      appendJSONString(key, to: &out)
      appendStatic(": ", to: &out)
      appendPretty(member, indent: indent + 1, to: &out)
    }
    newline(indent)
    out.append(UInt8(ascii: "}"))
  default:
    appendJSON(value, to: &out)
  }
}

/// An object's members ordered by the UTF-8 bytes of their keys.
private func sortedMembers(_ members: [String: JSONValue]) -> [(key: String, value: JSONValue)] {
  if members.count < 2 { return Array(members) }
  return members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
}

@inline(__always)
private func appendStatic(_ text: StaticString, to out: inout [UInt8]) {
  out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
}

/// Appends the decimal digits of an integer without going through `String`.
func appendInteger(_ value: Int, to out: inout [UInt8]) {
  if value >= 0 && value < 10 {
    out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
    return
  }
  withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
    var magnitude = value.magnitude
    var i = 20
    repeat {
      i -= 1
      digits[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
      magnitude /= 10
    } while magnitude != 0
    if value < 0 { out.append(UInt8(ascii: "-")) }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
  }
}

private func appendDouble(_ value: Double, to out: inout [UInt8]) {
  guard value.isFinite else {
    appendStatic("null", to: &out)
    return
  }
  if value.magnitude <= 9_007_199_254_740_992 {
    let i = Int(value)
    if Double(i) == value {
      appendInteger(i, to: &out)
      return
    }
  }
  out.append(contentsOf: value.description.utf8)
}

/// Appends a string token, quotes included.
func appendJSONString(_ string: String, to out: inout [UInt8]) {
  out.append(UInt8(ascii: "\""))
  let done: Void? = string.utf8.withContiguousStorageIfAvailable { appendEscaped($0, to: &out) }
  if done == nil { Array(string.utf8).withUnsafeBufferPointer { appendEscaped($0, to: &out) } }
  out.append(UInt8(ascii: "\""))
}

private func appendEscaped(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
  let n = text.count
  guard let base = text.baseAddress else { return }
  var runStart = 0
  var i = 0
  while i < n {
    // Most text needs no escaping: skip eight bytes at a time while none of them can need it, so that a run
    // of plain text costs a few instructions per word and is then copied at once.
    while i + 8 <= n && !mayNeedEscaping(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) { i += 8 }
    guard i < n else { break }
    let b = text[i]
    if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") && b != 0xE2 {
      i += 1
      continue
    }
    if b == 0xE2 {
      // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
      guard i + 2 < n, text[i + 1] == 0x80, text[i + 2] & 0xFE == 0xA8 else {
        i += 1
        continue
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<i]))
      appendStatic(text[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", to: &out)
      i += 3
      runStart = i
      continue
    }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<i]))
    switch b {
    case UInt8(ascii: "\""): appendStatic("\\\"", to: &out)
    case UInt8(ascii: "\\"): appendStatic("\\\\", to: &out)
    case 0x0A: appendStatic("\\n", to: &out)
    case 0x0D: appendStatic("\\r", to: &out)
    case 0x09: appendStatic("\\t", to: &out)
    case 0x08: appendStatic("\\b", to: &out)
    case 0x0C: appendStatic("\\f", to: &out)
    default:
      let hex: StaticString = "0123456789abcdef"
      appendStatic("\\u00", to: &out)
      out.append(hex.utf8Start[Int(b >> 4)])
      out.append(hex.utf8Start[Int(b & 0xF)])
    }
    i += 1
    runStart = i
  }
  out.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<n]))
}

/// Whether any of eight bytes is a control character, `"`, `\\` or 0xE2 (which may start U+2028 or U+2029).
/// False means none is: a false positive only sends the caller to its byte loop, which decides exactly.
@inline(__always)
func mayNeedEscaping(_ x: UInt64) -> Bool {
  let ones: UInt64 = 0x0101_0101_0101_0101
  let highs: UInt64 = 0x8080_8080_8080_8080
  // A byte below 0x20: subtracting 0x20 borrows into its high bit while the byte's own high bit is clear.
  let control = (x &- 0x20 &* ones) & ~x
  // A byte equal to c: x ^ c has a zero byte there.
  func zeroByte(_ y: UInt64) -> UInt64 { (y &- ones) & ~y }
  let quote = zeroByte(x ^ (0x22 &* ones))
  let backslash = zeroByte(x ^ (0x5C &* ones))
  let e2 = zeroByte(x ^ (0xE2 &* ones))
  return (control | quote | backslash | e2) & highs != 0
}
