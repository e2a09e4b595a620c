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
public struct VenvNotOnPath: Rule {
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

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard let final = model.finalStage else { return }
    let bases = context.stageBases
    let chain = bases.chain(final.index)
    guard bases.images[final.index]?.hasStandardPath == true else { return }
    guard let program = startupProgram(model, chain: chain), !program.isPath else { return }
    let isInterpreter = isVersionedName(program.name, prefix: "python")
    let isScript = pythonConsoleScripts.contains(program.name)
    guard isInterpreter || isScript else { return }
    let end = model.instructions.count
    let variables = Variables(model)
    if let pythonPath = variables.value("PYTHONPATH", at: end), !pythonPath.isEmpty { return }
    guard let path = effectivePath(variables, at: end) else { return }
    func onPath(_ bin: String) -> Bool { path.contains(normalisedDirectory(bin)) }
    func anyOnPath(endingWith suffix: String) -> Bool { path.contains { $0.hasSuffix(suffix) } }

    var sourceDirectories: [Int: StagePackageDirectories] = [:]
    var createdVenvs: Set<String> = []
    for stageIndex in chain {
      createdVenvs.formUnion(StagePackageDirectories(stage: model.stages[stageIndex], context: context).venvs)
    }
    for stageIndex in chain.reversed() {
      for index in model.stages[stageIndex].instructionIndices {
        let ins = model.instructions[index]
        if ins.kind == .copy, let copy = CopyInstruction(ins), let from = copy.from?.stringValue,
          let source = model.stage(named: from), let destination = copy.destination?.string,
          destination.hasPrefix("/"), !destination.contains("$")
        {
          if sourceDirectories[source.index] == nil {
            sourceDirectories[source.index] = StagePackageDirectories(stage: source, context: context)
          }
          guard let directories = sourceDirectories[source.index] else { continue }
          for argument in copy.sources {
            let kind = packageDirectoryKind(argument.string, in: directories)
            let dir = normalisedDirectory(destination)
            if kind == .venv, !onPath(dir + "/bin") {
              report(argument.range, venvMessage(dir, program.name))
              return
            }
            if kind == .userBase, isScript, !onPath(dir + "/bin") {
              report(argument.range, userMessage(dir, program.name))
              return
            }
          }
        }
        guard ins.kind == .run else { continue }
        for command in context.shellCommands(ofInstructionAt: index) {
          guard let install = pythonInstall(command) else { continue }
          if install.tool == .uvSync {
            let environment = variables.value("UV_PROJECT_ENVIRONMENT", at: index)
            let covered =
              environment.map { $0.contains("$") || onPath(normalisedDirectory($0) + "/bin") }
              ?? anyOnPath(endingWith: ".venv/bin")
            if !covered {
              report(install.headRange, venvMessage(environment ?? ".venv", program.name))
              return
            }
          }
          if install.isUser, isScript, !anyOnPath(endingWith: ".local/bin"),
            variables.value("PYTHONUSERBASE", at: index) == nil, let flag = install.flag("--user")
          {
            report(flag.range, userMessage("~/.local", program.name))
            return
          }
          // A venv created in the chain and filled through its own bin/pip or bin/python.
          if let first = command.effectiveWords.first, first.isLiteral, install.tool == .pip {
            let text = first.stringValue
            if text.hasPrefix("/"), let slash = text.lastIndex(of: "/") {
              let bin = String(text[..<slash])
              let venv = String(bin.dropLast(4))
              if bin.hasSuffix("/bin"), createdVenvs.contains(venv), !onPath(bin) {
                report(first.range, venvMessage(venv, program.name))
                return
              }
            }
          }
        }
      }
    }
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
