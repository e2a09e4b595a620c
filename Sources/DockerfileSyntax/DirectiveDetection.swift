// Finds the `syntax` and `check` directives the way BuildKit's DetectSyntax and ParseDirective do, which
// differ from the parser's own header scan: a `#!` shebang line is skipped, and for `syntax` the
// `// syntax=` and JSON `{"syntax": ...}` forms are accepted too.

/// A directive found by BuildKit's directive detection.
public struct DetectedDirective: Sendable, Equatable {
  /// The value up to the first space (for `syntax`, the frontend image reference).
  public var reference: String
  /// The whole value.
  public var commandLine: String
  /// The 1-based line it was found on.
  public var line: Int
}

/// BuildKit's `DetectSyntax`: the `syntax` directive in any accepted form.
public func detectSyntax(_ source: [UInt8]) -> DetectedDirective? {
  findDirective("syntax", source, anyFormat: true)
}

/// BuildKit's `ParseDirective(key, ...)`: a `# key=value` directive only.
public func parseDirective(_ key: String, _ source: [UInt8]) -> DetectedDirective? {
  findDirective(key, source, anyFormat: false)
}

func findDirective(_ key: String, _ source: [UInt8], anyFormat: Bool) -> DetectedDirective? {
  var dt = source[...]
  if dt.starts(with: [0xEF, 0xBB, 0xBF]) { dt = dt.dropFirst(3) }
  var line = 0
  let firstLineEnd = dt.firstIndex(of: ASCII.newline) ?? dt.endIndex
  if dt[dt.startIndex..<firstLineEnd].starts(with: [ASCII.hash, 0x21]) {
    dt = firstLineEnd < dt.endIndex ? dt[(firstLineEnd + 1)...] : dt[dt.endIndex...]
    line = 1
  }
  if let d = scanDirectiveLines(key, dt, prefix: [ASCII.hash], line: line) { return d }
  guard anyFormat else { return nil }
  if let d = scanDirectiveLines(key, dt, prefix: [ASCII.slash, ASCII.slash], line: line) { return d }
  // Only a text that starts with `{` can be a JSON object; checking first spares copying and parsing a
  // whole Dockerfile on every analysis.
  guard dt.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == 0x7B else { return nil }
  if let v = jsonObjectStringMember(key, Array(dt)) {
    return DetectedDirective(reference: v, commandLine: v, line: line)
  }
  return nil
}

/// BuildKit's DirectiveParser.ParseAll with a given comment prefix, then the first directive named `key`.
func scanDirectiveLines(_ key: String, _ dt: ArraySlice<UInt8>, prefix: [UInt8], line start: Int) -> DetectedDirective?
{
  var seen: Set<String> = []
  var line = start
  var pos = dt.startIndex
  while pos < dt.endIndex {
    let nl = dt[pos...].firstIndex(of: ASCII.newline) ?? dt.endIndex
    var ce = nl
    if ce > pos && dt[ce - 1] == ASCII.carriageReturn { ce -= 1 }
    let text = Array(dt[pos..<ce])
    pos = nl < dt.endIndex ? nl + 1 : dt.endIndex
    line += 1
    guard text.starts(with: prefix) else { return nil }
    guard let (name, value) = matchDirective(Array(text[prefix.count...])) else { return nil }
    guard name == "syntax" || name == "escape" || name == "check" else { return nil }
    if seen.contains(name) { return nil }
    seen.insert(name)
    if name == key {
      let v = String(decoding: value, as: UTF8.self)
      let reference =
        v.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? v
      return DetectedDirective(reference: reference, commandLine: v, line: line)
    }
  }
  return nil
}

/// Reads text after a comment's `#` as BuildKit reads a parser directive
/// (`^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` after leading Unicode whitespace); the name is lower-cased.
public func matchDirective(_ text: [UInt8]) -> (String, [UInt8])? {
  text.withUnsafeBufferPointer { p in
    guard let (name, value) = matchDirective(p, 0, p.count) else { return nil }
    return (lowercasedName(p, name), Array(p[value]))
  }
}

/// The lower-cased ASCII name in `range`.
func lowercasedName(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
  String(decoding: p[range].map(asciiLower), as: UTF8.self)
}

/// BuildKit's directive regex on `start..<end` (the text after the comment prefix): the name's and the value's
/// ranges, or nil when the line is not a directive.
func matchDirective(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Range<Int>, Range<Int>)? {
  var i = skipGoSpaces(p, start, end)
  func isRE2Space(_ b: UInt8) -> Bool {
    b == ASCII.space || b == ASCII.tab || b == ASCII.newline || b == ASCII.formFeed || b == ASCII.carriageReturn
  }
  func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
  let k0 = i
  guard i < end, isLetter(p[i]) else { return nil }
  while i < end && (isLetter(p[i]) || (p[i] >= 0x30 && p[i] <= 0x39)) { i += 1 }
  let k1 = i
  while i < end && isRE2Space(p[i]) { i += 1 }
  guard i < end, p[i] == ASCII.equals else { return nil }
  let r0 = i + 1
  var v0 = r0
  while v0 < end && isRE2Space(p[v0]) { v0 += 1 }
  if v0 == end {
    // `\s*` gives back one character so that `(.+?)` can match.
    guard end > r0 else { return nil }
    v0 = end - 1
  }
  var v1 = end
  while v1 > v0 + 1 && isRE2Space(p[v1 - 1]) { v1 -= 1 }
  return (k0..<k1, v0..<v1)
}

/// The string value of top-level member `key` when `text` is exactly one valid JSON object (last one wins,
/// as with Go's map decoding); nil otherwise.
func jsonObjectStringMember(_ key: String, _ text: [UInt8]) -> String? {
  // Validity: a lone value wrapped in brackets is a valid one-element array.
  guard case .notStringArray = parseGoJSONArray(([ASCII.leftBracket] + text + [ASCII.rightBracket])[...]) else {
    return nil
  }
  var i = 0
  func skipWS() { while i < text.count && [0x20, 0x09, 0x0A, 0x0D].contains(text[i]) { i += 1 } }
  skipWS()
  guard i < text.count, text[i] == 0x7B else { return nil }
  // Walk the object: at depth 1, read `"key": value` pairs.
  var depth = 0
  var result: String? = nil
  var expectKey = false
  var pendingKey: String? = nil
  while i < text.count {
    let b = text[i]
    if b == ASCII.quote {
      let s = i
      i += 1
      while i < text.count && text[i] != ASCII.quote {
        if text[i] == ASCII.backslash { i += 1 }
        i += 1
      }
      i += 1
      let decoded = String(decoding: decodeGoJSONString(text[s..<i]), as: UTF8.self)
      if depth == 1 {
        if expectKey {
          pendingKey = decoded
          expectKey = false
        } else if let k = pendingKey {
          if k == key { result = decoded }
          pendingKey = nil
        }
      }
      continue
    }
    switch b {
    case 0x7B, ASCII.leftBracket:
      if depth == 1, let k = pendingKey, k == key { result = nil }
      if depth == 1 { pendingKey = nil }
      depth += 1
      if b == 0x7B && depth == 1 { expectKey = true }
    case 0x7D, ASCII.rightBracket:
      depth -= 1
      if depth == 0 {
        i += 1
        skipWS()
        return i == text.count ? result : nil
      }
    case 0x2C:
      if depth == 1 {
        expectKey = true
        pendingKey = nil
      }
    default:
      if depth == 1, let k = pendingKey, b != 0x3A, ![0x20, 0x09, 0x0A, 0x0D].contains(b) {
        if k == key { result = nil }
        pendingKey = nil
      }
    }
    i += 1
  }
  return nil
}
