// The version-pin check shared by DF610 yum-pin-versions (DL3033) and DF616 dnf-pin-versions (DL3041), with
// hadolint's notion of which variables are "known". A package is pinned when it has a `-` and: it names an
// `.rpm` file; or it uses a variable (`$`) and one of the known variables appears in it as `${V}` (or `$V`);
// or everything after its first `-` is made of letters, digits and `.~^_:+` with some part starting with a
// digit (`tomcat-9.0.1`, `openssl-1:1.1.1k`, `gcc-c++-12`). A module (`yum module install x`) is pinned when it
// names a stream (`x:9`). Known variables are the ENV names of the current stage (copied from the first stage
// whose name is the FROM's image) and every ARG name declared earlier in the file, in any stage. hadolint
// tracks them in two passes, over the top-level instructions and over those inside ONBUILD; the rules run both
// as one fold whose state is the two passes' known variables, as sets of names.
import DockerfileSyntax

/// Finds unpinned packages of an RPM package manager in RUNs, with hadolint's variable tracking.
struct RpmVersionPins {
  /// The programs checked (`yum`; `dnf` and `microdnf`).
  let programs: [String]
  /// Arguments that make a command not a package install (`module`; `module` and `group`).
  let nonPackageArguments: Set<String>

  /// The instruction kinds the fold reads.
  static let stepKinds: Set<InstructionKind> = [.from, .env, .arg, .run, .onbuild]

  /// Reads one instruction in its pass: a FROM, ENV or ARG updates the pass's known variables; a RUN with unpinned
  /// packages or modules is reported at the first of them, with the message DF610 and DF616 share.
  func step(_ state: inout RpmVersionPinsState, _ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let onbuild = facts.instruction.kind == .onbuild
    guard let view = (onbuild ? PackagePass.onbuild : .main).view(of: facts.instruction) else { return }
    if view.kind == .run {
      let (unpinned, program) = unpinnedWords(facts.commands, known: onbuild ? state.onbuild : state.main)
      guard let first = unpinned.first else { return }
      report(
        first.range,
        "pin the version of \(packageList(unpinned)) in `\(program) install` (`<package>-<version>`, a module as "
          + "`<module>:<stream>`) so that rebuilds install the same software")
    } else if onbuild {
      state.onbuild.read(view)
    } else {
      state.main.read(view)
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

/// What DF610 and DF616 know while reading the file: the known variables of hadolint's main pass (over top-level
/// instructions) and of its ONBUILD pass (over the instructions inside ONBUILD).
public struct RpmVersionPinsState: Equatable, Sendable {
  var main = KnownVariables()
  var onbuild = KnownVariables()
}

/// hadolint's record of the variables a version may use: per stage the ENV names (a new stage starts with a
/// copy of those of the first stage named like its image), and the ARG names seen so far anywhere. Only names are
/// kept: the ARG names, the current stage's ENV names, and the ENV names of each earlier stage that was the first
/// with its name (stages without a name, and hadolint's stage before the first FROM, are named "").
struct KnownVariables: Equatable, Sendable {
  /// True until the first FROM, ENV or ARG (hadolint then knows no variable at all).
  private(set) var isEmpty = true
  /// Every ARG name declared so far, in any stage.
  private var args = PersistentSet<String>()
  /// The ENV names of the current stage.
  private var env = PersistentSet<String>()
  /// The current stage's name when it is the first stage with that name (its ENV names are then recorded under
  /// that name when the stage ends).
  private var ownedName: String?
  /// The ENV names of each finished stage that was the first with its name; every name taken by an earlier stage
  /// is a key.
  private var envOfStageNamed: [String: PersistentSet<String>] = [:]

  /// Reads a FROM, ENV or ARG.
  mutating func read(_ ins: Instruction) {
    switch ins.kind {
    case .from:
      guard let from = FromInstruction(ins) else { return }
      enterStage(alias: from.stageName?.string ?? "", image: hadolintImageName(from.image?.string ?? ""))
    case .env:
      startBeforeFirstFrom()
      for pair in ins.pairs { env.insert(String(decoding: pair.key, as: UTF8.self)) }
    case .arg:
      for declaration in ArgInstruction(ins)?.declarations ?? [] {
        startBeforeFirstFrom()
        args.insert(String(decoding: declaration.name, as: UTF8.self))
      }
    default:
      return
    }
  }

  /// A FROM: a new stage, inheriting the ENV names of the first stage whose name equals `image`.
  mutating func enterStage(alias: String, image: String) {
    if isEmpty {
      isEmpty = false
      env = PersistentSet()
      ownedName = alias
      return
    }
    if let ownedName { envOfStageNamed[ownedName] = env }
    env = envOfStageNamed[image] ?? PersistentSet()
    ownedName = envOfStageNamed[alias] == nil ? alias : nil
  }

  /// Whether `name` is an ENV name of the current stage or an ARG name seen so far.
  func contains(_ name: String) -> Bool {
    args.contains(name) || env.contains(name)
  }

  /// hadolint's stage 0, before any FROM, named "".
  private mutating func startBeforeFirstFrom() {
    guard isEmpty else { return }
    isEmpty = false
    env = PersistentSet()
    ownedName = ""
  }
}
