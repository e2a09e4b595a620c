// The Python rules read RUN commands as installs: `pip install` in its many spellings (`pip3.12`,
// `python -m pip`, `/opt/venv/bin/pip`, `uv pip`, behind `pyenv exec` or `poetry run`), `uv sync`, `poetry install`,
// `pipenv install`, `pdm install`, with their requirement files, package operands and flags; and OS package
// installs (`apt-get install`, `apk add`, `yum`/`dnf install`) with what removes them again in the same RUN.
import DockerfileSyntax

/// The tool behind a Python install command.
enum PythonTool: Equatable {
  case pip, uvPip, uvSync, poetry, pipenv, pdm
}

/// One recognised Python install command and its arguments.
struct PythonInstall {
  /// The tool.
  var tool: PythonTool
  /// The subcommand (`install`, `sync`, `wheel`, `download`).
  var subcommand: String
  /// From the tool's first word through the subcommand, e.g. `python -m pip install`.
  var headRange: Range<Int>
  /// The head's words joined by spaces.
  var headText: String
  /// The words after the subcommand.
  var arguments: [ShellWord]
  /// `-r`/`--requirement` files.
  var requirementFiles: [ShellWord] = []
  /// `-c`/`--constraint` files.
  var constraintFiles: [ShellWord] = []
  /// `-e`/`--editable` values.
  var editables: [ShellWord] = []
  /// Operands: package requirements, paths, archives.
  var operands: [ShellWord] = []
  /// The flag words themselves (`--user`, `--no-cache-dir=1`), values excluded.
  var flags: [ShellWord] = []
  /// `--cache-dir` value, when given.
  var cacheDir: String?

  /// Whether `--name` (or a unique prefix that pip accepts, down to `minimum` characters) is among the flags.
  func flag(_ name: String, minimumPrefix minimum: Int? = nil) -> ShellWord? {
    flags.first { word in
      let text = word.stringValue
      let bare = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
      if bare == name { return true }
      if let minimum, tool == .pip, bare.count >= minimum, name.hasPrefix(bare) { return true }
      return false
    }
  }

  /// Whether a short flag letter appears, alone or in a group (`-n`, `-qn`).
  func shortFlag(_ letter: Character) -> ShellWord? {
    flags.first { word in
      let text = word.stringValue
      return text.count >= 2 && text.hasPrefix("-") && !text.hasPrefix("--") && text.dropFirst().contains(letter)
    }
  }

  /// Whether the install is a user install (`pip install --user`).
  var isUser: Bool { tool == .pip && flag("--user") != nil }

  /// Whether only the named project is installed, without its dependencies.
  var isNoDeps: Bool {
    switch tool {
    case .pip, .uvPip: flag("--no-deps") != nil
    case .poetry: flag("--only-root") != nil
    case .uvSync, .pipenv, .pdm: false
    }
  }
}

/// Options that take a value in the next word when written without `=`, per tool.
private enum OptionTables {
  static let pipLong: Set<String> = [
    "--requirement", "--constraint", "--editable", "--target", "--platform", "--python-version", "--implementation",
    "--abi", "--root", "--prefix", "--src", "--upgrade-strategy", "--config-settings", "--global-option",
    "--build-option", "--install-option", "--no-binary", "--only-binary", "--progress-bar", "--root-user-action",
    "--report", "--group", "--build-constraint", "--index-url", "--extra-index-url", "--find-links", "--proxy",
    "--retries", "--timeout", "--exists-action", "--trusted-host", "--cert", "--client-cert", "--cache-dir", "--log",
    "--log-file", "--local-log", "--keyring-provider", "--python", "--use-feature", "--use-deprecated",
    "--resume-retries", "--wheel-dir", "--dest", "--uploaded-prior-to", "--hash",
  ]
  static let pipShort: Set<Character> = ["r", "c", "e", "t", "i", "f", "C", "w", "d"]
  static let uvLong: Set<String> = [
    "--requirement", "--requirements", "--constraint", "--constraints", "--editable", "--override", "--overrides",
    "--build-constraint", "--build-constraints", "--extra", "--group", "--only-group", "--no-group", "--python",
    "--index-url", "--extra-index-url", "--find-links", "--index", "--default-index", "--index-strategy",
    "--keyring-provider", "--upgrade-package", "--reinstall-package", "--no-build-isolation-package", "--no-binary",
    "--only-binary", "--python-version", "--python-platform", "--config-setting", "--config-settings",
    "--resolution", "--prerelease", "--fork-strategy", "--exclude-newer", "--link-mode", "--target", "--prefix",
    "--cache-dir", "--color", "--directory", "--project", "--config-file", "--torch-backend", "--package",
    "--no-install-package", "--no-binary-package", "--no-build-package", "--allow-insecure-host",
    "--refresh-package", "--output-format", "--script", "--exclude-newer-package", "--no-sources-package",
  ]
  static let uvShort: Set<Character> = ["r", "c", "e", "p", "i", "f", "P", "C", "t", "b"]
  static let poetryLong: Set<String> = [
    "--with", "--without", "--only", "--extras", "--directory", "--project", "--all-groups",
  ]
  static let poetryShort: Set<Character> = ["E", "C", "P"]
  static let genericLong: Set<String> = [
    "--python", "--pypi-mirror", "--categories", "--extra-pip-args", "--group", "--project", "--venv", "--lockfile",
  ]
}

/// Tools whose `run` verb runs a command with their environment on PATH.
private let toolRunners: Set<String> = ["poetry", "pipenv", "pdm", "hatch", "rye"]

/// Whether a shell command can be a Python install: `pythonInstall` recognises only commands whose first word
/// (after wrappers such as `sudo`, or runners such as `poetry run`) is pip, python, pypy, uv, poetry, pipenv or
/// pdm, so any other plain ASCII command name is ruled out without parsing the command. (In plain ASCII without
/// a carriage return every character is one byte, so the bytes after the last `/` are the name `pythonInstall`
/// reads.)
func mayBePythonInstall(_ command: ShellCommand) -> Bool {
  guard let first = command.words.first else { return false }
  guard first.isLiteral else { return false }
  let value = first.value
  let base = value[((value.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1)...]
  guard !base.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else { return true }
  switch base.first {
  case UInt8(ascii: "p"): return true
  case UInt8(ascii: "u"): return base.elementsEqual("uv".utf8)
  // The first letters of the leading words: most command names are ruled out without comparing them.
  case UInt8(ascii: "s"), UInt8(ascii: "e"), UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "c"),
    UInt8(ascii: "h"), UInt8(ascii: "r"):
    break
  default: return false
  }
  return installLeadingWords.contains { base.elementsEqual($0) }
}

/// Command names that may come before an install's tool: wrappers (`sudo pip ...`) and runners (`hatch run`,
/// `rye run`; the runners starting with `p` pass anyway).
private let installLeadingWords: [[UInt8]] = [
  "sudo", "env", "nice", "time", "exec", "command", "timeout", "nohup", "hatch", "rye",
].map { Array($0.utf8) }

/// Recognises a Python install in a shell command; nil when the command is something else.
func pythonInstall(_ command: ShellCommand) -> PythonInstall? {
  var words = Array(command.effectiveWords)
  // Runners that put a tool on PATH and run it: `pyenv exec`, `poetry run`, `pipenv run`, `pdm run`.
  var rounds = 0
  while words.count >= 3, rounds < 4, words[0].isLiteral {
    rounds += 1
    let name = shellBasename(words[0].value)
    let verb = words[1].stringValue
    if (name == "pyenv" && verb == "exec")
      || (toolRunners.contains(name) && verb == "run")
    {
      words.removeFirst(2)
    } else {
      break
    }
  }
  guard let first = words.first, first.isLiteral else { return nil }
  let name = shellBasename(first.value)
  var i = 1
  var tool: PythonTool
  var longValues = OptionTables.pipLong
  var shortValues = OptionTables.pipShort
  var globalFlags: [ShellWord] = []
  if isVersionedName(name, prefix: "pip") {
    tool = .pip
  } else if isVersionedName(name, prefix: "python") || isVersionedName(name, prefix: "pypy") {
    // Interpreter options before `-m`; `-X opt` and `-W arg` take a value.
    while i < words.count {
      let w = words[i].stringValue
      if w == "-m" || w == "-c" || !w.hasPrefix("-") { break }
      if w.hasPrefix("-m") { break }
      i += (w == "-X" || w == "-W") ? 2 : 1
    }
    guard i < words.count else { return nil }
    let w = words[i].stringValue
    if w == "-m", i + 1 < words.count, words[i + 1].stringValue == "pip" {
      i += 2
    } else if w == "-mpip" {
      i += 1
    } else {
      return nil
    }
    tool = .pip
  } else if name == "uv" {
    // Global options may come before the subcommand (`uv --no-cache pip install`).
    i = skipOptions(words, from: 1, long: OptionTables.uvLong, short: OptionTables.uvShort, into: &globalFlags)
    guard i < words.count else { return nil }
    longValues = OptionTables.uvLong
    shortValues = OptionTables.uvShort
    if words[i].stringValue == "pip" {
      tool = .uvPip
      i += 1
    } else if words[i].stringValue == "sync" {
      tool = .uvSync
    } else {
      return nil
    }
  } else if name == "poetry" {
    tool = .poetry
    longValues = OptionTables.poetryLong
    shortValues = OptionTables.poetryShort
  } else if name == "pipenv" || name == "pdm" {
    tool = name == "pipenv" ? .pipenv : .pdm
    longValues = OptionTables.genericLong
    shortValues = []
  } else {
    return nil
  }
  // Global options before the subcommand (`pip -q install`, `pip --timeout 60 install`).
  i = skipOptions(words, from: i, long: longValues, short: shortValues, into: &globalFlags)
  guard i < words.count else { return nil }
  let sub = words[i].stringValue
  let accepted: Bool
  switch tool {
  case .pip, .uvPip: accepted = sub == "install" || sub == "wheel" || sub == "download" || sub == "sync"
  case .uvSync: accepted = sub == "sync"
  case .poetry, .pipenv, .pdm: accepted = sub == "install" || sub == "sync"
  }
  guard accepted else { return nil }
  if tool == .pip && sub == "sync" { return nil }
  var install = PythonInstall(
    tool: tool, subcommand: sub, headRange: first.range.lowerBound..<words[i].range.upperBound,
    headText: words[0...i].map(\.stringValue).joined(separator: " "), arguments: Array(words[(i + 1)...]))
  parseArguments(&install, long: longValues, short: shortValues)
  install.flags = globalFlags + install.flags
  return install
}

/// Whether `name` is `prefix` optionally followed by a version (`pip3`, `pip3.12`, `python3.11`).
func isVersionedName(_ name: String, prefix: String) -> Bool {
  name.hasPrefix(prefix) && name.dropFirst(prefix.count).allSatisfy { $0.isNumber || $0 == "." }
}

/// The index of the first word at or after `start` that is not an option or an option's value.
private func skipOptions(
  _ words: [ShellWord], from start: Int, long: Set<String>, short: Set<Character>, into flags: inout [ShellWord]
) -> Int {
  var i = start
  while i < words.count {
    let w = words[i].stringValue
    guard w.hasPrefix("-"), w != "-", w != "--" else { break }
    flags.append(words[i])
    i += takesSeparateValue(w, long: long, short: short) ? 2 : 1
  }
  return i
}

/// Whether an option word is followed by its value in the next word.
private func takesSeparateValue(_ word: String, long: Set<String>, short: Set<Character>) -> Bool {
  if word.hasPrefix("--") { return !word.contains("=") && long.contains(word) }
  // A short group takes a value when its last letter does and nothing is attached (`-r file`, `-qr file`).
  guard word.count >= 2, let last = word.last else { return false }
  let letters = word.dropFirst()
  if let valueIndex = letters.firstIndex(where: { short.contains($0) }) {
    return letters.index(after: valueIndex) == letters.endIndex && short.contains(last)
  }
  return false
}

/// Splits an install's arguments into files, editables, operands and flags.
private func parseArguments(_ install: inout PythonInstall, long: Set<String>, short: Set<Character>) {
  let words = install.arguments
  var i = 0
  var operandsOnly = false
  while i < words.count {
    let word = words[i]
    let w = word.stringValue
    i += 1
    if operandsOnly || !w.hasPrefix("-") || w == "-" {
      install.operands.append(word)
      continue
    }
    if w == "--" {
      operandsOnly = true
      continue
    }
    install.flags.append(word)
    var key = w
    var attached: ShellWord?
    if w.hasPrefix("--") {
      if let eq = word.value.firstIndex(of: UInt8(ascii: "=")) {
        key = String(decoding: word.value[..<eq], as: UTF8.self)
        attached = suffixWord(word, droppingBytes: eq + 1)
      } else if long.contains(w), i < words.count {
        attached = words[i]
        i += 1
      }
    } else {
      let letters = Array(w.dropFirst())
      if let k = letters.firstIndex(where: { short.contains($0) }) {
        key = "-" + String(letters[k])
        if k + 1 < letters.count {
          attached = suffixWord(word, droppingBytes: 2 + k)
        } else if i < words.count {
          attached = words[i]
          i += 1
        }
      }
    }
    guard let value = attached else { continue }
    switch key {
    case "-r", "--requirement", "--requirements": install.requirementFiles.append(value)
    case "-c", "--constraint", "--constraints": install.constraintFiles.append(value)
    case "-e", "--editable": install.editables.append(value)
    case "--cache-dir": install.cacheDir = value.stringValue
    default: break
    }
  }
}

/// The part of a word after its first `count` value bytes (`-rfile` → `file`), with a range that is exact when the
/// word is written without quotes or escapes.
private func suffixWord(_ word: ShellWord, droppingBytes count: Int) -> ShellWord {
  let value = Array(word.value.dropFirst(count))
  let exact = word.range.count == word.value.count
  let range = exact ? (word.range.lowerBound + count)..<word.range.upperBound : word.range
  return ShellWord(range: range, value: value, isLiteral: word.isLiteral)
}

/// The distribution name a requirement operand names, normalised as PyPI does (lower case, runs of `-_.` as `-`);
/// nil for paths, URLs, archives and words with expansions.
func requirementName(_ word: ShellWord) -> String? {
  guard word.isLiteral else { return nil }
  let text = word.stringValue
  if text.contains("/") || text.contains(":") || text.hasPrefix(".") { return nil }
  var name = ""
  for c in text {
    if c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." {
      name.append(c)
    } else {
      break
    }
  }
  if name.hasSuffix(".whl") || name.hasSuffix(".tar.gz") || name.hasSuffix(".zip") || name.isEmpty { return nil }
  var out = ""
  var lastWasSeparator = false
  for c in name.lowercased() {
    if c == "-" || c == "_" || c == "." {
      if !lastWasSeparator { out.append("-") }
      lastWasSeparator = true
    } else {
      out.append(c)
      lastWasSeparator = false
    }
  }
  return out
}

/// The version pinned with `==` in a requirement operand (`numpy==1.21.0` → [1, 21, 0]); nil otherwise.
func pinnedVersion(_ word: ShellWord) -> [Int]? {
  let bytes = word.value
  guard let eq = bytes.indices.first(where: { $0 + 1 < bytes.count && bytes[$0] == 0x3D && bytes[$0 + 1] == 0x3D })
  else { return nil }
  let text = String(decoding: bytes[(eq + 2)...], as: UTF8.self)
  let rest = text.prefix { $0.isNumber || $0 == "." }
  let parts = rest.split(separator: ".").compactMap { Int($0) }
  return parts.isEmpty ? nil : parts
}

/// Operating-system package managers.
enum OSPackageManager: Equatable {
  case apt, apk, yum
}

/// One OS package install command.
struct OSPackageInstall {
  /// The manager.
  var manager: OSPackageManager
  /// Package operands (literal words only).
  var packages: [ShellWord]
  /// Whether some operand is not literal (`$BUILD_DEPS`), so the list is not known.
  var hasUnknownPackages: Bool
  /// apk's `--virtual`/`-t` group name.
  var virtualName: String?
}

/// One OS package removal command (`apt-get purge`, `apk del`, `yum remove`).
struct OSPackageRemoval {
  /// The names removed (literal words).
  var names: Set<String>
  /// Whether some operand is not literal.
  var hasUnknownNames: Bool
}

/// Recognises `apt-get install`, `apt install`, `apk add`, `yum`/`dnf`/`microdnf install`.
func osPackageInstall(_ command: ShellCommand) -> OSPackageInstall? {
  guard let parsed = osPackageCommand(command) else { return nil }
  let verbs: Set<String>
  switch parsed.manager {
  case .apt: verbs = ["install"]
  case .apk: verbs = ["add"]
  case .yum: verbs = ["install"]
  }
  guard verbs.contains(parsed.verb) else { return nil }
  return OSPackageInstall(
    manager: parsed.manager, packages: parsed.operands.filter(\.isLiteral),
    hasUnknownPackages: parsed.operands.contains { !$0.isLiteral }, virtualName: parsed.virtualName)
}

/// Recognises `apt-get purge/remove`, `apk del`, `yum`/`dnf remove`.
func osPackageRemoval(_ command: ShellCommand) -> OSPackageRemoval? {
  guard let parsed = osPackageCommand(command) else { return nil }
  let verbs: Set<String>
  switch parsed.manager {
  case .apt: verbs = ["purge", "remove", "autoremove"]
  case .apk: verbs = ["del"]
  case .yum: verbs = ["remove", "erase", "autoremove"]
  }
  guard verbs.contains(parsed.verb) else { return nil }
  return OSPackageRemoval(
    names: Set(parsed.operands.filter(\.isLiteral).map { packageName($0.stringValue) }),
    hasUnknownNames: parsed.operands.contains { !$0.isLiteral })
}

/// A package word without its version or release constraint (`gcc=4:12`, `gcc~=12`, `gcc>1`).
func packageName(_ text: String) -> String {
  String(text.prefix { $0 != "=" && $0 != "~" && $0 != ">" && $0 != "<" && $0 != ":" })
}

/// The manager, verb, operands and apk virtual name of an OS package command.
private func osPackageCommand(
  _ command: ShellCommand
) -> (manager: OSPackageManager, verb: String, operands: [ShellWord], virtualName: String?)? {
  let words = Array(command.effectiveWords)
  guard let first = words.first, first.isLiteral else { return nil }
  let manager: OSPackageManager
  let valueOptions: Set<String>
  switch shellBasename(first.value) {
  case "apt-get", "apt", "aptitude":
    manager = .apt
    valueOptions = ["-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release"]
  case "apk":
    manager = .apk
    valueOptions = [
      "-t", "--virtual", "-X", "--repository", "--repositories-file", "-p", "--root", "--cache-dir", "--arch",
      "--keys-dir",
    ]
  case "yum", "dnf", "microdnf", "tdnf":
    manager = .yum
    valueOptions = [
      "-x", "--exclude", "--installroot", "--releasever", "--setopt", "--enablerepo", "--disablerepo", "-c",
      "--config", "--repo", "--repoid",
    ]
  default:
    return nil
  }
  var verb: String?
  var operands: [ShellWord] = []
  var virtualName: String?
  var i = 1
  while i < words.count {
    let word = words[i]
    let w = word.stringValue
    i += 1
    if w.hasPrefix("-") {
      if valueOptions.contains(w), i < words.count {
        if w == "-t" || w == "--virtual" { virtualName = words[i].stringValue }
        i += 1
      } else if w.hasPrefix("--virtual=") {
        virtualName = String(w.dropFirst("--virtual=".count))
      }
      continue
    }
    if verb == nil {
      verb = w
    } else {
      operands.append(word)
    }
  }
  guard let verb else { return nil }
  // For apk, the first operand of `add --virtual` is the group's name when given as `-t name` before `add`.
  return (manager, verb, operands, virtualName)
}

/// The target option of the first cache mount of a RUN whose target satisfies `matches` (given the target
/// without trailing slashes).
func cacheMountTarget(of run: Instruction, where matches: (String) -> Bool) -> MountOption? {
  guard let view = RunInstruction(run) else { return nil }
  for mount in view.mounts where mount.type == "cache" {
    guard let option = mount.option("target") ?? mount.option("dst") ?? mount.option("destination"),
      let target = option.value
    else { continue }
    if matches(normalisedDirectory(target)) { return option }
  }
  return nil
}

/// A directory path without trailing slashes.
func normalisedDirectory(_ path: String) -> String {
  var p = Substring(path)
  while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
  return String(p)
}
