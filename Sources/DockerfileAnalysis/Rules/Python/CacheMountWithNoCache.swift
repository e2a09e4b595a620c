// DF402 pip-cache-mount-with-no-cache-dir.
//
// A BuildKit cache mount on pip's (or uv's) cache directory keeps downloaded and built wheels between builds
// without putting them in the image. `--no-cache-dir` (uv: `--no-cache`, `-n`), or `PIP_NO_CACHE_DIR` /
// `UV_NO_CACHE` in the environment, tells the tool not to use that directory at all, so the mount stays empty and
// every build downloads everything again. The two fixes for DF401 were combined; keep the mount and drop the
// switch. pip disables its cache when `PIP_NO_CACHE_DIR` holds any valid boolean, `0` and `off` included (a
// backwards-compatibility quirk), while uv reads `UV_NO_CACHE` as a boolean. `ONBUILD RUN` is checked too: the
// child build runs it with the same mount and switch.
import DockerfileSyntax

/// Reports a cache switch that makes a cache mount on the same tool's cache useless.
public struct CacheMountWithNoCache: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF402.
  public let descriptor = RuleDescriptor(
    code: "DF402", name: "pip-cache-mount-with-no-cache-dir", aliases: [], severity: .warning, category: .python,
    summary: "A cache mount on pip's or uv's cache is defeated by --no-cache-dir or a no-cache variable",
    documentation: RuleDocumentation(
      why: """
        A BuildKit cache mount on pip's cache (/root/.cache/pip) or uv's (/root/.cache/uv) keeps wheels between \
        builds without adding them to the image. --no-cache-dir (uv: --no-cache), PIP_NO_CACHE_DIR (any value, \
        even 0 or off) or a true UV_NO_CACHE tells the tool to ignore its cache, so the mount stays empty and \
        every build downloads and builds everything again. Keep the mount and drop the switch.
        """,
      bad: """
        FROM python:3.12-slim
        COPY requirements.txt .
        RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r requirements.txt

        """,
      good: """
        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        WORKDIR /app
        COPY requirements.txt .
        RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
        COPY . .
        USER nobody
        CMD ["python", "main.py"]

        """))

  /// What the rule remembers: the stages (for `FROM <stage>`) and the definitions of the four variables it reads.
  public struct State: Equatable, Sendable {
    var stages = StageTracker()
    var variables = PythonVariableTracker()
  }

  /// The variables that move or turn off pip's and uv's caches.
  static let variableNames: Set<String> = ["PIP_CACHE_DIR", "UV_CACHE_DIR", "PIP_NO_CACHE_DIR", "UV_NO_CACHE"]

  public var stepKinds: Set<InstructionKind>? { [.from, .arg, .env, .run, .onbuild] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    switch ins.kind {
    case .from:
      state.variables.startStage(ins, stages: state.stages)
      state.stages.step(ins)
    case .arg, .env:
      if ins.kind == .arg { state.stages.step(ins) }
      state.variables.record(ins) { name in
        Self.variableNames.contains { $0.utf8.elementsEqual(name) }
      }
    case .run, .onbuild:
      check(facts, variables: state.variables) { out.report($0, $1) }
    default:
      break
    }
  }

  /// Reports the cache switches of one RUN (or ONBUILD RUN) whose cache mount they defeat, given the variables
  /// visible to it.
  func check(_ facts: InstructionFacts, variables: PythonVariableTracker, report: (Range<Int>, String) -> Void) {
    let commands = facts.commands
    guard !commands.isEmpty else { return }
    let run = facts.effective
    guard run.kind == .run, !(RunInstruction(run)?.mounts.isEmpty ?? true) else { return }
    var reported: Set<Int> = []
    for (k, command) in commands.enumerated() {
      guard let install = facts.pythonInstall(at: k) else { continue }
      let isUV = install.tool == .uvPip || install.tool == .uvSync
      guard install.tool == .pip || isUV else { continue }
      let cacheVariable = isUV ? "UV_CACHE_DIR" : "PIP_CACHE_DIR"
      let explicitCache =
        install.cacheDir ?? assignment(cacheVariable, in: command)?.value ?? variables.value(cacheVariable)
      let defaultLeaf = isUV ? "/.cache/uv" : "/.cache/pip"
      guard
        let mount = cacheMountTarget(
          of: run,
          where: { target in
            if let explicit = explicitCache.map(normalisedDirectory), !explicit.contains("$") {
              return explicit == target || explicit.hasPrefix(target + "/")
            }
            return target.hasSuffix(defaultLeaf) || target.hasSuffix("/.cache") || target == "~/.cache"
          })
      else { continue }
      let location = mount.value.map { " on \($0)" } ?? ""
      let tool = isUV ? "uv" : "pip"
      // The switch on the command line or in the command's own environment.
      let flag =
        isUV
        ? (install.flag("--no-cache") ?? install.flag("--no-cache-dir") ?? install.shortFlag("n"))
        : install.flag("--no-cache-dir", minimumPrefix: "--no-ca".count)
      if let flag {
        report(
          flag.range,
          "`\(flag.stringValue)` turns \(tool)'s cache off, so the cache mount\(location) is never used; drop the flag "
            + "and keep the mount")
        continue
      }
      let variable = isUV ? "UV_NO_CACHE" : "PIP_NO_CACHE_DIR"
      if let inline = assignment(variable, in: command), disables(inline.value, isUV: isUV) {
        report(
          inline.word.range,
          "`\(variable)` turns \(tool)'s cache off, so the cache mount\(location) is never used; drop the variable "
            + "and keep the mount")
        continue
      }
      if let definition = variables.definition(variable), let value = definition.value.map(unquoted),
        disables(value, isUV: isUV), reported.insert(mount.range.lowerBound).inserted
      {
        let source = definition.isEnv ? "an earlier ENV" : "an earlier ARG's default"
        report(
          mount.range,
          "`\(variable)=\(value)` from \(source) turns \(tool)'s cache off, so this cache mount is never used; unset "
            + "the variable and keep the mount")
      }
    }
  }

  /// Whether a value of the no-cache variable turns the cache off: for pip any value it accepts as a boolean
  /// (false ones included), for uv a true one.
  func disables(_ raw: String, isUV: Bool) -> Bool {
    let value = unquoted(raw).lowercased()
    if value.isEmpty || value.contains("$") { return false }
    if isUV { return ["1", "true", "yes", "on"].contains(value) }
    return ["1", "true", "yes", "on", "y", "t", "0", "false", "no", "off", "n", "f"].contains(value)
  }
}

/// An inline `NAME=value` before a command, with its word.
func assignment(_ name: String, in command: ShellCommand) -> (word: ShellWord, value: String)? {
  let prefix = name + "="
  for word in command.assignments.reversed() {
    let text = word.stringValue
    if text.hasPrefix(prefix) { return (word, String(text.dropFirst(prefix.count))) }
  }
  // `env NAME=value cmd` puts the assignment among the words before the effective command.
  let effectiveStart = command.effectiveWords.startIndex
  for word in command.words[..<effectiveStart].reversed() {
    let text = word.stringValue
    if text.hasPrefix(prefix) { return (word, String(text.dropFirst(prefix.count))) }
  }
  return nil
}
