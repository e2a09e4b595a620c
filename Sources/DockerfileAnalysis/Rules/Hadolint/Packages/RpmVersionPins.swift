// The version-pin check shared by DF610 yum-pin-versions (DL3033) and DF616 dnf-pin-versions (DL3041), with
// hadolint's notion of which variables are "known". A package is pinned when it has a `-` and: it names an
// `.rpm` file; or it uses a variable (`$`) and one of the known variables appears in it as `${V}` (or `$V`);
// or everything after its first `-` is made of letters, digits and `.~^_:+` with some part starting with a
// digit (`tomcat-9.0.1`, `openssl-1:1.1.1k`, `gcc-c++-12`). A module (`yum module install x`) is pinned when it
// names a stream (`x:9`). Known variables are the ENV names of the current stage (copied from the first stage
// whose name is the FROM's image) and every ARG name declared earlier in the file, in any stage.
import DockerfileSyntax

/// Finds unpinned packages of an RPM package manager in RUNs, with hadolint's variable tracking.
struct RpmVersionPins {
  /// The programs checked (`yum`; `dnf` and `microdnf`).
  let programs: [String]
  /// Arguments that make a command not a package install (`module`; `module` and `group`).
  let nonPackageArguments: Set<String>

  /// Reports each RUN's unpinned packages or modules at the first of them, with the message DF610 and DF616 share.
  func reportUnpinned(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    check(context) { unpinned, program in
      guard let first = unpinned.first else { return }
      report(
        first.range,
        "pin the version of \(packageList(unpinned)) in `\(program) install` (`<package>-<version>`, a module as "
          + "`<module>:<stream>`) so that rebuilds install the same software")
    }
  }

  /// Calls `report` once per RUN with unpinned packages or modules, in both hadolint passes, and the program
  /// that installs the first of them.
  func check(_ context: RuleContext, report: (_ unpinned: [ShellWord], _ program: String) -> Void) {
    for pass in PackagePass.allCases {
      var known = KnownVariables()
      for (index, ins) in context.model.instructions.enumerated() {
        guard let view = pass.view(of: ins) else { continue }
        switch view.kind {
        case .from:
          guard let from = FromInstruction(view) else { continue }
          known.enterStage(alias: from.stageName?.string ?? "", image: hadolintImageName(from.image?.string ?? ""))
        case .env:
          known.addEnv(view.pairs.map { String(decoding: $0.key, as: UTF8.self) })
        case .arg:
          for declaration in ArgInstruction(view)?.declarations ?? [] {
            known.addArg(String(decoding: declaration.name, as: UTF8.self))
          }
        case .run:
          let (unpinned, program) = unpinnedWords(context.shellCommands(ofInstructionAt: index), known: known)
          if !unpinned.isEmpty { report(unpinned, program) }
        default:
          continue
        }
      }
    }
  }

  /// The package and module words of `commands` (outside `sh -c` strings) that are not pinned, and the program
  /// of the first.
  func unpinnedWords(_ commands: [ShellCommand], known: KnownVariables) -> ([ShellWord], String) {
    var out: [ShellWord] = []
    var program = ""
    for command in commands where !command.isInScriptArgument {
      guard let name = programs.first(where: command.isNamed), command.hasArgument("install") else { continue }
      let isModule = command.hasArgument("module")
      if !isModule && command.hasArgument(nonPackageArguments) { continue }
      for word in command.argumentsWithoutFlags() {
        let v = word.stringValue
        if v == "install" || v == "module" { continue }
        let pinned = isModule ? v.contains(":") : Self.isPinned(word, known: known)
        if pinned { continue }
        if out.isEmpty { program = name }
        out.append(word)
      }
    }
    return (out, program)
  }

  /// hadolint's `packageVersionFixed`.
  static func isPinned(_ word: ShellWord, known: KnownVariables) -> Bool {
    let value = word.value
    let dash = UInt8(ascii: "-")
    guard value.contains(dash) else { return false }
    if value.count >= 4 && value.suffix(4).elementsEqual(".rpm".utf8) { return true }
    if value.contains(UInt8(ascii: "$")) { return referencesKnownVariable(word, known: known) }
    let parts = value.split(separator: dash, omittingEmptySubsequences: false).dropFirst()
    return parts.allSatisfy { $0.allSatisfy(isVersionByte) }
      && parts.contains { ($0.first.map { $0 >= 0x30 && $0 <= 0x39 }) ?? false }
  }

  /// Whether a byte may appear in a version part: ASCII letters and digits and `.~^_:+`.
  static func isVersionByte(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
      || b == UInt8(ascii: ".") || b == UInt8(ascii: "~") || b == UInt8(ascii: "^") || b == UInt8(ascii: "_")
      || b == UInt8(ascii: ":") || b == UInt8(ascii: "+")
  }

  /// Whether the word mentions a known variable as `${V}`, or (outside quotes that keep `$` literal) as `$V`,
  /// which hadolint reads as `${V}`.
  static func referencesKnownVariable(_ word: ShellWord, known: KnownVariables) -> Bool {
    guard !known.isEmpty else { return false }
    let v = word.value
    var i = 0
    while i < v.count {
      guard v[i] == UInt8(ascii: "$"), i + 1 < v.count else {
        i += 1
        continue
      }
      if v[i + 1] == UInt8(ascii: "{") {
        var end = i + 2
        while end < v.count, isShellAlphanumeric(v[end]) { end += 1 }
        if end < v.count, v[end] == UInt8(ascii: "}"), end > i + 2,
          known.contains(String(decoding: v[(i + 2)..<end], as: UTF8.self))
        {
          return true
        }
        i += 2
      } else if !word.isLiteral, isShellNameStart(v[i + 1]) {
        var end = i + 1
        while end < v.count, isShellAlphanumeric(v[end]) { end += 1 }
        if known.contains(String(decoding: v[(i + 1)..<end], as: UTF8.self)) { return true }
        i = end
      } else {
        i += 1
      }
    }
    return false
  }
}

/// hadolint's record of the variables a version may use: per stage the ENV names (a new stage starts with a
/// copy of those of the first stage named like its image), and the ARG names seen so far anywhere.
struct KnownVariables {
  /// True until the first FROM, ENV or ARG (hadolint then knows no variable at all).
  private(set) var isEmpty = true
  private var stage = 0
  private var firstStageNamed: [String: Int] = [:]
  private var envs: [Int: Set<String>] = [:]
  private var args: Set<String> = []

  /// A FROM: a new stage, inheriting the ENV names of the first stage whose name equals `image`.
  mutating func enterStage(alias: String, image: String) {
    if isEmpty {
      isEmpty = false
      stage = 1
      firstStageNamed[alias] = 1
      envs[1] = []
      return
    }
    let next = stage + 1
    envs[next] = firstStageNamed[image].flatMap { envs[$0] } ?? []
    if firstStageNamed[alias] == nil { firstStageNamed[alias] = next }
    stage = next
  }

  /// An ENV in the current stage (before any FROM, in hadolint's stage 0).
  mutating func addEnv(_ names: [String]) {
    startBeforeFirstFrom()
    envs[stage, default: []].formUnion(names)
  }

  /// An ARG anywhere.
  mutating func addArg(_ name: String) {
    startBeforeFirstFrom()
    args.insert(name)
  }

  /// Whether `name` is an ENV name of the current stage or an ARG name seen so far.
  func contains(_ name: String) -> Bool {
    args.contains(name) || envs[stage]?.contains(name) == true
  }

  private mutating func startBeforeFirstFrom() {
    guard isEmpty else { return }
    isEmpty = false
    stage = 0
    firstStageNamed[""] = 0
    envs[0] = []
  }
}
