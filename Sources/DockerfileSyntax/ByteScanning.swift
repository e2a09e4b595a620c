// Byte-level character classes that reproduce the exact Go functions BuildKit's parser calls, so that our
// notion of "whitespace" matches BuildKit's wherever BuildKit uses that notion.

/// ASCII characters the parser compares against.
enum ASCII {
  static let tab: UInt8 = 0x09
  static let newline: UInt8 = 0x0A
  static let verticalTab: UInt8 = 0x0B
  static let formFeed: UInt8 = 0x0C
  static let carriageReturn: UInt8 = 0x0D
  static let space: UInt8 = 0x20
  static let quote: UInt8 = 0x22
  static let hash: UInt8 = 0x23
  static let dollar: UInt8 = 0x24
  static let apostrophe: UInt8 = 0x27
  static let dash: UInt8 = 0x2D
  static let slash: UInt8 = 0x2F
  static let less: UInt8 = 0x3C
  static let equals: UInt8 = 0x3D
  static let leftBracket: UInt8 = 0x5B
  static let backslash: UInt8 = 0x5C
  static let rightBracket: UInt8 = 0x5D
  static let backtick: UInt8 = 0x60
}

/// True for the bytes in BuildKit's `reWhitespace` class `[\t\v\f\r ]`.
@inline(__always)
func isRegexWhitespace(_ b: UInt8) -> Bool {
  b == ASCII.space || b == ASCII.tab || b == ASCII.verticalTab || b == ASCII.formFeed || b == ASCII.carriageReturn
}

/// `unicode.IsSpace(rune(b))` for a single byte, as BuildKit's byte-wise loops call it (0x85 and 0xA0 count).
@inline(__always)
func isLatin1Space(_ b: UInt8) -> Bool {
  (b >= 0x09 && b <= 0x0D) || b == 0x20 || b == 0x85 || b == 0xA0
}

/// Width of the Go `unicode.IsSpace` rune that starts at `i` (0 when the rune there is not a space).
@inline(__always)
func goSpaceWidth(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
  let b = p[i]
  if b < 0x80 { return (b >= 0x09 && b <= 0x0D) || b == 0x20 ? 1 : 0 }
  return goSpaceWidthSlow(p, i, end)
}

@inline(never)
func goSpaceWidthSlow(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
  let b = p[i]
  if b == 0xC2, i + 1 < end, p[i + 1] == 0x85 || p[i + 1] == 0xA0 { return 2 }
  guard i + 2 < end else { return 0 }
  let b1 = p[i + 1]
  let b2 = p[i + 2]
  switch b {
  case 0xE1: return b1 == 0x9A && b2 == 0x80 ? 3 : 0
  case 0xE2:
    if b1 == 0x80 && ((b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF) { return 3 }
    return b1 == 0x81 && b2 == 0x9F ? 3 : 0
  case 0xE3: return b1 == 0x80 && b2 == 0x80 ? 3 : 0
  default: return 0
  }
}

/// Width of the Go `unicode.IsSpace` rune that ends just before `end` (0 when it is not a space).
@inline(__always)
func goSpaceWidthBefore(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
  let b = p[end - 1]
  if b < 0x80 { return (b >= 0x09 && b <= 0x0D) || b == 0x20 ? 1 : 0 }
  if end - 2 >= start, p[end - 2] == 0xC2, b == 0x85 || b == 0xA0 { return 2 }
  if end - 3 >= start, goSpaceWidthSlow(p, end - 3, end) == 3 { return 3 }
  return 0
}

/// Index of the first byte in `start..<end` that does not begin a Go `unicode.IsSpace` rune.
@inline(__always)
func skipGoSpaces(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
  var i = start
  while i < end {
    let w = goSpaceWidth(p, i, end)
    if w == 0 { break }
    i += w
  }
  return i
}

/// End of `start..<end` after removing trailing Go `unicode.IsSpace` runes.
@inline(__always)
func trimGoSpacesEnd(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
  var e = end
  while e > start {
    let w = goSpaceWidthBefore(p, start, e)
    if w == 0 { break }
    e -= w
  }
  return e
}

/// ASCII lower-casing of one byte.
@inline(__always)
func asciiLower(_ b: UInt8) -> UInt8 {
  b >= 0x41 && b <= 0x5A ? b | 0x20 : b
}

extension Array where Element == UInt8 {
  /// The bytes as a String, with invalid UTF-8 repaired (for messages and display only).
  var lossyString: String { String(decoding: self, as: UTF8.self) }
}

extension ArraySlice where Element == UInt8 {
  /// The bytes as a String, with invalid UTF-8 repaired (for messages and display only).
  var lossyString: String { String(decoding: self, as: UTF8.self) }
}
