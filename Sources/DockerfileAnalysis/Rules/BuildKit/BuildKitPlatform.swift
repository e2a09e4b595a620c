// BuildKit reads `--platform` values with containerd's `platforms.Parse`; FromPlatformFlagConstDisallowed needs the
// operating system and architecture that parse yields, normalised the same way (`x86_64` is `amd64`, `aarch64` is
// `arm64`, a bare `linux` takes the builder's architecture).

/// An operating system and architecture as containerd's platform parser normalises them.
struct BuildKitPlatform: Equatable {
  /// The operating system, e.g. `linux`.
  var os: String
  /// The architecture, e.g. `amd64`.
  var architecture: String

  /// What a builder without `--platform` assumes when a specifier names only one part (BuildKit's own
  /// `runtime.GOOS` and `runtime.GOARCH`; we assume a linux/amd64 builder).
  static let builderOS = "linux"
  static let builderArchitecture = "amd64"

  static let knownOS: Set<String> = [
    "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd",
    "openbsd", "plan9", "solaris", "windows", "zos",
  ]
  static let knownArchitectures: Set<String> = [
    "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle",
    "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64",
    "wasm",
  ]

  /// Parses `os[(version)][/arch[/variant]]`, or a lone OS or architecture; nil when containerd rejects it.
  init?(_ specifier: String) {
    if specifier.contains("*") { return nil }
    let parts = specifier.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
    guard parts.count <= 3, let osPart = parts.first, let os = Self.operatingSystem(osPart) else { return nil }
    for part in parts.dropFirst() where !Self.isSpecifierComponent(part) { return nil }
    switch parts.count {
    case 1:
      if Self.knownOS.contains(os) {
        self.init(os: os, architecture: Self.builderArchitecture)
        return
      }
      let architecture = Self.normalizedArchitecture(osPart)
      guard Self.knownArchitectures.contains(architecture) else { return nil }
      self.init(os: Self.builderOS, architecture: architecture)
    default:
      self.init(os: os, architecture: Self.normalizedArchitecture(parts[1]))
    }
  }

  init(os: String, architecture: String) {
    self.os = os
    self.architecture = architecture
  }

  /// The OS of `name[(version[+feature]*)]`, lower-cased (`macos` is `darwin`); nil when the part is malformed.
  static func operatingSystem(_ part: String) -> String? {
    var name = Substring(part)
    if let open = part.firstIndex(of: "(") {
      guard part.hasSuffix(")") else { return nil }
      let options = part[part.index(after: open)..<part.index(before: part.endIndex)]
      let allowed = options.unicodeScalars.allSatisfy { isAlphanumeric($0) || "_.%-+".unicodeScalars.contains($0) }
      guard allowed else { return nil }
      name = part[..<open]
    }
    guard !name.isEmpty, name.unicodeScalars.allSatisfy({ isAlphanumeric($0) || $0 == "_" || $0 == "-" }) else {
      return nil
    }
    let lower = name.lowercased()
    return lower == "macos" ? "darwin" : lower
  }

  /// `^[A-Za-z0-9_.-]+$`.
  static func isSpecifierComponent(_ part: String) -> Bool {
    !part.isEmpty && part.unicodeScalars.allSatisfy { isAlphanumeric($0) || "_.-".unicodeScalars.contains($0) }
  }

  static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
    (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
  }

  /// containerd's architecture aliases.
  static func normalizedArchitecture(_ raw: String) -> String {
    let arch = raw.lowercased()
    switch arch {
    case "i386": return "386"
    case "x86_64", "x86-64": return "amd64"
    case "aarch64": return "arm64"
    case "armhf", "armel": return "arm"
    default: return arch
    }
  }
}
