// DF028 invalid-platform.
//
// `FROM --platform=` is expanded with the global ARGs and BuildKit's predefined platform arguments, then parsed
// with containerd's platform parser (`os[/arch[/variant]]`, each part letters, digits, `_`, `.`, `-`; a lone word
// must be a known OS or architecture). BuildKit refuses an expression that expands to nothing ("empty platform
// value") or does not parse, with a suggestion when a misspelt argument is to blame; it checks every stage.
// Values that depend on build arguments are left alone. The rule reads the ARGs before the first FROM, then judges
// each FROM as it comes.
import DockerfileSyntax

/// Reports `FROM --platform` values BuildKit cannot parse.
public struct InvalidPlatform: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF028.
  public let descriptor = RuleDescriptor(
    code: "DF028", name: "invalid-platform", aliases: [], severity: .error, category: .correctness,
    summary: "A FROM --platform BuildKit cannot parse",
    documentation: RuleDocumentation(
      why: """
        `FROM --platform` takes a platform such as `linux/amd64`, `linux/arm64/v8` or `$BUILDPLATFORM`. \
        BuildKit fails the build when the value does not parse (a typo, a comma-separated list, an unknown \
        word) or expands to nothing because it names an ARG that was never declared before the first FROM.
        """,
      bad: "FROM --platform=$BUILDPLATORM golang:1.22 AS build\n",
      good: "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nUSER nobody\n"))

  /// The ARGs declared before the first FROM: their names, and those with a value for suggestions.
  public struct State: Equatable, Sendable {
    /// The global ARGs read so far.
    var globals = DispatchSupport.GlobalArgScope(tracksValues: true)
  }

  public var stepKinds: Set<InstructionKind>? { [.arg, .from] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    state.globals.read(ins)
    guard ins.kind == .from, let from = DispatchSupport.dispatchedFrom(ins), let flag = from.platform,
      let bytes = flag.value, !bytes.isEmpty,
      let expanded = DispatchSupport.expandWithUndeclaredArgs(
        bytes, escape: ins.escapeCharacter, declared: state.globals.names)
    else { return }
    let range = flag.valueRange ?? flag.range
    let raw = String(decoding: bytes, as: UTF8.self)
    let names = state.globals.suggestionNames
    let suggestion =
      expanded.unmatched.lazy.compactMap { DispatchSupport.buildKitSuggestion($0, names) }.first
      .map { " (did you mean \($0)?)" } ?? ""
    if expanded.value.isEmpty {
      out.report(range, "empty platform value from expression \(raw)\(suggestion)")
    } else if let problem = Self.platformProblem(expanded.value) {
      out.report(range, "failed to parse platform \(raw): \(problem)\(suggestion)")
    }
  }
}

extension InvalidPlatform {
  /// containerd's `platforms.Parse` error for a specifier, or nil when it parses (or uses `%`-escapes, which this
  /// does not decode).
  static func platformProblem(_ s: String) -> String? {
    let q = DispatchSupport.goQuoted(s)
    if s.contains("*") { return "\(q): wildcards not yet supported: invalid argument" }
    if s.contains("%") { return nil }
    let parts = s.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
    func inClass(_ c: Character, _ extra: String) -> Bool {
      c.isASCII && (c.isLetter || c.isNumber || extra.contains(c))
    }
    // OS[(version[+feature...])]
    let first = parts[0]
    var osName = first
    var osValid = false
    if let open = first.firstIndex(of: "(") {
      osName = String(first[..<open])
      let inner = first[first.index(after: open)...]
      if inner.hasSuffix(")") {
        let options = inner.dropLast().split(separator: "+", omittingEmptySubsequences: false)
        osValid = options.enumerated().allSatisfy { i, o in
          (i == 0 || !o.isEmpty) && o.allSatisfy { inClass($0, "_.-") }
        }
      }
    } else {
      osValid = true
    }
    osValid = osValid && !osName.isEmpty && osName.allSatisfy { inClass($0, "_-") }
    if !osValid {
      let re = #"^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$"#
      return
        "\(DispatchSupport.goQuoted(first)) is an invalid OS component of \(q): OSAndVersion specifier component must match "
        + "\(DispatchSupport.goQuoted(re)): invalid argument"
    }
    for part in parts.dropFirst() where part.isEmpty || !part.allSatisfy({ inClass($0, "_.-") }) {
      return
        "\(DispatchSupport.goQuoted(part)) is an invalid component of \(q): platform specifier component must match "
        + "\"^[A-Za-z0-9_.-]+$\": invalid argument"
    }
    switch parts.count {
    case 1:
      let os = osName.lowercased() == "macos" ? "darwin" : osName.lowercased()
      let knownOS = [
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd",
        "openbsd", "plan9", "solaris", "windows", "zos",
      ]
      if knownOS.contains(os) { return nil }
      var arch = first.lowercased()
      switch arch {
      case "i386": arch = "386"
      case "x86_64", "x86-64": arch = "amd64"
      case "aarch64": arch = "arm64"
      case "armhf", "armel": arch = "arm"
      default: break
      }
      let knownArch = [
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle",
        "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc",
        "sparc64",
        "wasm",
      ]
      if knownArch.contains(arch) { return nil }
      return "\(q): unknown operating system or architecture: invalid argument"
    case 2, 3:
      return nil
    default:
      return "\(q): cannot parse platform specifier: invalid argument"
    }
  }
}
