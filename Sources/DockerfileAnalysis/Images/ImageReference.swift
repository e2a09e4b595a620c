// Image references in FROM and COPY --from must be validated and normalized the way Docker's reference grammar does it.

/// A parsed image reference as in `FROM registry:5000/org/name:tag@sha256:...`.
public struct ImageReference: Sendable, Equatable {
  /// The registry host (and port) as written, or nil when absent (Docker Hub is implied).
  public var registry: String?
  /// The repository path as written, e.g. `python` or `org/app`.
  public var repository: String
  /// The tag as written, without the leading `:`.
  public var tag: String?
  /// The digest as written, e.g. `sha256:...`, without the leading `@`.
  public var digest: String?
  /// Byte range of the registry within the parsed text.
  public var registryRange: Range<Int>?
  /// Byte range of the repository path within the parsed text.
  public var repositoryRange: Range<Int>
  /// Byte range of the tag (without `:`) within the parsed text.
  public var tagRange: Range<Int>?
  /// Byte range of the digest (without `@`) within the parsed text.
  public var digestRange: Range<Int>?

  /// Creates a reference from its parts and their byte ranges in the parsed text.
  public init(
    registry: String?, repository: String, tag: String? = nil, digest: String? = nil,
    registryRange: Range<Int>? = nil, repositoryRange: Range<Int>, tagRange: Range<Int>? = nil,
    digestRange: Range<Int>? = nil
  ) {
    self.registry = registry
    self.repository = repository
    self.tag = tag
    self.digest = digest
    self.registryRange = registryRange
    self.repositoryRange = repositoryRange
    self.tagRange = tagRange
    self.digestRange = digestRange
  }

  /// The registry domain, `docker.io` when none is written (the legacy `index.docker.io` is canonicalized too).
  public var domain: String {
    guard let registry else { return ImageReference.defaultDomain }
    return registry == ImageReference.legacyDefaultDomain ? ImageReference.defaultDomain : registry
  }

  /// The repository path with `library/` added for single-component Docker Hub names.
  public var normalizedRepository: String {
    if domain == ImageReference.defaultDomain && !repository.utf8.contains(UInt8(ascii: "/")) {
      return ImageReference.officialPrefix + repository
    }
    return repository
  }

  /// The name as users usually write it: `python`, `org/app`, `ghcr.io/org/x` (no tag or digest).
  public var familiarName: String {
    guard domain == ImageReference.defaultDomain else { return domain + "/" + repository }
    let path = normalizedRepository
    if path.hasPrefix(ImageReference.officialPrefix) {
      let rest = path.dropFirst(ImageReference.officialPrefix.count)
      if !rest.contains("/") { return String(rest) }
    }
    return path
  }

  /// Whether this is a Docker Official Image (`docker.io/library/<name>`).
  public var isOfficialImage: Bool {
    guard domain == ImageReference.defaultDomain else { return false }
    let path = normalizedRepository
    guard path.hasPrefix(ImageReference.officialPrefix) else { return false }
    return !path.dropFirst(ImageReference.officialPrefix.count).contains("/")
  }

  static let defaultDomain = "docker.io"
  static let legacyDefaultDomain = "index.docker.io"
  static let officialPrefix = "library/"
}

/// Why an image reference is not valid.
public enum ImageReferenceError: Error, Sendable, Equatable {
  /// The text is empty.
  case empty
  /// The text does not follow the reference grammar; the payload describes the problem.
  case invalidFormat(String)
  /// The repository path contains uppercase letters.
  case uppercaseRepository
  /// The normalized repository path is longer than 255 bytes.
  case nameTooLong
  /// The tag is empty or does not match `[\w][\w.-]{0,127}`; the payload is the tag as written.
  case invalidTag(String)
  /// The digest is malformed or uses an unsupported algorithm; the payload describes the problem.
  case invalidDigest(String)
  /// The text contains `$`, i.e. an unexpanded variable, so it cannot be validated.
  case containsVariable
}

/// Parses a reference. Text containing `$` (unexpanded ARG) returns .containsVariable.
public func parseImageReference(_ text: String) -> Result<ImageReference, ImageReferenceError> {
  let bytes = Array(text.utf8)
  if bytes.isEmpty { return .failure(.empty) }
  if bytes.contains(UInt8(ascii: "$")) { return .failure(.containsVariable) }
  if bytes.count == 64 && bytes.allSatisfy(RefChars.isLowerHex) {
    return .failure(.invalidFormat("a 64-character hexadecimal string is an image ID, not a repository name"))
  }

  // Digest: everything after the first "@".
  var nameEnd = bytes.count
  var digestRange: Range<Int>?
  if let at = bytes.firstIndex(of: UInt8(ascii: "@")) {
    nameEnd = at
    digestRange = (at + 1)..<bytes.count
  }

  // Registry: the first "/"-separated component, when it looks like a host.
  var registryRange: Range<Int>?
  var pathStart = 0
  if let slash = bytes[0..<nameEnd].firstIndex(of: UInt8(ascii: "/")),
    RefChars.looksLikeDomain(bytes[0..<slash])
  {
    registryRange = 0..<slash
    pathStart = slash + 1
  }

  // Tag: after the first ":" of the remainder (path components never contain ":").
  var pathEnd = nameEnd
  var tagRange: Range<Int>?
  if let colon = bytes[pathStart..<nameEnd].firstIndex(of: UInt8(ascii: ":")) {
    pathEnd = colon
    tagRange = (colon + 1)..<nameEnd
  }
  let repositoryRange = pathStart..<pathEnd
  let path = bytes[repositoryRange]

  if let registryRange, !RefChars.isValidDomain(bytes[registryRange]) {
    return .failure(.invalidFormat("invalid registry \"\(RefChars.string(bytes[registryRange]))\""))
  }
  if path.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
    return .failure(.uppercaseRepository)
  }
  if let problem = RefChars.pathProblem(path) {
    return .failure(.invalidFormat(problem))
  }
  if let tagRange, !RefChars.isValidTag(bytes[tagRange]) {
    return .failure(.invalidTag(RefChars.string(bytes[tagRange])))
  }
  if let digestRange, let problem = RefChars.digestProblem(bytes[digestRange]) {
    return .failure(.invalidDigest(problem))
  }

  let reference = ImageReference(
    registry: registryRange.map { RefChars.string(bytes[$0]) },
    repository: RefChars.string(path),
    tag: tagRange.map { RefChars.string(bytes[$0]) },
    digest: digestRange.map { RefChars.string(bytes[$0]) },
    registryRange: registryRange,
    repositoryRange: repositoryRange,
    tagRange: tagRange,
    digestRange: digestRange
  )
  if reference.normalizedRepository.utf8.count > 255 { return .failure(.nameTooLong) }
  return .success(reference)
}

/// Byte-level pieces of Docker's reference grammar.
private enum RefChars {
  static func string(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
  }

  static func isLowerHex(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
  }

  static func isHex(_ byte: UInt8) -> Bool {
    isLowerHex(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
  }

  static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  static func isLowerAlnum(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
  }

  static func isAlpha(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
  }

  static func isAlnum(_ byte: UInt8) -> Bool {
    isAlpha(byte) || isDigit(byte)
  }

  /// `\w` in Go's RE2: ASCII letters, digits and underscore.
  static func isWord(_ byte: UInt8) -> Bool {
    isAlnum(byte) || byte == UInt8(ascii: "_")
  }

  /// Docker's rule for treating the first path component as a registry host.
  static func looksLikeDomain(_ component: ArraySlice<UInt8>) -> Bool {
    if component.elementsEqual("localhost".utf8) { return true }
    if component.contains(UInt8(ascii: ".")) || component.contains(UInt8(ascii: ":")) { return true }
    // Docker treats a first component with uppercase letters as a host, since namespaces must be lowercase.
    return component.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
  }

  /// `host [":" port]` where host is a dotted domain name or a bracketed IPv6 literal.
  static func isValidDomain(_ text: ArraySlice<UInt8>) -> Bool {
    var host = text
    if text.first == UInt8(ascii: "[") {
      guard let close = text.firstIndex(of: UInt8(ascii: "]")) else { return false }
      let inner = text[(text.startIndex + 1)..<close]
      guard !inner.isEmpty, inner.allSatisfy({ isHex($0) || $0 == UInt8(ascii: ":") }) else { return false }
      return isValidPortSuffix(text[(close + 1)...])
    }
    if let colon = text.firstIndex(of: UInt8(ascii: ":")) {
      guard isValidPortSuffix(text[colon...]) else { return false }
      host = text[text.startIndex..<colon]
    }
    return host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
      guard let first = label.first, let last = label.last, isAlnum(first), isAlnum(last) else { return false }
      return label.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
    }
  }

  /// Either nothing or `:` followed by one or more digits.
  static func isValidPortSuffix(_ text: ArraySlice<UInt8>) -> Bool {
    guard let first = text.first else { return true }
    return first == UInt8(ascii: ":") && text.count > 1 && text.dropFirst().allSatisfy(isDigit)
  }

  /// Describes why `path` is not `component ("/" component)*`, or returns nil when it is valid.
  static func pathProblem(_ path: ArraySlice<UInt8>) -> String? {
    if path.isEmpty { return "missing repository name" }
    for component in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
      if component.isEmpty { return "empty path component in \"\(string(path))\"" }
      if !isValidPathComponent(component) {
        return "invalid path component \"\(string(component))\": use lowercase letters, digits and separators . _ __ -"
      }
    }
    return nil
  }

  /// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`.
  static func isValidPathComponent(_ component: ArraySlice<UInt8>) -> Bool {
    var index = component.startIndex
    let end = component.endIndex
    func alnumRun() -> Bool {
      let start = index
      while index < end && isLowerAlnum(component[index]) { index += 1 }
      return index > start
    }
    guard alnumRun() else { return false }
    while index < end {
      let byte = component[index]
      if byte == UInt8(ascii: ".") {
        index += 1
      } else if byte == UInt8(ascii: "_") {
        index += 1
        if index < end && component[index] == UInt8(ascii: "_") { index += 1 }
      } else if byte == UInt8(ascii: "-") {
        while index < end && component[index] == UInt8(ascii: "-") { index += 1 }
      } else {
        return false
      }
      guard alnumRun() else { return false }
    }
    return true
  }

  /// `[\w][\w.-]{0,127}`.
  static func isValidTag(_ tag: ArraySlice<UInt8>) -> Bool {
    guard let first = tag.first, isWord(first), tag.count <= 128 else { return false }
    return tag.allSatisfy { isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
  }

  /// Describes why `digest` is not a supported `algorithm:hex` digest, or returns nil when it is valid.
  static func digestProblem(_ digest: ArraySlice<UInt8>) -> String? {
    guard let colon = digest.firstIndex(of: UInt8(ascii: ":")) else {
      return "digest \"\(string(digest))\" must be algorithm:hex"
    }
    let algorithm = digest[digest.startIndex..<colon]
    let hex = digest[(colon + 1)...]
    guard isValidAlgorithm(algorithm) else { return "invalid digest algorithm \"\(string(algorithm))\"" }
    guard hex.count >= 32, hex.allSatisfy(isHex) else {
      return "digest must have at least 32 hexadecimal characters after \"\(string(algorithm)):\""
    }
    let expected: Int
    switch string(algorithm) {
    case "sha256": expected = 64
    case "sha384": expected = 96
    case "sha512": expected = 128
    default: return "unsupported digest algorithm \"\(string(algorithm))\""
    }
    guard hex.count == expected, hex.allSatisfy(isLowerHex) else {
      return "\(string(algorithm)) digest must be \(expected) lowercase hexadecimal characters"
    }
    return nil
  }

  /// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*`.
  static func isValidAlgorithm(_ algorithm: ArraySlice<UInt8>) -> Bool {
    var expectComponentStart = true
    for byte in algorithm {
      if expectComponentStart {
        guard isAlpha(byte) else { return false }
        expectComponentStart = false
      } else if isAlnum(byte) {
        continue
      } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+")
        || byte == UInt8(ascii: ".")
      {
        expectComponentStart = true
      } else {
        return false
      }
    }
    return !expectComponentStart
  }
}
