// Helpers shared by the hadolint-derived instruction rules (DF501-DF599): how hadolint reads an image
// reference, a stage's identity, a quoted word and a path. They live here, beside the rules, so that the
// rules agree with each other on these readings.
import DockerfileSyntax

/// A FROM image split the way the image rules need it: registry, name (the repository path), tag, digest.
struct HadolintImage: Equatable {
  /// The registry host as written, nil when none is written.
  var registry: String?
  /// The repository path without registry, tag or digest (`debian`, `org/app`, `${BASE}`).
  var name: String
  /// The tag without `:`.
  var tag: String?
  /// The tag's byte range within the split text.
  var tagRange: Range<Int>?
  /// The digest without `@`.
  var digest: String?

  /// Splits `text`: Docker's reference grammar (`parseImageReference`) when the text is a valid reference,
  /// otherwise a lenient split with the same shape that keeps `${...}` expansions whole (a `:` or `@` inside
  /// `${VAR:-default}` separates nothing).
  init(_ text: String) {
    if case .success(let ref) = parseImageReference(text) {
      registry = ref.registry
      name = ref.repository
      tag = ref.tag
      tagRange = ref.tagRange
      digest = ref.digest
      return
    }
    let bytes = Array(text.utf8)
    let depth = expansionDepths(bytes)
    func top(_ i: Int) -> Bool { depth[i] == 0 }
    var nameEnd = bytes.count
    if let at = bytes.indices.first(where: { bytes[$0] == UInt8(ascii: "@") && top($0) }) {
      nameEnd = at
      digest = String(decoding: bytes[(at + 1)...], as: UTF8.self)
    }
    var pathStart = 0
    if let slash = bytes[0..<nameEnd].indices.first(where: { bytes[$0] == UInt8(ascii: "/") && top($0) }) {
      let first = bytes[0..<slash]
      let looksLikeHost =
        first.elementsEqual("localhost".utf8)
        || first.indices.contains { i in
          top(i) && (bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ":"))
        }
      if looksLikeHost {
        registry = String(decoding: first, as: UTF8.self)
        pathStart = slash + 1
      }
    }
    var pathEnd = nameEnd
    if let colon = bytes[pathStart..<nameEnd].indices.first(where: { bytes[$0] == UInt8(ascii: ":") && top($0) }) {
      pathEnd = colon
      tag = String(decoding: bytes[(colon + 1)..<nameEnd], as: UTF8.self)
      tagRange = (colon + 1)..<nameEnd
    }
    name = String(decoding: bytes[pathStart..<pathEnd], as: UTF8.self)
  }
}

/// For each byte, how many `${` it is nested in (the `${` and its `}` count as inside).
private func expansionDepths(_ bytes: [UInt8]) -> [Int] {
  var out = [Int](repeating: 0, count: bytes.count)
  var depth = 0
  var i = 0
  while i < bytes.count {
    if bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") {
      depth += 1
      out[i] = depth
      out[i + 1] = depth
      i += 2
      continue
    }
    out[i] = depth
    if bytes[i] == UInt8(ascii: "}") && depth > 0 { depth -= 1 }
    i += 1
  }
  return out
}

extension Argument {
  /// The source range of `sub`, a byte range of `value`, when the argument is written verbatim on one line
  /// (so that value offsets are source offsets); otherwise the whole argument.
  func sourceSubrange(_ sub: Range<Int>) -> Range<Int> {
    guard range.count == value.count, sub.upperBound <= value.count else { return range }
    return (range.lowerBound + sub.lowerBound)..<(range.lowerBound + sub.upperBound)
  }
}

/// The FROM facts the stateful image and stage rules share, read the way hadolint reads a FROM.
struct HadolintFrom {
  /// The image argument.
  var image: Argument
  /// The image split into its parts.
  var split: HadolintImage
  /// The stage name after `AS`, as written (hadolint compares stage names case-sensitively).
  var alias: Argument?

  /// The FROM's facts, or nil when `ins` is not a FROM with an image.
  init?(_ ins: Instruction) {
    guard ins.kind == .from else { return nil }
    // The arguments once (FromInstruction's accessors would each recompute them).
    let arguments = ins.arguments
    guard let image = arguments.first else { return nil }
    self.image = image
    self.split = HadolintImage(image.string)
    self.alias = Self.stageName(in: arguments)
  }

  /// The stage name among a FROM's arguments (`image AS name`), without parsing the image.
  static func stageName(in arguments: [Argument]) -> Argument? {
    guard arguments.count >= 3, arguments[1].value.count == 2,
      arguments[1].value.map({ $0 | 0x20 }) == Array("as".utf8)
    else { return nil }
    return arguments[2]
  }

  /// hadolint's stage identity: the stage name when there is one, otherwise the image name.
  var identity: String { alias?.string ?? split.name }
}

/// `text` without any leading or trailing `"` and `'` (hadolint's `dropQuotes`).
func hadolintDropQuotes(_ text: String) -> Substring {
  var s = Substring(text)
  while let f = s.first, f == "\"" || f == "'" { s = s.dropFirst() }
  while let l = s.last, l == "\"" || l == "'" { s = s.dropLast() }
  return s
}

/// Whether a path starts with a Windows drive (`C:`), which hadolint accepts as absolute.
func hadolintIsWindowsAbsolute(_ path: Substring) -> Bool {
  var chars = path.makeIterator()
  guard let drive = chars.next(), drive.isLetter, chars.next() == ":" else { return false }
  return true
}

/// A word with its quoting removed, as hadolint's parser reads ENV and LABEL keys: double-quoted parts
/// (where the escape character escapes the next byte), single-quoted parts and bare parts are concatenated.
func hadolintUnquoted(_ bytes: [UInt8], escape: UInt8) -> String {
  var out: [UInt8] = []
  out.reserveCapacity(bytes.count)
  var quote: UInt8? = nil
  var i = 0
  while i < bytes.count {
    let b = bytes[i]
    if let q = quote {
      if b == q {
        quote = nil
      } else if q == UInt8(ascii: "\"") && b == escape && i + 1 < bytes.count {
        i += 1
        out.append(bytes[i])
      } else {
        out.append(b)
      }
    } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
      quote = b
    } else if b == escape && i + 1 < bytes.count {
      i += 1
      out.append(bytes[i])
    } else {
      out.append(b)
    }
    i += 1
  }
  return String(decoding: out, as: UTF8.self)
}

extension Instruction {
  /// The instruction ONBUILD wraps directly (one level, as hadolint unwraps it), or nil.
  var hadolintTrigger: Instruction? { kind == .onbuild ? child : nil }

  /// The argument text after the flags, as a string.
  var hadolintArgumentString: String { String(decoding: argumentText.text, as: UTF8.self) }
}

/// Whether `needle` occurs in `haystack` (a plain byte search; the standard library's generic substring
/// search is slow on hot paths).
func hadolintContains<H: Collection<UInt8>>(_ haystack: H, _ needle: [UInt8]) -> Bool {
  guard let first = needle.first else { return true }
  var i = haystack.startIndex
  while i != haystack.endIndex {
    if haystack[i] == first && haystack[i...].starts(with: needle) { return true }
    haystack.formIndex(after: &i)
  }
  return false
}
