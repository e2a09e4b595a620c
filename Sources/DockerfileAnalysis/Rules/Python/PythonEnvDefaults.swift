// DF412 python-env-defaults (off by default).
//
// Two environment variables are conventional in Python images. PYTHONUNBUFFERED=1 makes stdout and stderr
// unbuffered: without a terminal (the usual case for `docker run` without `-t`), Python buffers stdout in blocks, so
// log lines appear late or are lost when the container is killed. PYTHONDONTWRITEBYTECODE=1 stops Python from
// writing `__pycache__` files at run time into a container's writable layer, where they are thrown away with the
// container. The rule is off by default: the second is a trade-off (bytecode compiled at build time speeds up
// start-up, and some images precompile on purpose), and logging setups that flush explicitly do not need the first.
import DockerfileSyntax

/// Reports a Python final stage that sets neither or only one of PYTHONUNBUFFERED and PYTHONDONTWRITEBYTECODE.
public struct PythonEnvDefaults: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF412.
  public let descriptor = RuleDescriptor(
    code: "DF412", name: "python-env-defaults", aliases: [], severity: .hint, category: .python,
    summary: "The final Python stage does not set PYTHONUNBUFFERED and PYTHONDONTWRITEBYTECODE",
    documentation: RuleDocumentation(
      why: """
        Without a terminal Python buffers stdout in blocks, so a container's log lines show up late or are lost \
        when it is stopped; PYTHONUNBUFFERED=1 writes them at once. PYTHONDONTWRITEBYTECODE=1 keeps Python from \
        writing __pycache__ files into the container's writable layer at run time. Off by default: precompiled \
        bytecode speeds up start-up, so some images want the opposite.
        """,
      bad: """
        FROM python:3.12-slim
        COPY app.py .
        USER nobody
        CMD ["python", "app.py"]

        """,
      good: """
        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        WORKDIR /app
        COPY app.py .
        USER nobody
        CMD ["python", "app.py"]

        """),
    enabledByDefault: false)

  /// The two variables.
  static let names: Set<String> = ["PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"]

  /// The stages seen so far, per stage the CMD and ENTRYPOINT in force, and the two variables' definitions.
  public struct State: Equatable, Sendable {
    var stages = StageTracker()
    var starts: [StageStart] = []
    var variables = StageVariableScope(tracking: PythonEnvDefaults.names)
  }

  /// FROM, ARG and ENV for the stages and variables, and what says how the container starts.
  public var stepKinds: Set<InstructionKind>? { [.from, .arg, .env, .cmd, .entrypoint] }

  public func initialState(_ file: FileFacts) -> State { State() }

  /// Each FROM's image is a candidate (keyed by its stage), decided once the final stage is known.
  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    if ins.kind == .from {
      let literalParent = state.stages.literalParentStage(of: ins)
      state.stages.step(ins)
      guard let stage = state.stages.current else { return }
      let from = FromInstruction(ins)
      state.variables.startStage(stage, named: from?.stageName != nil, literalParent: literalParent)
      state.starts.append(state.stages.parents[stage].map { state.starts[$0] } ?? StageStart())
      if let range = from?.image?.range { out.candidate(range, key: stage) }
      return
    }
    state.stages.step(ins)
    guard !state.starts.isEmpty else { return }
    state.variables.read(ins)
    state.starts[state.starts.count - 1].read(ins)
  }

  /// Reported on the final stage's FROM when that Python application image misses either variable.
  public func resolve(_ key: Int, _ state: State) -> String? {
    guard let final = state.stages.current, key == final, state.starts[final].isApplicationImage,
      let image = state.stages.images[final], !image.isWindows, image.isOfficialPython || image.pythonVersion != nil
    else { return nil }
    var missing: [String] = []
    for name in ["PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"] {
      guard case .env(let value) = state.variables.definition(name), !unquoted(value).isEmpty else {
        missing.append(name)
        continue
      }
    }
    guard !missing.isEmpty else { return nil }
    return "the final stage does not set \(missing.map { "\($0)=1" }.joined(separator: " or ")): "
      + (missing.contains("PYTHONUNBUFFERED") ? "log output is block-buffered without a terminal" : "")
      + (missing.count == 2 ? " and " : "")
      + (missing.contains("PYTHONDONTWRITEBYTECODE") ? "Python writes __pycache__ files at run time" : "")
  }
}
