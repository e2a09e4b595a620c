// The Python rules ask what each stage is built on: which image its chain of FROMs ends in once global ARG
// defaults are substituted and stage names followed, which Python version that image carries and whether its C
// library is glibc or musl. This file answers those questions once per analysis, for every stage.
import DockerfileSyntax

/// A C library family: wheels built for one do not load on the other.
enum Libc: Equatable, Sendable {
  case glibc, musl

  /// How messages name it.
  var label: String { self == .glibc ? "glibc" : "musl (Alpine)" }
}

/// A `major.minor` Python version.
struct PythonVersion: Equatable {
  var major: Int
  var minor: Int

  /// `3.12`.
  var label: String { "\(major).\(minor)" }
}

/// What a tag of the official `python` image says.
struct PythonTag: Equatable {
  /// The image variant.
  enum Variant: Equatable {
    /// The Debian image with compilers and headers (`3.12`, `3.12-bookworm`, `latest`).
    case full
    /// Debian without build tools (`3.12-slim`, `slim-bookworm`).
    case slim
    /// Alpine, musl (`3.12-alpine`, `alpine3.20`).
    case alpine
    /// Windows Server Core or Nano Server.
    case windows
    /// A suffix this catalog does not know.
    case unknown
  }

  /// The version components written in the tag (`[3]`, `[3, 12]`, `[3, 12, 1]`); empty for `latest`, `slim`.
  var version: [Int]
  /// The variant.
  var variant: Variant
  /// Where the version part ends in the tag (for ranges).
  var versionLength: Int

  /// The `major.minor` version when the tag names one.
  var minorVersion: PythonVersion? { version.count >= 2 ? PythonVersion(major: version[0], minor: version[1]) : nil }

  /// The libc of the variant, when it is a Linux one.
  var libc: Libc? {
    switch variant {
    case .full, .slim: .glibc
    case .alpine: .musl
    case .windows, .unknown: nil
    }
  }

  /// Debian release code names used as tag suffixes, past and present.
  static let debianReleases: Set<String> = ["trixie", "bookworm", "bullseye", "buster", "stretch", "jessie", "wheezy"]

  /// Parses a tag of the official python image (`3.12.1-slim-bookworm`, `3-alpine3.20`, `latest`, `3.15-rc`).
  init(_ tag: String) {
    let bytes = Array(tag.utf8)
    var i = 0
    var version: [Int] = []
    // Digits separated by dots, then an optional pre-release (`rc1`, `a2`, `b3`) and an optional `-rc`.
    while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
      var n = 0
      while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39, n < 100_000 {
        n = n * 10 + Int(bytes[i] - 0x30)
        i += 1
      }
      version.append(n)
      if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "."), bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 {
        i += 1
      } else {
        break
      }
    }
    if !version.isEmpty {
      while i < bytes.count, bytes[i] != UInt8(ascii: "-") { i += 1 }
      if tag.utf8.dropFirst(i).starts(with: "-rc".utf8),
        i + 3 == bytes.count || bytes[i + 3] == UInt8(ascii: "-")
      {
        i += 3
      }
    }
    self.version = version
    self.versionLength = i
    var rest = Substring(String(decoding: bytes[i...], as: UTF8.self))
    if rest.hasPrefix("-") { rest = rest.dropFirst() }
    if rest.isEmpty || rest == "latest" || rest == "onbuild" || Self.debianReleases.contains(String(rest)) {
      variant = version.isEmpty && rest.isEmpty ? .unknown : .full
    } else if rest == "slim" || rest.hasPrefix("slim-") {
      variant = .slim
    } else if rest.hasPrefix("alpine") {
      variant = .alpine
    } else if rest.hasPrefix("windowsservercore") || rest.hasPrefix("nanoserver") {
      variant = .windows
    } else {
      variant = .unknown
    }
  }
}

/// The image a stage is built on, after following stage names and substituting global ARG defaults.
struct StageImage: Equatable, Sendable {
  /// The stage whose FROM names the image (the stage itself, or the top of its chain of stages).
  var rootStage: Int
  /// The image text after substitution.
  var text: String
  /// The parsed reference, when the text is a valid one.
  var reference: ImageReference?
  /// The FROM argument in the root stage.
  var argumentRange: Range<Int>
  /// Whether the argument is written without variables or quotes, so that offsets in `text` are offsets in the
  /// source from `argumentRange.lowerBound`.
  var isVerbatim: Bool

  /// Whether this is the official python image (Docker Hub, written with or without `library/` or
  /// `docker.io/`, or a registry's mirror of it such as `public.ecr.aws/docker/library/python`).
  var isOfficialPython: Bool {
    guard let reference else { return false }
    if reference.familiarName == "python" { return true }
    return reference.repository == "library/python" || reference.repository.hasSuffix("/library/python")
  }

  /// The official python image's tag, parsed (`latest` when none is written); nil for other images.
  var pythonTag: PythonTag? {
    guard isOfficialPython, let reference else { return nil }
    return PythonTag(reference.tag ?? "latest")
  }

  /// The source range of the tag when it can be pinned exactly, else the whole argument.
  var tagRange: Range<Int> {
    guard isVerbatim, let r = reference?.tagRange else { return argumentRange }
    return (argumentRange.lowerBound + r.lowerBound)..<(argumentRange.lowerBound + r.upperBound)
  }

  /// The Python version the image carries, when its name or tag says so: the official image's tag,
  /// `python3.12` inside another image's tag (`ghcr.io/astral-sh/uv:python3.12-bookworm-slim`), or a distroless
  /// Python image's Debian release.
  var pythonVersion: PythonVersion? {
    guard let reference else { return nil }
    if let tag = pythonTag { return tag.minorVersion }
    if reference.repository.hasSuffix("distroless/python3-debian12") { return PythonVersion(major: 3, minor: 11) }
    if reference.repository.hasSuffix("distroless/python3-debian11") { return PythonVersion(major: 3, minor: 9) }
    guard let tag = reference.tag else { return nil }
    return embeddedPythonVersion(tag)
  }

  /// The C library, when the name or tag says so.
  var libc: Libc? {
    guard let reference else { return nil }
    if let tag = pythonTag { return tag.libc }
    let name = reference.repository.split(separator: "/").last.map(String.init) ?? ""
    let tag = reference.tag ?? ""
    if name == "alpine" || tag.contains("alpine") { return .musl }
    if ["debian", "ubuntu", "buildpack-deps"].contains(name) || reference.repository.contains("distroless/") {
      return .glibc
    }
    if tag.contains("windowsservercore") || tag.contains("nanoserver") { return nil }
    for word in ["slim", "bookworm", "bullseye", "buster", "trixie", "jammy", "noble", "focal"] where tag.contains(word)
    {
      return .glibc
    }
    return nil
  }

  /// Whether the image is a Windows one (Python rules about Linux packages do not apply).
  var isWindows: Bool {
    let tag = reference?.tag ?? ""
    return tag.contains("windowsservercore") || tag.contains("nanoserver")
  }

  /// Whether the image's own PATH is known: Docker's official images and distroless keep the standard
  /// directories (the python image adds only /usr/local/bin, already standard); another image may have put
  /// anything on PATH, a virtual environment included.
  var hasStandardPath: Bool {
    guard let reference else { return false }
    return reference.isOfficialImage || isOfficialPython || reference.repository.contains("distroless/")
  }

  /// Whether the image is Alpine: `alpine:*` itself or a variant tagged `alpine`.
  var isAlpine: Bool { libc == .musl }
}

/// `3.12` from a tag such as `python3.12-bookworm-slim`, `py3.11`, or nil.
func embeddedPythonVersion(_ tag: String) -> PythonVersion? {
  let bytes = Array(tag.utf8)
  let marker = Array("python".utf8)
  var i = 0
  while i + marker.count < bytes.count {
    if bytes[i..<(i + marker.count)].elementsEqual(marker) {
      var j = i + marker.count
      let (major, digits) = readNumber(bytes, at: &j)
      if digits > 0, j + 1 < bytes.count, bytes[j] == UInt8(ascii: "."), bytes[j + 1] >= 0x30 && bytes[j + 1] <= 0x39 {
        j += 1
        return PythonVersion(major: major, minor: readNumber(bytes, at: &j).value)
      }
    }
    i += 1
  }
  return nil
}

/// The number written with the (at most three) ASCII digits at `index` and how many digits it has; `index` moves
/// past them.
private func readNumber(_ bytes: [UInt8], at index: inout Int) -> (value: Int, digits: Int) {
  var value = 0
  var digits = 0
  while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39, digits < 3 {
    value = value * 10 + Int(bytes[index] - 0x30)
    index += 1
    digits += 1
  }
  return (value, digits)
}

/// Substitutes global ARG defaults in a FROM argument, `declaration(name)` giving a declared ARG's default
/// (`.some(nil)` for an ARG without one, nil for an undeclared name); nil when some variable has no known value.
func expandGlobalArgs(_ text: String, escape: UInt8, declaration: (String) -> String??) -> String? {
  let bytes = Array(text.utf8)
  guard bytes.contains(UInt8(ascii: "$")) else { return text }
  let found = scanVariableReferences(in: bytes, escape: escape)
  guard found.errors.isEmpty else { return nil }
  var out: [UInt8] = []
  var cursor = 0
  for reference in found.references where reference.depth == 0 {
    guard reference.range.lowerBound >= cursor else { return nil }
    out += bytes[cursor..<reference.range.lowerBound]
    let name = String(decoding: reference.name, as: UTF8.self)
    let value = declaration(name).flatMap { $0 }.map(unquoted)
    let operand = reference.operandRange.map { String(decoding: bytes[$0], as: UTF8.self) }
    switch reference.modifier {
    case .none:
      guard let value else { return nil }
      out += Array(value.utf8)
    case .defaultIfUnset, .defaultIfUnsetOrEmpty:
      // An ARG without a default is unset unless the build passes it, so the written default applies.
      let usable = reference.modifier == .defaultIfUnset ? value : value.flatMap { $0.isEmpty ? nil : $0 }
      if let usable {
        out += Array(usable.utf8)
      } else if let operand, !operand.contains("$") {
        out += Array(operand.utf8)
      } else {
        return nil
      }
    default:
      return nil
    }
    cursor = reference.range.upperBound
  }
  out += bytes[cursor...]
  let result = String(decoding: out, as: UTF8.self)
  return result.contains("$") ? nil : result
}

/// A value without one pair of surrounding double or single quotes.
func unquoted(_ value: String) -> String {
  if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
    return String(value.dropFirst().dropLast())
  }
  return value
}
