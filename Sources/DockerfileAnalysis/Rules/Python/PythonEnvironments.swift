// Where a stage puts Python packages, for the rules about copying them between stages and running them: virtual
// environments it creates or names, `pip install --prefix`/`--target` directories, user installs, `uv sync`
// environments; and how a COPY source path is recognised as one of those.
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

/// Per stage: the package directories its instructions create.
struct StagePackageDirectories {
  /// Virtual environments created (`python -m venv P`, `virtualenv P`, `uv venv P`) or named by `VIRTUAL_ENV` /
  /// `UV_PROJECT_ENVIRONMENT`.
  var venvs: Set<String> = []
  /// Virtual environments that packages were installed into through their own `bin/pip` or `bin/python`.
  var populatedVenvs: Set<String> = []
  /// `--prefix`, `--target` and `--root` directories of pip installs.
  var prefixes: Set<String> = []

  /// Reads one stage.
  init(stage: Stage, context: RuleContext) {
    let model = context.model
    for index in stage.instructionIndices {
      let ins = model.instructions[index]
      if ins.kind == .env {
        for pair in ins.pairs {
          let key = String(decoding: pair.key, as: UTF8.self)
          guard key == "VIRTUAL_ENV" || key == "UV_PROJECT_ENVIRONMENT" else { continue }
          let value = unquoted(String(decoding: pair.value, as: UTF8.self))
          if value.hasPrefix("/"), !value.contains("$") { venvs.insert(normalisedDirectory(value)) }
        }
      }
      guard ins.kind == .run else { continue }
      for command in context.shellCommands(ofInstructionAt: index) {
        if let created = createdVenv(command) { venvs.insert(created) }
        if let install = pythonInstall(command) {
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

/// The ENTRYPOINT and the CMD in force at the end of a stage chain (the last of each kind), if any.
private func startupInstructions(_ model: SemanticModel, chain: [Int]) -> (entrypoint: Instruction?, cmd: Instruction?)
{
  var entrypoint: Instruction?
  var cmd: Instruction?
  for stageIndex in chain {
    for index in model.stages[stageIndex].instructionIndices.reversed() {
      let ins = model.instructions[index]
      if ins.kind == .entrypoint, entrypoint == nil { entrypoint = ins }
      if ins.kind == .cmd, cmd == nil { cmd = ins }
    }
  }
  return (entrypoint, cmd)
}

/// Which program a stage's container runs first: the ENTRYPOINT's program (init wrappers such as tini skipped),
/// else the CMD's; nil when there is none or it is not understood (a shell script with several commands).
func startupProgram(_ model: SemanticModel, chain: [Int]) -> (name: String, isPath: Bool)? {
  let (entrypoint, cmd) = startupInstructions(model, chain: chain)
  let wrappers: Set<String> = ["tini", "dumb-init", "tini-static", "catatonit"]
  var words: [String]
  if let entrypoint {
    guard var e = programWords(entrypoint) else { return nil }
    while let first = e.first, wrappers.contains(shellBasename(Array(first.utf8))) || first.hasPrefix("-") {
      e.removeFirst()
    }
    if !e.isEmpty {
      words = e
    } else if let cmd, let c = programWords(cmd) {
      words = c
    } else {
      return nil
    }
  } else if let cmd, let c = programWords(cmd) {
    words = c
  } else {
    return nil
  }
  guard let program = words.first, !program.isEmpty else { return nil }
  return (program, program.contains("/"))
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

/// The PATH directories in force at the end of a stage chain (ENV PATH expanded with earlier ENV/ARG values);
/// nil when PATH cannot be read exactly. Without ENV PATH, the python image's default PATH.
func effectivePath(_ variables: Variables, at index: Int, depth: Int = 0) -> [String]? {
  guard depth < 32 else { return nil }
  guard let definition = variables.definition("PATH", at: index) else {
    return ["/usr/local/bin", "/usr/local/sbin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
  }
  guard case .env(let env) = definition else { return nil }
  let raw = unquoted(env.value)
  var out = ""
  var chars = Substring(raw)
  while let c = chars.first {
    chars = chars.dropFirst()
    guard c == "$" else {
      out.append(c)
      continue
    }
    let (name, braced, _) = readVariableName(&chars)
    if braced && (name.contains(":") || name.contains("-")) { return nil }
    if name == "PATH" {
      guard let earlier = effectivePath(variables, at: env.instructionIndex, depth: depth + 1) else { return nil }
      out += earlier.joined(separator: ":")
      continue
    }
    guard let value = variables.value(name, at: env.instructionIndex), !value.contains("$") else {
      return nil
    }
    out += value
  }
  return out.split(separator: ":").map { normalisedDirectory(String($0)) }
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

/// Whether a stage chain is an application image: it says how its container starts (CMD or ENTRYPOINT), and
/// that is not just an interactive shell, a bare interpreter or `sleep infinity`. Final stages that are not
/// (development containers, CI images, bases for other images) want their toolchains, and the rules about what
/// ships stay silent on them.
func isApplicationImage(_ model: SemanticModel, chain: [Int]) -> Bool {
  let (entrypoint, cmd) = startupInstructions(model, chain: chain)
  guard entrypoint != nil || cmd != nil else { return false }
  for ins in [entrypoint, cmd].compactMap({ $0 }) {
    guard let words = programWords(ins), let first = words.first else { continue }
    let name = shellBasename(Array(first.utf8))
    if name == "sleep" { return false }
    let isShell = ["sh", "bash", "zsh", "ash", "dash", "fish"].contains(name)
    if (isShell || isVersionedName(name, prefix: "python")) && words.count == 1 && ins.kind == .cmd
      && entrypoint == nil
    {
      return false
    }
  }
  return true
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
