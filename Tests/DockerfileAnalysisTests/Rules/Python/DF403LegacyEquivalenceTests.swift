// The oracle for DF403's cheap steps: the rule as it stood before them (string-wise source checks, a hashed
// table per stage for variables, the stage's installed set copied at every install), verbatim but renamed. The
// rule must report exactly what this one reports.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

/// DF403 as it was before its steps were made cheap (commit f7ee00a), kept as the oracle the rule must agree with.
struct DF403LegacyCopyBeforeDependencyInstall: SequentialRule {
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
    var variables = PythonVariableTracker()
    /// Per named stage (by ordinal): the manifests installed anywhere in it or in the stages it builds on.
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

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<CandidateKey>
  ) {
    let ins = facts.instruction
    switch ins.kind {
    case .from:
      state.variables.startStage(ins, stages: state.stages)
      state.stages.step(ins)
      // What the parent installed, which includes what its own chain installed.
      let current = state.stages.count - 1
      state.installed = state.stages.parents[current].flatMap { state.installedByStage[$0] } ?? PersistentSet()
      state.isNamed = FromInstruction(ins)?.stageName != nil
      if state.isNamed { state.installedByStage[current] = state.installed }
      state.broad = []
      state.named = [:]
    case .arg, .env:
      if ins.kind == .arg { state.stages.step(ins) }
      state.variables.record(ins) { _ in true }
    case .copy, .add:
      guard state.stages.current != nil, let copy = CopyInstruction(ins), copy.from == nil, copy.heredocs.isEmpty
      else { return }
      let arguments = copy.sources
      guard let first = arguments.first, let last = arguments.last else { return }
      let sources = arguments.map(\.string)
      // The COPY as the message quotes it, built only for a copy that may be blamed.
      var text: String {
        (copy.isAdd ? "ADD " : "COPY ")
          + (sources + [copy.destination?.string].compactMap { $0 }).joined(separator: " ")
      }
      let range = first.range.lowerBound..<last.range.upperBound
      let node = ObjectIdentifier(ins.node)
      if sources.contains(where: isBroadSource) {
        state.broad.append(BroadCopy(node: node, installedBefore: state.installed))
        out.candidate(range, key: CandidateKey(node: node, slot: 0, text: text))
      } else {
        var slot = 0
        for name in sources.compactMap(directoryName) where state.named[name] == nil {
          state.named[name] = NamedCopy(node: node, slot: slot, installedNothingBefore: state.installed.isEmpty)
          out.candidate(range, key: CandidateKey(node: node, slot: slot, text: text))
          slot += 1
        }
      }
    case .run:
      guard state.stages.current != nil else { return }
      for command in facts.commands {
        guard let install = pythonInstall(command) else { continue }
        let manifests = manifestKeys(install, variables: state.variables)
        guard !manifests.isEmpty else { continue }
        defer {
          state.installed.formUnion(manifests)
          if state.isNamed, let current = state.stages.current { state.installedByStage[current] = state.installed }
        }
        var blamed: (node: ObjectIdentifier, slot: Int, key: String)?
        if let candidate = state.broad.first,
          let key = manifests.first(where: { isMissing($0, installedBefore: candidate.installedBefore) })
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
  /// the copy (for a project, no dependencies at all were installed before it).
  func isMissing(_ key: String, installedBefore: PersistentSet<String>) -> Bool {
    key == Self.projectKey ? installedBefore.isEmpty : !installedBefore.contains(key)
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
  func manifestKeys(_ install: PythonInstall, variables: PythonVariableTracker) -> [String] {
    switch install.tool {
    case .pip, .uvPip:
      // `uv pip sync` takes its requirement files as operands.
      let files =
        install.requirementFiles + install.constraintFiles + (install.subcommand == "sync" ? install.operands : [])
      var keys = files.compactMap { word -> String? in
        guard let path = legacyExpandedWord(word, variables: variables) else { return nil }
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

/// A shell word's value with `$NAME` and `${NAME}` replaced by the ENV or ARG values the tracker holds; nil when
/// some expansion is not a plain variable with a known value (as `expandedWord(_:variables:at:)` does).
private func legacyExpandedWord(_ word: ShellWord, variables: PythonVariableTracker) -> String? {
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

@Suite("DF403 matches its version before the cheap steps")
struct DF403LegacyEquivalenceTests {
  /// Sources with copies and installs in every arrangement the rule distinguishes.
  static var sources: [String] {
    let marked =
      CopyBeforeDependencyInstallTests.fires + CopyBeforeDependencyInstallTests.silent
      + CopyBeforeDependencyInstallTests.stageFixtures
    return marked.map { String(decoding: markedRanges($0).0, as: UTF8.self) } + DF403StateTests.editedSources + [
      // COPY arguments in every form: JSON, quoted, across continuation lines, with non-ASCII and CR.
      "FROM python:3.12-slim\nCOPY [\".\", \"/app\"]\nRUN pip install -r requirements.txt\n",
      "FROM python:3.12-slim\nCOPY \"src\" \"./\"\nRUN pip install -r requirements.txt\n",
      "FROM python:3.12-slim\nCOPY \\\n  . \\\n  /app\nRUN pip install -r requirements.txt\n",
      "FROM python:3.12-slim\nCOPY s\\\nrc src\nRUN pip install -r requirements.txt\n",
      "FROM python:3.12-slim\nCOPY pké pké\nRUN pip install ./pké\n",
      "FROM python:3.12-slim\nCOPY ./\u{301} .\nRUN pip install -r requirements.txt\n",
      "FROM python:3.12-slim\r\nCOPY . .\r\nRUN pip install -r requirements.txt\r\n",
      "FROM python:3.12-slim\nCOPY --from=build . .\nCOPY --chown=a:b --link src src\nRUN pip install -r r.txt\n",
      "FROM python:3.12-slim\nCOPY --from . .\nRUN pip install -r r.txt\n",
      "FROM python:3.12-slim\nCOPY <<EOF /a\nx\nEOF\nCOPY . .\nRUN pip install --no-deps=1 . && pip install -r a.txt\n",
      "FROM python:3.12-slim\nCOPY . .\nRUN sudo -u app pip install -r r.txt && hatch run pip install -r s.txt\n",
      "FROM python:3.12-slim\nCOPY . .\nRUN poetry install --only-root && rye run pip install -r t.txt\n",
      "FROM python:3.12-slim\nARG R=/x/req.txt\nCOPY . .\nRUN pip install -c ${R} -r \"$R\"\n",
      "FROM python:3.12-slim AS a\nENV A=a.txt\nARG A=b.txt\nFROM a AS b\nCOPY . .\nRUN pip install -r $A\n"
        + "FROM b\nENV A=c.txt\nRUN pip install -r $A\nFROM A\nCOPY app app\nRUN pip install -e ./app\n",
    ]
  }

  static func compare(_ bytes: [UInt8], _ label: String) {
    let now = PythonSequentialEquivalenceTests.findings(CopyBeforeDependencyInstall(), bytes)
    let before = PythonSequentialEquivalenceTests.findings(DF403LegacyCopyBeforeDependencyInstall(), bytes)
    #expect(now == before, "\(label)\n\(String(decoding: bytes, as: UTF8.self))")
  }

  @Test func sourcesAndTheirVariants() {
    let sources = Self.sources
    var reporting = 0
    for (n, source) in sources.enumerated() {
      Self.compare(Array(source.utf8), "source \(n)")
      if !PythonSequentialEquivalenceTests.findings(CopyBeforeDependencyInstall(), Array(source.utf8)).isEmpty {
        reporting += 1
      }
      for v in PythonSequentialEquivalenceTests.variants(source, count: 30, seed: UInt64(n)) {
        Self.compare(Array(v.utf8), "variant of \(n)")
      }
      // Joined with another source, so that stages of one build on the other's.
      let other = sources[(n * 7 + 3) % sources.count]
      let joined = source + other.replacingOccurrences(of: "FROM python:3.12-slim\n", with: "FROM build\n")
      for v in [joined] + PythonSequentialEquivalenceTests.variants(joined, count: 10, seed: UInt64(n) + 1000) {
        Self.compare(Array(v.utf8), "joined \(n)")
      }
    }
    // The comparison means something only if the rule reports on many of them.
    #expect(reporting >= 20)
  }

  @Test func realCorpus() throws {
    let directory = "/work/shared/corpus/real"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for (n, name) in names.filter({ $0.hasSuffix(".Dockerfile") }).sorted().enumerated() {
      let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
      Self.compare([UInt8](data), name)
      let source = String(decoding: data, as: UTF8.self)
      for v in PythonSequentialEquivalenceTests.variants(source, count: 5, seed: UInt64(n)) {
        Self.compare(Array(v.utf8), name + " variant")
      }
    }
  }
}
