// BuildKit's AST dump prints strings with Go's `strconv.Quote`, so we reproduce it (and the Go `utf8`/`unicode`
// rules it rests on) byte for byte, including for invalid UTF-8.

/// The Unicode version of Go's `unicode` tables (`unicode.Version`); scalars assigned later count as unassigned.
private let goUnicodeVersion: Unicode.Version = (major: 15, minor: 0)

/// Quotes bytes exactly as Go's `strconv.Quote` does, returning the quoted bytes including the outer `"`.
public func goQuote(_ bytes: some Collection<UInt8>) -> [UInt8] {
  var out: [UInt8] = []
  out.reserveCapacity(bytes.count + 2)
  appendGoQuoted(bytes, to: &out)
  return out
}

/// Appends Go-quoted bytes to `out` (no intermediate allocation).
public func appendGoQuoted(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
  out.append(0x22)
  let done: Void? = bytes.withContiguousStorageIfAvailable { goQuoteBody($0, to: &out) }
  if done == nil {
    Array(bytes).withUnsafeBufferPointer { goQuoteBody($0, to: &out) }
  }
  out.append(0x22)
}

/// Go's `unicode.IsSpace` for a Unicode scalar value.
public func goIsSpace(_ scalar: UInt32) -> Bool {
  if scalar <= 0xFF {
    switch scalar {
    case 0x09...0x0D, 0x20, 0x85, 0xA0: return true
    default: return false
    }
  }
  switch scalar {
  case 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
  default: return false
  }
}

/// Go's `unicode.IsPrint`.
public func goIsPrint(_ scalar: UInt32) -> Bool {
  if scalar < 0x80 { return scalar >= 0x20 && scalar != 0x7F }
  // Latin-1: C1 controls and U+00A0 are not printable, nor is the soft hyphen U+00AD (Cf); the rest are L/N/P/S.
  if scalar <= 0xFF { return scalar >= 0xA1 && scalar != 0xAD }
  return goIsPrintSlow(scalar)
}

@inline(never)
private func goIsPrintSlow(_ scalar: UInt32) -> Bool {
  guard let value = Unicode.Scalar(scalar) else { return false }  // surrogates and values past U+10FFFF
  let properties = value.properties
  guard let age = properties.age, age <= goUnicodeVersion else { return false }
  switch properties.generalCategory {
  case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
    .nonspacingMark, .spacingMark, .enclosingMark,
    .decimalNumber, .letterNumber, .otherNumber,
    .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
    .finalPunctuation, .otherPunctuation,
    .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
    return true
  case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format, .surrogate, .privateUse, .unassigned:
    return false
  @unknown default:
    return false
  }
}

/// Decodes one UTF-8 scalar at `index` the way Go's `utf8.DecodeRune` does: returns (scalar, width).
///
/// Invalid input gives (0xFFFD, 1); an empty remainder (`index >= bytes.count`) gives (0xFFFD, 0).
public func goDecodeRune(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: UInt32, width: Int) {
  goDecodeRuneBounded(bytes, index, bytes.count)
}

/// `goDecodeRune` over `p[i..<end]`, following Go's `first` and `acceptRanges` tables.
@inline(__always)
func goDecodeRuneBounded(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (scalar: UInt32, width: Int) {
  guard i < end else { return (0xFFFD, 0) }
  let b0 = p[i]
  if b0 < 0x80 { return (UInt32(b0), 1) }
  let size: Int
  let low: UInt8
  let high: UInt8
  switch b0 {
  case 0xC2...0xDF: (size, low, high) = (2, 0x80, 0xBF)
  case 0xE0: (size, low, high) = (3, 0xA0, 0xBF)
  case 0xE1...0xEC, 0xEE...0xEF: (size, low, high) = (3, 0x80, 0xBF)
  case 0xED: (size, low, high) = (3, 0x80, 0x9F)
  case 0xF0: (size, low, high) = (4, 0x90, 0xBF)
  case 0xF1...0xF3: (size, low, high) = (4, 0x80, 0xBF)
  case 0xF4: (size, low, high) = (4, 0x80, 0x8F)
  default: return (0xFFFD, 1)
  }
  guard end - i >= size else { return (0xFFFD, 1) }
  let b1 = p[i + 1]
  guard b1 >= low && b1 <= high else { return (0xFFFD, 1) }
  if size == 2 { return (UInt32(b0 & 0x1F) << 6 | UInt32(b1 & 0x3F), 2) }
  let b2 = p[i + 2]
  guard b2 & 0xC0 == 0x80 else { return (0xFFFD, 1) }
  if size == 3 { return (UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F), 3) }
  let b3 = p[i + 3]
  guard b3 & 0xC0 == 0x80 else { return (0xFFFD, 1) }
  return (UInt32(b0 & 0x07) << 18 | UInt32(b1 & 0x3F) << 12 | UInt32(b2 & 0x3F) << 6 | UInt32(b3 & 0x3F), 4)
}

private let goLowerHex: StaticString = "0123456789abcdef"

/// Appends `\` + `escape` + the low `digits` hex digits of `value`.
@inline(__always)
private func goAppendHexEscape(_ escape: UInt8, _ value: UInt32, digits: Int, to out: inout [UInt8]) {
  out.append(0x5C)
  out.append(escape)
  goLowerHex.withUTF8Buffer { hex in
    var shift = (digits - 1) * 4
    while shift >= 0 {
      out.append(hex[Int((value >> UInt32(shift)) & 0xF)])
      shift -= 4
    }
  }
}

/// The body of `strconv.Quote` (everything between the outer quotes).
private func goQuoteBody(_ p: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
  let n = p.count
  var i = 0
  var run = 0  // first byte of the pending run of bytes copied verbatim
  while i < n {
    let b = p[i]
    if b >= 0x20 && b < 0x7F && b != 0x22 && b != 0x5C {
      i += 1
      continue
    }
    if b >= 0x80 {
      let (scalar, width) = goDecodeRuneBounded(p, i, n)
      if width > 1 && goIsPrint(scalar) {
        i += width
        continue
      }
      if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<i])) }
      if width == 1 {
        goAppendHexEscape(0x78, UInt32(b), digits: 2, to: &out)  // \xHH for an invalid byte
      } else if scalar < 0x10000 {
        goAppendHexEscape(0x75, scalar, digits: 4, to: &out)  // \uHHHH
      } else {
        goAppendHexEscape(0x55, scalar, digits: 8, to: &out)  // \UHHHHHHHH
      }
      i += width
      run = i
      continue
    }
    if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<i])) }
    switch b {
    case 0x22, 0x5C:
      out.append(0x5C)
      out.append(b)
    case 0x07: goAppendSimpleEscape(0x61, to: &out)  // \a
    case 0x08: goAppendSimpleEscape(0x62, to: &out)  // \b
    case 0x0C: goAppendSimpleEscape(0x66, to: &out)  // \f
    case 0x0A: goAppendSimpleEscape(0x6E, to: &out)  // \n
    case 0x0D: goAppendSimpleEscape(0x72, to: &out)  // \r
    case 0x09: goAppendSimpleEscape(0x74, to: &out)  // \t
    case 0x0B: goAppendSimpleEscape(0x76, to: &out)  // \v
    default: goAppendHexEscape(0x78, UInt32(b), digits: 2, to: &out)  // other controls and DEL
    }
    i += 1
    run = i
  }
  if run < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<n])) }
}

@inline(__always)
private func goAppendSimpleEscape(_ letter: UInt8, to out: inout [UInt8]) {
  out.append(0x5C)
  out.append(letter)
}
