// DF403 copy-before-dependency-install.
//
// Docker reuses a layer only while everything before it is unchanged. A `COPY . .` (or a copy of the source
// tree) before the RUN that installs dependencies makes any source edit invalidate that RUN, so each rebuild
// downloads and installs every dependency again. The cache-friendly order copies the manifest alone
// (`requirements.txt`, `pyproject.toml` with its lock file, `Pipfile.lock`), installs the dependencies, and only
// then copies the source (installing the project itself with `--no-deps`, `uv sync`, `poetry install`). An install
// that comes after the broad COPY is fine when the same manifest was already installed before it in the stage (or
// in a stage it builds on): then only the project, or nothing new, is installed. ONBUILD instructions run in a
// child build, in an order this file does not show, and are not judged.
import DockerfileSyntax

/// Reports a broad COPY of the source that comes before a dependency install in the same stage.
public struct CopyBeforeDependencyInstall: Rule {
  /// Creates the rule.
  public init() {}

  /// DF403.
  public let descriptor = RuleDescriptor(
    code: "DF403", name: "copy-before-dependency-install", aliases: [], severity: .warning, category: .cache,
    summary: "The source is copied before the dependencies are installed, so every edit reinstalls them",
    documentation: RuleDocumentation(
      why: """
        A layer is rebuilt whenever anything before it changes. Copying the whole source (COPY . .) before the RUN \
        that installs dependencies means that any edit to any file reruns the install: every rebuild downloads and \
        installs all dependencies again. Copy the manifest first (requirements.txt, or pyproject.toml with its lock \
        file), install the dependencies, and copy the rest afterwards; then install the project itself without its \
        dependencies (pip install --no-deps ., uv sync, poetry install).
        """,
      bad: """
        FROM python:3.12-slim
        WORKDIR /app
        COPY . .
        RUN pip install --no-cache-dir -r requirements.txt

        """,
      good: """
        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        WORKDIR /app
        COPY requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt
        COPY . .
        USER nobody
        CMD ["python", "main.py"]

        """))

  /// Source directories that hold a project's code by convention.
  static let sourceDirectories: Set<String> = ["src", "app", "lib", "source", "sources", "code"]

  /// A COPY that may bust the install layer, with what the stage had installed before it.
  struct Candidate {
    var range: Range<Int>
    var text: String
    var installedBefore: Set<String>
    var reported = false
  }

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard !model.stages.isEmpty else { return }
    let bases = context.stageBases
    let variables = Variables(model)
    var lines: LineIndex?
    // Per stage: the manifests installed anywhere in it (for stages built on it).
    var installedByStage: [Set<String>] = Array(repeating: [], count: model.stages.count)
    for stage in model.stages {
      var installed: Set<String> = []
      // What the parent installed, which includes what its own chain installed.
      if let parent = bases.parents[stage.index] { installed = installedByStage[parent] }
      // Copies of the whole context or a source directory, in order. Each one's `installedBefore` contains the
      // previous one's, so only the first not yet reported can fire.
      var broad: [Candidate] = []
      var nextBroad = 0
      // Copies of named directories, which count only for an install of a project at that path (`COPY pkg pkg`
      // before `pip install ./pkg`); the first copy of each name.
      var named: [String: Candidate] = [:]
      for index in stage.instructionIndices {
        let ins = model.instructions[index]
        if ins.kind == .copy || ins.kind == .add {
          guard let copy = CopyInstruction(ins), copy.from == nil, copy.heredocs.isEmpty,
            let first = copy.sources.first, let last = copy.sources.last
          else { continue }
          let sources = copy.sources.map(\.string)
          let text =
            (copy.isAdd ? "ADD " : "COPY ")
            + (sources + [copy.destination?.string].compactMap { $0 }).joined(separator: " ")
          let candidate = Candidate(
            range: first.range.lowerBound..<last.range.upperBound, text: text, installedBefore: installed)
          if sources.contains(where: isBroadSource) {
            broad.append(candidate)
          } else {
            for name in sources.compactMap(directoryName) where named[name] == nil { named[name] = candidate }
          }
          continue
        }
        guard ins.kind == .run else { continue }
        for command in context.shellCommands(ofInstructionAt: index) {
          guard let install = pythonInstall(command) else { continue }
          let manifests = manifestKeys(install, variables: variables, at: index)
          guard !manifests.isEmpty else { continue }
          defer { installed.formUnion(manifests) }
          var blamed: (candidate: Candidate, key: String)?
          if nextBroad < broad.count {
            let candidate = broad[nextBroad]
            if let key = manifests.first(where: { isMissing($0, before: candidate) }) {
              blamed = (candidate, key)
              nextBroad += 1
            }
          }
          if blamed == nil, manifests.contains(Self.projectKey) {
            let names = (install.operands + install.editables).filter(isLocalProject).compactMap(projectName)
            for name in names {
              guard let candidate = named[name], !candidate.reported, isMissing(Self.projectKey, before: candidate)
              else { continue }
              named[name]?.reported = true
              blamed = (candidate, Self.projectKey)
              break
            }
          }
          guard let blamed else { continue }
          if lines == nil { lines = LineIndex(model.tree.source) }
          let line = lines?.line(of: install.headRange.lowerBound) ?? 0
          report(
            blamed.candidate.range,
            "`\(blamed.candidate.text)` comes before `\(display(install))` on line \(line), so every source edit "
              + "reinstalls the dependencies; \(advice(install, key: blamed.key))")
        }
      }
      installedByStage[stage.index] = installed
    }
  }

  /// Whether an install reading `key` redoes work because of a copy: nothing installed the same manifest before
  /// the copy (for a project, no dependencies at all were installed before it).
  func isMissing(_ key: String, before candidate: Candidate) -> Bool {
    key == Self.projectKey ? candidate.installedBefore.isEmpty : !candidate.installedBefore.contains(key)
  }

  /// The name of a directory-like COPY source (`kserve`, `pkg/`): one path component without a dot, not a
  /// manifest or a glob; nil otherwise.
  func directoryName(_ source: String) -> String? {
    var s = Substring(source)
    while s.hasPrefix("./") { s = s.dropFirst(2) }
    if s.hasSuffix("/") { s = s.dropLast() }
    guard !s.isEmpty, !s.contains("/"), !s.contains("."), !s.contains("$") else { return nil }
    guard !s.contains(where: { "*?[".contains($0) }), !s.hasPrefix("requirements") else { return nil }
    return String(s)
  }

  /// The last path component of a project operand (`./kserve` → `kserve`, `.[dev]` → nil).
  func projectName(_ word: ShellWord) -> String? {
    var text = Substring(word.stringValue)
    if let bracket = text.firstIndex(of: "[") { text = text[..<bracket] }
    while text.hasSuffix("/") { text = text.dropLast() }
    let last = text.split(separator: "/").last.map(String.init) ?? ""
    return last.isEmpty || last == "." || last == ".." ? nil : last
  }

  /// The key under which installs of a project (pyproject.toml, setup.py, Pipfile) are recorded.
  static let projectKey = "<project>"

  /// Whether a COPY source is the whole context or a source directory.
  func isBroadSource(_ source: String) -> Bool {
    guard !source.contains("$") else { return false }
    var s = Substring(source)
    while s.hasPrefix("./") { s = s.dropFirst(2) }
    while s.hasPrefix("/") { s = s.dropFirst() }
    let trimmed = s.hasSuffix("/") ? s.dropLast() : s
    if trimmed.isEmpty || trimmed == "." || trimmed == "*" { return true }
    return !trimmed.contains("/") && Self.sourceDirectories.contains(String(trimmed))
  }

  /// The manifests an install reads: requirement and constraint files by base name, or the project.
  func manifestKeys(_ install: PythonInstall, variables: Variables, at index: Int) -> [String] {
    switch install.tool {
    case .pip, .uvPip:
      // `uv pip sync` takes its requirement files as operands.
      let files =
        install.requirementFiles + install.constraintFiles + (install.subcommand == "sync" ? install.operands : [])
      var keys = files.compactMap { word -> String? in
        guard let path = expandedWord(word, variables: variables, at: index) else { return nil }
        let name = shellBasename(Array(path.utf8))
        return name.isEmpty ? nil : name
      }
      if !install.isNoDeps, install.subcommand != "sync",
        (install.operands + install.editables).contains(where: isLocalProject)
      {
        keys.append(Self.projectKey)
      }
      return keys
    case .uvSync, .pdm:
      return [Self.projectKey]
    case .poetry:
      return install.isNoDeps ? [] : [Self.projectKey]
    case .pipenv:
      // `pipenv install requests` adds a package; without operands it installs the Pipfile.
      return install.operands.isEmpty ? [Self.projectKey] : []
    }
  }

  /// Whether an operand names a local project directory (`.`, `./pkg`, `/app`, `.[dev]`), not an archive or glob.
  func isLocalProject(_ word: ShellWord) -> Bool {
    // Extras (`.[dev]`) make the word a glob to the shell; only expansions and wildcards rule it out.
    let text = word.stringValue
    guard !text.contains(where: { "$`*?".contains($0) }) else { return false }
    guard text.hasPrefix(".") || text.hasPrefix("/") else { return false }
    for suffix in [".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2"] where text.hasSuffix(suffix) { return false }
    return true
  }

  /// The install as written, shortened for a message.
  func display(_ install: PythonInstall) -> String {
    let full = ([install.headText] + install.arguments.map(\.stringValue)).joined(separator: " ")
    return full.count > 60 ? String(full.prefix(57)) + "..." : full
  }

  /// What to do instead, for the tool that installs.
  func advice(_ install: PythonInstall, key: String) -> String {
    if key != Self.projectKey {
      return "copy \(key) first and install from it before copying the rest"
    }
    switch install.tool {
    case .uvSync:
      return "copy pyproject.toml and uv.lock first and run `uv sync --no-install-project` before copying the rest"
    case .poetry:
      return "copy pyproject.toml and poetry.lock first and run `poetry install --no-root` before copying the rest"
    case .pipenv:
      return "copy Pipfile and Pipfile.lock first and install them before copying the rest"
    case .pdm:
      return "copy pyproject.toml and pdm.lock first and run `pdm install --no-self` before copying the rest"
    case .pip, .uvPip:
      return "copy the manifest (pyproject.toml, requirements.txt) first and install the dependencies before copying "
        + "the rest, then install the project with --no-deps"
    }
  }
}
