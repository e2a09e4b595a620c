// DF410 venv-not-on-path.
//
// A virtual environment is used by running its own `bin/python` (or putting its `bin` first on PATH); a `python`
// or `gunicorn` found elsewhere on PATH is the system one, which does not see the venv's packages. So a venv
// copied into the final stage (`COPY --from=build /opt/venv /opt/venv`), one filled through its own `bin/pip`, or
// the `.venv` that `uv sync` creates, is dead weight when the container starts `python app.py` without
// `ENV PATH="/opt/venv/bin:$PATH"`. The same goes for `pip install --user` (or a copied `~/.local`) and console
// scripts such as `gunicorn`, which land in `~/.local/bin`. Only a start command that resolves through PATH is
// judged (a bare `python`, `python3.12` or a known console script); absolute paths, scripts and shells are not.
// PATH is read from ENV (with `$PATH` and other variables expanded) on top of the standard PATH of official and
// distroless base images; on any other base the image's own PATH is unknown, so nothing is said.
import DockerfileSyntax

/// Reports a venv or user install in the final stage whose `bin` is not on PATH for the start command.
public struct VenvNotOnPath: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF410.
  public let descriptor = RuleDescriptor(
    code: "DF410", name: "venv-not-on-path", aliases: [], severity: .warning, category: .python,
    summary: "The final stage's virtual environment (or ~/.local) is not on PATH, so the start command misses it",
    documentation: RuleDocumentation(
      why: """
        A virtual environment is used by running its own bin/python, usually by putting its bin directory first on \
        PATH. When the final stage copies or creates a venv but the container starts `python app.py` (or \
        `gunicorn`) without ENV PATH="/opt/venv/bin:$PATH", the system interpreter runs and none of the venv's \
        packages are importable. Console scripts from pip install --user land in ~/.local/bin, which is not on \
        PATH either.
        """,
      bad: """
        FROM python:3.12-slim AS build
        RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir flask==3.0.3

        FROM python:3.12-slim
        COPY --from=build /opt/venv /opt/venv
        COPY app.py .
        CMD ["python", "app.py"]

        """,
      good: """
        FROM python:3.12-slim AS build
        RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir flask==3.0.3

        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        WORKDIR /app
        COPY --from=build /opt/venv /opt/venv
        ENV PATH="/opt/venv/bin:$PATH"
        COPY app.py .
        USER nobody
        CMD ["python", "app.py"]

        """))

  /// Something in a stage that leaves packages off PATH if the stage turns out to be in the final chain: the
  /// first of them in the chain (stages from the top of the chain down, instructions in order) that does so,
  /// once PATH and the start command are known, is reported.
  enum Event: Hashable, Sendable {
    /// A COPY source from stage `from` (as written) copied to the absolute `directory`.
    case copy(from: String, path: String, directory: String)
    /// `uv sync`, with `UV_PROJECT_ENVIRONMENT` as it was then.
    case uvSync(environment: String?)
    /// `pip install --user`, and whether `PYTHONUSERBASE` was set then.
    case userInstall(userBaseSet: Bool)
    /// A pip run through `<venv>/bin/pip`.
    case venvPip(venv: String)
  }

  /// The stages seen so far; per stage the CMD and ENTRYPOINT in force, its own package directories and its
  /// events (each distinct one once, since a repeated one never comes first); the variables of the current
  /// stage (PATH resolved); the first stage of each name.
  public struct State: Equatable, Sendable {
    var stages = StageTracker()
    var starts: [StageStart] = []
    var directories: [StagePackageDirectories] = []
    var events: [[Event]] = []
    var variables = StageVariableScope(tracking: nil, resolvesPath: true)
    /// Lower-cased stage name → the first stage with that name (how `COPY --from` finds a stage).
    var firstStageByName: [String: Int] = [:]
  }

  /// An event: its stage and its position among the stage's events.
  public struct Candidate: Hashable, Sendable {
    var stage: Int
    var event: Int
  }

  /// Every instruction that can define a variable, start a stage, create or copy packages, or start the container.
  public var stepKinds: Set<InstructionKind>? { [.from, .arg, .env, .run, .copy, .cmd, .entrypoint] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func attach(_ reads: KeyReads, to state: inout State) { state.variables.reads.reads = reads }

  /// States that differ only in variables no later instruction reads lead to the same results.
  public func keyedDifference(_ a: State, _ b: State) -> Set<String>? {
    var difference = KeyedDifference()
    difference.require(
      a.stages == b.stages && a.starts == b.starts && a.directories == b.directories && a.events == b.events
        && a.firstStageByName == b.firstStageByName)
    a.variables.addDifference(from: b.variables, to: &difference)
    return difference.result
  }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Candidate>
  ) {
    let ins = facts.instruction
    if ins.kind == .from {
      let literalParent = state.stages.literalParentStage(of: ins)
      state.stages.step(ins)
      guard let stage = state.stages.current else { return }
      let name = FromInstruction(ins)?.stageName?.string
      state.variables.startStage(stage, named: name != nil, literalParent: literalParent)
      state.starts.append(state.stages.parents[stage].map { state.starts[$0] } ?? StageStart())
      state.directories.append(StagePackageDirectories())
      state.events.append([])
      if let lower = name?.lowercased(), state.firstStageByName[lower] == nil { state.firstStageByName[lower] = stage }
      return
    }
    state.stages.step(ins)
    guard let stage = state.stages.current else { return }
    func record(_ event: Event, _ range: Range<Int>) {
      guard !state.events[stage].contains(event) else { return }
      out.candidate(range, key: Candidate(stage: stage, event: state.events[stage].count))
      state.events[stage].append(event)
    }
    switch ins.kind {
    case .arg, .env:
      state.variables.read(ins)
      state.directories[stage].read(facts)
    case .cmd, .entrypoint:
      state.starts[stage].read(ins)
    case .copy:
      guard let copy = CopyInstruction(ins), let from = copy.from?.stringValue,
        let destination = copy.destination?.string, destination.hasPrefix("/"), !destination.contains("$")
      else { return }
      let directory = normalisedDirectory(destination)
      for argument in copy.sources {
        record(.copy(from: from, path: argument.string, directory: directory), argument.range)
      }
    case .run:
      state.directories[stage].read(facts)
      for (k, command) in facts.commands.enumerated() {
        guard let install = facts.pythonInstall(at: k) else { continue }
        if install.tool == .uvSync {
          record(.uvSync(environment: state.variables.value("UV_PROJECT_ENVIRONMENT")), install.headRange)
        }
        if install.isUser, let flag = install.flag("--user") {
          record(.userInstall(userBaseSet: state.variables.value("PYTHONUSERBASE") != nil), flag.range)
        }
        if let first = command.effectiveWords.first, first.isLiteral, install.tool == .pip {
          let text = first.stringValue
          if text.hasPrefix("/"), let slash = text.lastIndex(of: "/") {
            let bin = String(text[..<slash])
            if bin.hasSuffix("/bin") { record(.venvPip(venv: String(bin.dropLast(4))), first.range) }
          }
        }
      }
    default:
      break
    }
  }

  /// Reported when the event is the first one in the final chain that leaves packages off PATH for a start
  /// command that resolves through PATH.
  public func resolve(_ key: Candidate, _ state: State) -> String? {
    guard let final = state.stages.current, state.stages.images[final]?.hasStandardPath == true,
      let program = state.starts[final].program, !program.isPath
    else { return nil }
    let isInterpreter = isVersionedName(program.name, prefix: "python")
    let isScript = pythonConsoleScripts.contains(program.name)
    guard isInterpreter || isScript else { return nil }
    if let pythonPath = state.variables.value("PYTHONPATH"), !pythonPath.isEmpty { return nil }
    guard let path = state.variables.effectivePath else { return nil }
    let chain = state.stages.chain(final)
    guard chain.contains(key.stage) else { return nil }
    func onPath(_ bin: String) -> Bool { path.contains(normalisedDirectory(bin)) }
    func anyOnPath(endingWith suffix: String) -> Bool { path.contains { $0.hasSuffix(suffix) } }
    var createdVenvs: Set<String>?

    /// The message when an event leaves packages off PATH.
    func message(_ event: Event) -> String? {
      switch event {
      case .copy(let from, let sourcePath, let directory):
        let lower = from.lowercased()
        let source: Int
        if let named = state.firstStageByName[lower] {
          source = named
        } else if let n = Int(from), n >= 0, n < state.stages.count {
          source = n
        } else {
          return nil
        }
        let kind = packageDirectoryKind(sourcePath, in: state.directories[source])
        if kind == .venv, !onPath(directory + "/bin") { return venvMessage(directory, program.name) }
        if kind == .userBase, isScript, !onPath(directory + "/bin") { return userMessage(directory, program.name) }
        return nil
      case .uvSync(let environment):
        let covered =
          environment.map { $0.contains("$") || onPath(normalisedDirectory($0) + "/bin") }
          ?? anyOnPath(endingWith: ".venv/bin")
        return covered ? nil : venvMessage(environment ?? ".venv", program.name)
      case .userInstall(let userBaseSet):
        guard isScript, !anyOnPath(endingWith: ".local/bin"), !userBaseSet else { return nil }
        return userMessage("~/.local", program.name)
      case .venvPip(let venv):
        if createdVenvs == nil { createdVenvs = chain.reduce(into: []) { $0.formUnion(state.directories[$1].venvs) } }
        guard createdVenvs?.contains(venv) == true, !onPath(venv + "/bin") else { return nil }
        return venvMessage(venv, program.name)
      }
    }

    for stage in chain.reversed() {
      for (index, event) in state.events[stage].enumerated() {
        guard let text = message(event) else { continue }
        return stage == key.stage && index == key.event ? text : nil
      }
    }
    return nil
  }

  /// The message for a venv whose bin is not on PATH.
  func venvMessage(_ directory: String, _ program: String) -> String {
    let effect =
      isVersionedName(program, prefix: "python")
      ? "`\(program)` at start-up is the system interpreter, which does not see the venv's packages"
      : "`\(program)` at start-up is looked for outside the venv"
    return "the virtual environment \(directory) is not on PATH, so \(effect); add ENV PATH=\"\(directory)/bin:$PATH\""
  }

  /// The message for a user base whose bin is not on PATH.
  func userMessage(_ directory: String, _ program: String) -> String {
    "\(directory)/bin, where pip --user puts `\(program)`, is not on PATH; add it with ENV PATH or install into a "
      + "virtual environment"
  }
}
