// Where a stage puts Python packages, for the rules about copying them between stages and running them: virtual
// environments it creates or names, `pip install --prefix`/`--target` directories, user installs, `uv sync`
// environments; how a COPY source path is recognised as one of those; how the container starts; and the ARG and
// ENV values (PATH resolved) a sequential rule sees as it steps through a stage.
import DockerfileSyntax

/// What kind of installed-packages directory a path is.
enum PackageDirectoryKind: Equatable {
  /// A virtual environment (with `bin/python`).
  case venv
  /// A user base (`~/.local`), from `pip install --user`.
  case userBase
  /// A `site-packages` directory or a `--prefix`/`--target` tree.
  case packages
}

/// Per stage: the package directories its instructions create, read one instruction at a time.
struct StagePackageDirectories: Equatable, Sendable {
  /// Virtual environments created (`python -m venv P`, `virtualenv P`, `uv venv P`) or named by `VIRTUAL_ENV` /
  /// `UV_PROJECT_ENVIRONMENT`.
  var venvs: Set<String> = []
  /// Virtual environments that packages were installed into through their own `bin/pip` or `bin/python`.
  var populatedVenvs: Set<String> = []
  /// `--prefix`, `--target` and `--root` directories of pip installs.
  var prefixes: Set<String> = []

  /// Reads one top-level instruction of the stage (ENV and RUN add directories; ONBUILD is not read).
  mutating func read(_ facts: InstructionFacts) {
    let ins = facts.instruction
    if ins.kind == .env {
      for pair in ins.pairs {
        let key = String(decoding: pair.key, as: UTF8.self)
        guard key == "VIRTUAL_ENV" || key == "UV_PROJECT_ENVIRONMENT" else { continue }
        let value = unquoted(String(decoding: pair.value, as: UTF8.self))
        if value.hasPrefix("/"), !value.contains("$") { venvs.insert(normalisedDirectory(value)) }
      }
    }
    guard ins.kind == .run else { return }
    for (k, command) in facts.commands.enumerated() {
      if let created = createdVenv(command) { venvs.insert(created) }
      if let install = facts.pythonInstall(at: k) {
        for flag in ["--prefix", "--target", "--root", "-t"] {
          if let value = optionValue(flag, in: install), value.hasPrefix("/"), !value.contains("$") {
            prefixes.insert(normalisedDirectory(value))
          }
        }
        if let first = command.effectiveWords.first, first.isLiteral {
          let path = first.stringValue
          if path.hasPrefix("/"), let bin = path.lastIndex(of: "/") {
            let directory = String(path[..<bin])
            if directory.hasSuffix("/bin") { populatedVenvs.insert(String(directory.dropLast(4))) }
          }
        }
      }
    }
  }
}

/// The directory a `python -m venv P`, `virtualenv P` or `uv venv P` command creates (literal absolute paths only).
func createdVenv(_ command: ShellCommand) -> String? {
  let words = Array(command.effectiveWords)
  guard let first = words.first, first.isLiteral else { return nil }
  let name = shellBasename(first.value)
  var i = 1
  if isVersionedName(name, prefix: "python") {
    while i < words.count, words[i].stringValue != "-m" { i += 1 }
    guard i + 1 < words.count, ["venv", "virtualenv"].contains(words[i + 1].stringValue) else { return nil }
    i += 2
  } else if name == "virtualenv" {
    i = 1
  } else if name == "uv", words.count > 1, words[1].stringValue == "venv" {
    i = 2
  } else {
    return nil
  }
  var skipNext = false
  for word in words[i...] {
    let w = word.stringValue
    if skipNext {
      skipNext = false
      continue
    }
    if w.hasPrefix("-") {
      skipNext = ["-p", "--python", "--prompt"].contains(w)
      continue
    }
    guard word.isLiteral, w.hasPrefix("/") else { return nil }
    return normalisedDirectory(w)
  }
  return nil
}

/// The value of an option of a Python install (`--prefix=/x`, `--prefix /x`), looked up among its words.
func optionValue(_ name: String, in install: PythonInstall) -> String? {
  let words = install.arguments
  for (i, word) in words.enumerated() {
    let w = word.stringValue
    if w == name, i + 1 < words.count { return words[i + 1].stringValue }
    if w.hasPrefix(name + "=") { return String(w.dropFirst(name.count + 1)) }
  }
  return nil
}

/// What a COPY source path from another stage holds, if it is a package directory.
func packageDirectoryKind(_ path: String, in directories: StagePackageDirectories) -> PackageDirectoryKind? {
  guard path.hasPrefix("/"), !path.contains("$"), !path.contains("*") else { return nil }
  let p = normalisedDirectory(path)
  if directories.venvs.contains(p) || directories.populatedVenvs.contains(p) { return .venv }
  let components = p.split(separator: "/")
  guard let last = components.last else { return nil }
  if ["venv", ".venv", "virtualenv", ".virtualenv"].contains(last) { return .venv }
  if p == "/root/.local" || (components.count == 3 && components[0] == "home" && last == ".local") { return .userBase }
  if components.contains("site-packages") || components.contains("dist-packages") { return .packages }
  if directories.prefixes.contains(p) { return .packages }
  return nil
}

/// A CMD or ENTRYPOINT as the start-up rules read it.
struct StartWords: Equatable, Sendable {
  /// Its program words (see `programWords`); nil when they are not understood.
  var words: [String]?
}

/// The ENTRYPOINT and the CMD in force at the end of a stage chain (the last of each kind in the nearest stage
/// that has one), kept per stage while the instructions are read: a stage starts with its parent's.
struct StageStart: Equatable, Sendable {
  /// The ENTRYPOINT in force, if any.
  var entrypoint: StartWords?
  /// The CMD in force, if any.
  var cmd: StartWords?

  /// Reads one top-level instruction of the stage.
  mutating func read(_ ins: Instruction) {
    switch ins.kind {
    case .entrypoint: entrypoint = StartWords(words: programWords(ins))
    case .cmd: cmd = StartWords(words: programWords(ins))
    default: break
    }
  }

  /// Which program the container runs first: the ENTRYPOINT's program (init wrappers such as tini skipped),
  /// else the CMD's; nil when there is none or it is not understood (a shell script with several commands).
  var program: (name: String, isPath: Bool)? {
    let wrappers: Set<String> = ["tini", "dumb-init", "tini-static", "catatonit"]
    var words: [String]
    if let entrypoint {
      guard var e = entrypoint.words else { return nil }
      while let first = e.first, wrappers.contains(shellBasename(Array(first.utf8))) || first.hasPrefix("-") {
        e.removeFirst()
      }
      if !e.isEmpty {
        words = e
      } else if let c = cmd?.words {
        words = c
      } else {
        return nil
      }
    } else if let c = cmd?.words {
      words = c
    } else {
      return nil
    }
    guard let program = words.first, !program.isEmpty else { return nil }
    return (program, program.contains("/"))
  }

  /// Whether the stage chain is an application image: it says how its container starts (CMD or ENTRYPOINT),
  /// and that is not just an interactive shell, a bare interpreter or `sleep infinity`. Final stages that are
  /// not (development containers, CI images, bases for other images) want their toolchains, and the rules about
  /// what ships stay silent on them.
  var isApplicationImage: Bool {
    guard entrypoint != nil || cmd != nil else { return false }
    for (start, isCmd) in [(entrypoint, false), (cmd, true)] {
      guard let words = start?.words, let first = words.first else { continue }
      let name = shellBasename(Array(first.utf8))
      if name == "sleep" { return false }
      let isShell = ["sh", "bash", "zsh", "ash", "dash", "fish"].contains(name)
      if (isShell || isVersionedName(name, prefix: "python")) && words.count == 1 && isCmd && entrypoint == nil {
        return false
      }
    }
    return true
  }
}

/// The words of a CMD or ENTRYPOINT: the JSON array, or the single simple command of a shell form; nil when the
/// shell form runs more than one command or is not understood.
func programWords(_ ins: Instruction) -> [String]? {
  if ins.form == .json { return ins.arguments.map(\.string) }
  let script = parseShell(ins.argumentText.text)
  guard script.unparsed.isEmpty, script.commands.count == 1, let command = script.commands.first else { return nil }
  return command.effectiveWords.map(\.stringValue)
}

/// Console scripts of Python packages that images commonly start with, besides the interpreter.
let pythonConsoleScripts: Set<String> = [
  "gunicorn", "uvicorn", "hypercorn", "daphne", "granian", "celery", "flask", "django-admin", "streamlit",
  "fastapi", "waitress-serve", "jupyter", "jupyter-lab", "pytest", "alembic", "mlflow", "dagster", "airflow",
  "chainlit", "panel", "bokeh", "dask", "ray", "huey_consumer", "rq", "dramatiq", "scrapy", "locust",
]

/// The image's own PATH, as the python image and the other official images set it.
let standardPath = ["/usr/local/bin", "/usr/local/sbin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]

/// An `ENV PATH=...` value with `$PATH` replaced by `previous` (the PATH before it, nil when unknown) and other
/// variables by `lookup` (an ENV value or ARG default visible before the ENV): the directories, nil when PATH
/// cannot be read exactly; and whether the value refers to `$PATH`.
func expandPath(
  _ value: String, previous: [String]?, lookup: (String) -> String?
) -> (directories: [String]?, usesPath: Bool) {
  let raw = unquoted(value)
  var out = ""
  var usesPath = false
  var chars = Substring(raw)
  while let c = chars.first {
    chars = chars.dropFirst()
    guard c == "$" else {
      out.append(c)
      continue
    }
    let (name, braced, _) = readVariableName(&chars)
    if braced && (name.contains(":") || name.contains("-")) { return (nil, usesPath) }
    if name == "PATH" {
      usesPath = true
      guard let previous else { return (nil, usesPath) }
      out += previous.joined(separator: ":")
      continue
    }
    guard let value = lookup(name), !value.contains("$") else { return (nil, usesPath) }
    out += value
  }
  return (out.split(separator: ":").map { normalisedDirectory(String($0)) }, usesPath)
}

/// Reads the variable name that follows a `$` from `chars`: `{NAME}` through its closing brace (`closed` says
/// whether there was one), or else a run of letters, digits and underscores (possibly empty).
private func readVariableName(_ chars: inout Substring) -> (name: String, braced: Bool, closed: Bool) {
  var name = ""
  guard chars.first == "{" else {
    while let d = chars.first, d.isLetter || d.isNumber || d == "_" {
      name.append(d)
      chars = chars.dropFirst()
    }
    return (name, false, false)
  }
  chars = chars.dropFirst()
  while let d = chars.first, d != "}" {
    name.append(d)
    chars = chars.dropFirst()
  }
  let closed = chars.first == "}"
  chars = chars.dropFirst()
  return (name, true, closed)
}

/// A shell word's value with `$NAME` and `${NAME}` replaced by the ENV or ARG values visible at an instruction;
/// nil when some expansion is not a plain variable with a known value.
func expandedWord(_ word: ShellWord, variables: Variables, at index: Int) -> String? {
  if word.isLiteral { return word.stringValue }
  var out = ""
  var chars = Substring(word.stringValue)
  while let c = chars.first {
    chars = chars.dropFirst()
    guard c == "$" else {
      if "`*?[~".contains(c) { return nil }
      out.append(c)
      continue
    }
    let (name, braced, closed) = readVariableName(&chars)
    if braced && !closed { return nil }
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
      let value = variables.value(name, at: index), !value.contains("$")
    else { return nil }
    out += value
  }
  return out
}

/// Line numbers for messages, counted as BuildKit counts them (`\n` only), from an index of newline offsets built
/// once, so that many findings do not each rescan the file.
struct LineIndex {
  private let newlines: [Int]

  /// Indexes `source`.
  init(_ source: [UInt8]) {
    var out: [Int] = []
    for (i, byte) in source.enumerated() where byte == 0x0A { out.append(i) }
    newlines = out
  }

  /// The 1-based line of a byte offset.
  func line(of offset: Int) -> Int {
    var lo = 0
    var hi = newlines.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if newlines[mid] < offset { lo = mid + 1 } else { hi = mid }
    }
    return lo + 1
  }
}

/// ARG and ENV lookups that skip names the file never defines. `SemanticModel.definition(of:visibleAt:)` walks
/// the stage's ancestors when a name is not defined in the stage, which is slow in long chains of stages; most
/// names the rules ask about (PIP_NO_CACHE_DIR, PYTHONPATH) are defined nowhere.
struct Variables {
  /// The model.
  let model: SemanticModel
  private let names: Set<String>

  /// Collects the names defined in `model`.
  init(_ model: SemanticModel) {
    self.model = model
    var names = Set(model.globalArgs.map(\.name))
    for stage in model.stages {
      for a in stage.args { names.insert(a.name) }
      for e in stage.env { names.insert(e.name) }
    }
    self.names = names
  }

  /// The definition of `name` visible at an instruction.
  func definition(_ name: String, at index: Int) -> VariableDefinition? {
    names.contains(name) ? model.definition(of: name, visibleAt: index) : nil
  }

  /// The value of an ENV, or an ARG's default, visible at an instruction, quotes removed.
  func value(_ name: String, at index: Int) -> String? {
    switch definition(name, at: index) {
    case .env(let e): return unquoted(e.value)
    case .arg(let a): return a.defaultValue.map(unquoted)
    case nil: return nil
    }
  }
}

/// The ARG and ENV values a sequential rule sees while stepping through a stage, the position-independent
/// counterpart of `Variables`: the current stage's own ARGs and ENVs (the later definition of a name winning),
/// over the ENVs of the stages its FROM names literally (as `SemanticModel.definition(of:visibleAt:)` inherits
/// them). Only the names a rule asks for are kept (`tracking`, nil for every name); PATH is also kept resolved
/// when `resolvesPath` is set, for `effectivePath`.
struct StageVariableScope: Equatable, Sendable {
  /// A definition in the current stage.
  enum Definition: Equatable, Sendable {
    /// An ARG with its default as written (nil when it has none).
    case arg(String?)
    /// An ENV value as written.
    case env(String)
  }

  /// An `ENV PATH` resolved when it was read.
  struct ResolvedPath: Equatable, Sendable {
    /// The directories; nil when they cannot be read exactly.
    var directories: [String]?
    /// How many `ENV PATH=...$PATH` definitions it stacks (at most `maximumDepth`).
    var depth: Int
  }

  /// PATH as the current stage defines it.
  enum PathDefinition: Equatable, Sendable {
    case arg
    case env(ResolvedPath)
  }

  /// How many stacked `ENV PATH=...$PATH` definitions are read before PATH counts as unknown.
  static let maximumDepth = 32

  /// The names read (nil: every name).
  let tracking: Set<String>?
  /// Whether PATH is resolved as it is defined.
  let resolvesPath: Bool
  /// The current stage's own definitions.
  private(set) var own = PersistentDictionary<String, Definition>()
  /// ENV values of the current stage and of the stages it builds on literally, the nearest winning.
  private(set) var env = PersistentDictionary<String, String>()
  /// PATH as the current stage defines it (when `resolvesPath`).
  private(set) var ownPath: PathDefinition?
  /// The last `ENV PATH` of the current stage or the stages it builds on (when `resolvesPath`).
  private(set) var envPath: ResolvedPath?
  /// Per named stage (by its number): its `env` and `envPath` when it ended.
  private var ended: [Int: Inherited] = [:]
  /// The current stage's number, when it has a name.
  private var namedStage: Int?
  /// Where lookups of a name are noted (see `KeyedState.swift`).
  var reads = KeyReadsLink()

  /// What a stage leaves to the stages that name it.
  private struct Inherited: Equatable, Sendable {
    var env: PersistentDictionary<String, String>
    var path: ResolvedPath?
  }

  /// A scope that reads `tracking` (every name when nil).
  init(tracking: Set<String>?, resolvesPath: Bool = false) {
    self.tracking = tracking
    self.resolvesPath = resolvesPath
  }

  /// Starts stage number `stage` (named or not) at its FROM, building literally on `literalParent`, if any.
  mutating func startStage(_ stage: Int, named: Bool, literalParent: Int?) {
    if let previous = namedStage { ended[previous] = Inherited(env: env, path: envPath) }
    let inherited = literalParent.flatMap { ended[$0] }
    env = inherited?.env ?? PersistentDictionary()
    envPath = inherited?.path
    own = PersistentDictionary()
    ownPath = nil
    namedStage = named ? stage : nil
  }

  /// Reads an ARG or ENV of the current stage.
  mutating func read(_ ins: Instruction) {
    switch ins.kind {
    case .arg:
      guard let arg = ArgInstruction(ins) else { return }
      for d in arg.declarations {
        let name = String(decoding: d.name, as: UTF8.self)
        if resolvesPath && name == "PATH" { ownPath = .arg }
        guard tracking?.contains(name) ?? true else { continue }
        own[name] = .arg(d.defaultValue.map { String(decoding: $0, as: UTF8.self) })
      }
    case .env:
      var path: ResolvedPath?
      for pair in ins.pairs {
        let name = String(decoding: pair.key, as: UTF8.self)
        guard (tracking?.contains(name) ?? true) || (resolvesPath && name == "PATH") else { continue }
        let value = String(decoding: pair.value, as: UTF8.self)
        // Every PATH of one ENV is read with the variables defined before the ENV; the last one wins.
        if resolvesPath && name == "PATH" { path = resolvePath(value) }
        guard tracking?.contains(name) ?? true else { continue }
        own[name] = .env(value)
        env[name] = value
      }
      if let path {
        ownPath = .env(path)
        envPath = path
      }
    default:
      break
    }
  }

  /// The definition of a tracked name visible now.
  func definition(_ name: String) -> Definition? {
    reads.note(name)
    return own[name] ?? env[name].map { .env($0) }
  }

  /// Adds the names whose definitions differ between this scope and `other` to `difference`, or fails it when
  /// the scopes differ otherwise (PATH, the stage).
  func addDifference(from other: Self, to difference: inout KeyedDifference) {
    difference.require(
      tracking == other.tracking && resolvesPath == other.resolvesPath && ownPath == other.ownPath
        && envPath == other.envPath && namedStage == other.namedStage)
    difference.add(own, other.own)
    difference.add(env, other.env)
    difference.add(ended, other.ended) { difference, a, b in
      difference.require(a.path == b.path)
      difference.add(a.env, b.env)
    }
  }

  /// The value of an ENV, or an ARG's default, visible now, quotes removed.
  func value(_ name: String) -> String? {
    switch definition(name) {
    case .env(let value): unquoted(value)
    case .arg(let value): value.map(unquoted)
    case nil: nil
    }
  }

  /// PATH as it is now, with the stacking depth of its definitions.
  private var currentPath: ResolvedPath {
    switch ownPath ?? envPath.map(PathDefinition.env) {
    case nil: ResolvedPath(directories: standardPath, depth: 0)
    case .arg: ResolvedPath(directories: nil, depth: 0)
    case .env(let path): path
    }
  }

  /// An `ENV PATH` value resolved with the variables visible now.
  private func resolvePath(_ value: String) -> ResolvedPath {
    let previous = currentPath
    let expanded = expandPath(value, previous: previous.directories) { self.value($0) }
    guard expanded.usesPath else { return ResolvedPath(directories: expanded.directories, depth: 0) }
    return ResolvedPath(directories: expanded.directories, depth: min(previous.depth + 1, Self.maximumDepth))
  }

  /// The PATH directories in force now (ENV PATH expanded with the ENV and ARG values before it), nil when PATH
  /// cannot be read exactly; without ENV PATH, the python image's default PATH. Needs `resolvesPath`.
  var effectivePath: [String]? {
    let path = currentPath
    return path.depth < Self.maximumDepth ? path.directories : nil
  }
}

extension StageTracker {
  /// The stage a FROM names literally (its image text equal to an earlier stage's name, as the semantic model
  /// resolves stage bases), looked up before `step` reads that FROM.
  func literalParentStage(of from: Instruction) -> Int? {
    guard let lower = FromInstruction(from)?.image?.string.lowercased(), lower != "scratch" else { return nil }
    return stageByName[lower]
  }
}
