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
public struct CopyBeforeDependencyInstall: SequentialRule {
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

  /// What the rule remembers. Per stage: what it installed (for the stages built on it), the copies that may
  /// still be blamed; for the whole file: the copies an install blamed, by node, with the rest of the message.
  public struct State: Equatable, Sendable {
    var stages = StageTracker()
    var variables = DF403Variables()
    /// Per finished named stage (by ordinal): the manifests installed anywhere in it or in the stages it builds
    /// on. A stage is entered here when the next FROM ends it, since only a later stage can build on it; keeping
    /// the current stage's copy up to date would make every install copy the set's path of buckets.
    var installedByStage: [Int: PersistentSet<String>] = [:]
    /// Whether the current stage has a name (only named stages can be built on).
    var isNamed = false
    /// The manifests the current stage (and its chain) installed so far.
    var installed = PersistentSet<String>()
    /// The current stage's copies of the whole context or a source directory not yet blamed, in order. Each
    /// one's `installedBefore` contains the previous one's, so only the first can be blamed next.
    var broad: [BroadCopy] = []
    /// The current stage's first copy of each named directory, which counts only for an install of a project at
    /// that path (`COPY pkg pkg` before `pip install ./pkg`).
    var named: [String: NamedCopy] = [:]
    /// COPY node → what follows the COPY's text in each message blaming it, in the order of the slots.
    var blamed: [ObjectIdentifier: [Int: String]] = [:]
    /// Where lookups of a manifest are noted (see `KeyedState.swift`).
    var reads = KeyReadsLink()
  }

  /// A broad COPY that an install may still blame, with what the stage had installed before it.
  struct BroadCopy: Equatable, Sendable {
    var node: ObjectIdentifier
    var installedBefore: PersistentSet<String>
  }

  /// The first COPY of a named directory: its node, its candidate slot, and whether anything was installed before.
  struct NamedCopy: Equatable, Sendable {
    var node: ObjectIdentifier
    var slot: Int
    var installedNothingBefore: Bool
    var reported = false
  }

  /// A COPY that an install may blame: its node, which of its possible findings this is, and its text.
  public struct CandidateKey: Hashable, Sendable {
    var node: ObjectIdentifier
    var slot: Int
    var text: String
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .arg, .env, .copy, .add, .run] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func attach(_ reads: KeyReads, to state: inout State) {
    state.reads.reads = reads
    state.variables.reads.reads = reads
  }

  /// States that differ only in variables or installed manifests that no later instruction looks up lead to the
  /// same results.
  public func keyedDifference(_ a: State, _ b: State) -> Set<String>? {
    var difference = KeyedDifference()
    difference.require(
      a.stages == b.stages && a.isNamed == b.isNamed && a.named == b.named && a.broad.count == b.broad.count
        && zip(a.broad, b.broad).allSatisfy { $0.node == $1.node } && a.blamed == b.blamed)
    for (x, y) in zip(a.broad, b.broad) { difference.add(manifests: x.installedBefore, y.installedBefore) }
    difference.add(manifests: a.installed, b.installed)
    difference.add(a.installedByStage, b.installedByStage) { $0.add(manifests: $1, $2) }
    a.variables.addDifference(from: b.variables, to: &difference)
    return difference.result
  }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<CandidateKey>
  ) {
    let ins = facts.instruction
    switch ins.kind {
    case .from:
      state.variables.startStage(ins, stages: state.stages)
      // The stage that ends here is complete: the stages built on it start from what it installed.
      if state.isNamed, let ended = state.stages.current { state.installedByStage[ended] = state.installed }
      state.stages.step(ins)
      // What the parent installed, which includes what its own chain installed.
      let current = state.stages.count - 1
      state.installed = state.stages.parents[current].flatMap { state.installedByStage[$0] } ?? PersistentSet()
      state.isNamed = FromInstruction(ins)?.stageName != nil
      state.broad = []
      state.named = [:]
    case .arg, .env:
      if ins.kind == .arg { state.stages.step(ins) }
      state.variables.record(ins)
    case .copy, .add:
      guard state.stages.current != nil, ins.syntax.heredocs.isEmpty, !hasFromFlag(ins) else { return }
      // Every argument but the last is a source; a COPY without one copies nothing.
      let sourceCount = ins.argumentCount - 1
      guard sourceCount >= 1 else { return }
      // A plain word of a one-line instruction is its source text as it stands; other arguments (JSON strings,
      // quoted words, words across continuation lines) are built as BuildKit reads them.
      let single = ins.node.segmentCount == 1
      let sources = (0..<sourceCount).map { i -> ArraySlice<UInt8> in
        let a = ins.syntax.arguments[i]
        if single && a.kind == .word && !a.range.isEmpty { return ins.source[ins.sourceRange(a.range)] }
        return (ins.argument(i)?.value ?? [])[...]
      }
      // The COPY as the message quotes it, and the range from its first to its last source, built only for a
      // copy that may be blamed.
      var text: String {
        let arguments = ins.arguments
        return (ins.kind == .add ? "ADD " : "COPY ") + arguments.map(\.string).joined(separator: " ")
      }
      var range: Range<Int> {
        ins.sourceRange(ins.syntax.arguments[0].range)
          .lowerBound..<ins.sourceRange(ins.syntax.arguments[sourceCount - 1].range).upperBound
      }
      let node = ObjectIdentifier(ins.node)
      if sources.contains(where: isBroadSource) {
        state.broad.append(BroadCopy(node: node, installedBefore: state.installed))
        out.candidate(range, key: CandidateKey(node: node, slot: 0, text: text))
      } else {
        var slot = 0
        for name in sources.compactMap(directoryName) where state.named[name] == nil {
          state.reads.note(ObservedKey.anyManifest)
          state.named[name] = NamedCopy(node: node, slot: slot, installedNothingBefore: state.installed.isEmpty)
          out.candidate(range, key: CandidateKey(node: node, slot: slot, text: text))
          slot += 1
        }
      }
    case .run:
      guard state.stages.current != nil else { return }
      for k in facts.commands.indices {
        guard let install = facts.pythonInstall(at: k) else { continue }
        let manifests = manifestKeys(install, variables: state.variables)
        guard !manifests.isEmpty else { continue }
        defer { state.installed.formUnion(manifests) }
        var blamed: (node: ObjectIdentifier, slot: Int, key: String)?
        if let candidate = state.broad.first,
          let key = manifests.first(where: {
            isMissing($0, installedBefore: candidate.installedBefore, reads: state.reads)
          })
        {
          blamed = (candidate.node, 0, key)
          state.broad.removeFirst()
        }
        if blamed == nil, manifests.contains(Self.projectKey) {
          let names = (install.operands + install.editables).filter(isLocalProject).compactMap(projectName)
          for name in names {
            guard let candidate = state.named[name], !candidate.reported, candidate.installedNothingBefore else {
              continue
            }
            state.named[name]?.reported = true
            blamed = (candidate.node, candidate.slot, Self.projectKey)
            break
          }
        }
        guard let blamed else { continue }
        state.blamed[blamed.node, default: [:]][blamed.slot] =
          "comes before `\(display(install))` in the same stage, so every source edit reinstalls the dependencies; "
          + advice(install, key: blamed.key)
      }
    default:
      break
    }
  }

  public func resolve(_ key: CandidateKey, _ state: State) -> String? {
    state.blamed[key.node]?[key.slot].map { "`\(key.text)` \($0)" }
  }

  /// Whether an install reading `key` redoes work because of a copy: nothing installed the same manifest before
  /// the copy (for a project, no dependencies at all were installed before it). Notes what it looked up in `reads`.
  func isMissing(_ key: String, installedBefore: PersistentSet<String>, reads: KeyReadsLink) -> Bool {
    if key == Self.projectKey {
      reads.note(ObservedKey.anyManifest)
      return installedBefore.isEmpty
    }
    reads.note(ObservedKey.manifest(key))
    return !installedBefore.contains(key)
  }

  /// `directoryName` of a source's bytes. Plain ASCII (no CR, which joins a following LF into one character) is
  /// read byte by byte, where characters and bytes coincide; anything else as a string.
  func directoryName(_ source: ArraySlice<UInt8>) -> String? {
    guard isPlainASCII(source) else { return directoryName(String(decoding: source, as: UTF8.self)) }
    var s = source
    while s.starts(with: dotSlash) { s = s.dropFirst(2) }
    if s.last == slash { s = s.dropLast() }
    guard !s.isEmpty, !s.contains(slash), !s.contains(UInt8(ascii: ".")), !s.contains(UInt8(ascii: "$")) else {
      return nil
    }
    guard !s.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }),
      !s.starts(with: "requirements".utf8)
    else { return nil }
    return String(decoding: s, as: UTF8.self)
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

  /// `isBroadSource` of a source's bytes (plain ASCII byte by byte, as `directoryName(_:)` does).
  func isBroadSource(_ source: ArraySlice<UInt8>) -> Bool {
    guard isPlainASCII(source) else { return isBroadSource(String(decoding: source, as: UTF8.self)) }
    guard !source.contains(UInt8(ascii: "$")) else { return false }
    var s = source
    while s.starts(with: dotSlash) { s = s.dropFirst(2) }
    while s.first == slash { s = s.dropFirst() }
    let trimmed = s.last == slash ? s.dropLast() : s
    if trimmed.isEmpty || trimmed.elementsEqual([UInt8(ascii: ".")]) || trimmed.elementsEqual([UInt8(ascii: "*")]) {
      return true
    }
    return !trimmed.contains(slash) && trimmed.count <= 7
      && Self.sourceDirectories.contains(String(decoding: trimmed, as: UTF8.self))
  }

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
  func manifestKeys(_ install: PythonInstall, variables: DF403Variables) -> [String] {
    switch install.tool {
    case .pip, .uvPip:
      var keys: [String] = []
      func add(_ words: [ShellWord]) {
        for word in words {
          // A literal word's base name is read from its bytes: decoding repairs invalid UTF-8 the same way
          // before or after cutting at a slash, since an ASCII byte always ends a sequence.
          let name =
            word.isLiteral
            ? shellBasename(word.value) : expandedWord(word, variables: variables).map { shellBasename(Array($0.utf8)) }
          if let name, !name.isEmpty { keys.append(name) }
        }
      }
      add(install.requirementFiles)
      add(install.constraintFiles)
      // `uv pip sync` takes its requirement files as operands.
      let sync = install.subcommand == "sync"
      if sync { add(install.operands) }
      if !sync, install.operands.contains(where: isLocalProject) || install.editables.contains(where: isLocalProject),
        !isNoDeps(install)
      {
        keys.append(Self.projectKey)
      }
      return keys
    case .uvSync, .pdm:
      return [Self.projectKey]
    case .poetry:
      return isNoDeps(install) ? [] : [Self.projectKey]
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

  /// `install.isNoDeps`, read from the flags' bytes when they are plain ASCII (`PythonInstall.flag` compares
  /// strings, which for ASCII is comparing bytes).
  func isNoDeps(_ install: PythonInstall) -> Bool {
    let name: String.UTF8View
    switch install.tool {
    case .pip, .uvPip: name = "--no-deps".utf8
    case .poetry: name = "--only-root".utf8
    case .uvSync, .pipenv, .pdm: return false
    }
    var unsure = false
    for flag in install.flags {
      let value = flag.value
      guard isPlainASCII(value) else {
        unsure = true
        continue
      }
      // The text before the first `=`, as `flag(_:)` splits it.
      if value.starts(with: name), value.count == name.count || value[name.count] == UInt8(ascii: "=") { return true }
    }
    return unsure ? install.isNoDeps : false
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

/// `/`, and `./`.
private let slash = UInt8(ascii: "/")
private let dotSlash: [UInt8] = [UInt8(ascii: "."), UInt8(ascii: "/")]

/// Whether bytes are ASCII without a carriage return: there every character is one byte (a CR followed by a LF
/// is one character), so string comparisons and byte comparisons agree.
private func isPlainASCII(_ bytes: some Collection<UInt8>) -> Bool {
  !bytes.contains { $0 >= 0x80 || $0 == 0x0D }
}

/// Whether a COPY or ADD has a `--from` flag (it copies from another stage or image, not the context).
private func hasFromFlag(_ ins: Instruction) -> Bool {
  ins.syntax.flags.contains { flag in
    let word = ins.flagText(flag)
    let end = word.firstIndex(of: UInt8(ascii: "=")) ?? word.count
    // `Instruction.flag(_:)` names a flag by its text after `--` and before `=`.
    return end >= 2 && word[2..<end].elementsEqual("from".utf8)
  }
}

/// A shell word's value with `$NAME` and `${NAME}` replaced by the ENV or ARG values the tracker holds; nil when
/// some expansion is not a plain variable with a known value (as `expandedWord(_:variables:at:)` does).
private func expandedWord(_ word: ShellWord, variables: DF403Variables) -> String? {
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
    var name = ""
    if chars.first == "{" {
      chars = chars.dropFirst()
      while let d = chars.first, d != "}" {
        name.append(d)
        chars = chars.dropFirst()
      }
      guard chars.first == "}" else { return nil }
      chars = chars.dropFirst()
    } else {
      while let d = chars.first, d.isLetter || d.isNumber || d == "_" {
        name.append(d)
        chars = chars.dropFirst()
      }
    }
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
      let value = variables.value(name), !value.contains("$")
    else { return nil }
    out += value
  }
  return out
}
