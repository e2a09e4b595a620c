// DF401 pip-no-cache-dir (alias DL3042).
//
// pip keeps every wheel it downloads or builds in its cache (`~/.cache/pip`). In an image that cache is dead
// weight: it is written into the layer of the RUN that installed the packages, and no later layer can remove
// it. `--no-cache-dir` (or `PIP_NO_CACHE_DIR` in the environment) stops pip from writing it; a BuildKit cache
// mount on pip's cache keeps it between builds without putting it in the image, which is better still.
// `uv pip install` takes `--no-cache` (or `UV_NO_CACHE`).
//
// Agreement with hadolint's DL3042: `ONBUILD RUN` triggers are checked too, where only earlier ONBUILD ENV
// triggers of the same stage turn the cache off (the file's ENV does not reach a child image); the RUN's own
// text setting `PIP_NO_CACHE_DIR=<true>` (`VAR=1 pip ...`, `export VAR=1 && ...`; the first occurrence decides)
// exempts it; cache or tmpfs mounts whose target contains `.cache/pip` exempt it; ENV before the first FROM
// applies to the RUNs before it; pipx and pipenv are not pip. Deliberately broader than hadolint: `pip3.12`,
// `python -m pip`, `uv pip`, `sudo pip`, `sh -c 'pip ...'` and heredoc scripts are read; pip's own
// abbreviations of `--no-cache-dir` count; ARG defaults count as environment; any value but 0/false/no/off
// (quotes removed, any case) turns a switch on; a later falsy ENV turns it off again; ENV reaches a stage only
// through `FROM <stage name>` (not through two stages using the same image); and every offending pip command
// is reported, not one finding per RUN.
import DockerfileSyntax

/// Reports `pip install` in a RUN that leaves pip's cache in the image.
public struct PipNoCacheDir: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF401.
  public let descriptor = RuleDescriptor(
    code: "DF401", name: "pip-no-cache-dir", aliases: ["DL3042"], severity: .warning, category: .python,
    summary: "pip install without --no-cache-dir leaves pip's cache in the image layer",
    documentation: RuleDocumentation(
      why: """
        pip caches every wheel it downloads or builds under ~/.cache/pip. In an image, that cache is written \
        into the layer of the RUN that installed the packages, where it only adds size: no later layer can \
        remove it. Pass --no-cache-dir (or set PIP_NO_CACHE_DIR=1), or better, mount a BuildKit cache on \
        pip's cache directory so that rebuilds reuse it without it entering the image. For `uv pip install` \
        the flag is --no-cache (or UV_NO_CACHE=1).
        """,
      bad: "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
      good: """
        FROM python:3.12-slim
        WORKDIR /app
        COPY requirements.txt .
        RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
        # or: RUN pip install --no-cache-dir -r requirements.txt
        USER nobody

        """))

  /// Environment variables that turn pip's cache off, for pip and for uv.
  static let pipVariable = "PIP_NO_CACHE_DIR"
  static let uvVariable = "UV_NO_CACHE"

  /// What the rule remembers: the stages (for `FROM <stage>`), the two switches' ENV and ARG definitions, the
  /// switches that ENV before the first FROM turns on, and those the current stage's ONBUILD ENV triggers turn on.
  public struct State: Equatable, Sendable {
    var stages = StageTracker()
    var variables = PythonVariableTracker()
    var preFromEnv: Set<String> = []
    var onbuildEnv: Set<String> = []
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .arg, .env, .run, .onbuild] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    switch ins.kind {
    case .from:
      state.variables.startStage(ins, stages: state.stages)
      state.stages.step(ins)
      state.onbuildEnv = []
    case .arg:
      state.stages.step(ins)
      state.variables.record(ins, when: Self.isSwitch)
    case .env:
      // ENV before the first FROM applies to the RUNs there (hadolint reads it so).
      if state.stages.current == nil { record(ins.pairs, into: &state.preFromEnv) }
      state.variables.record(ins, when: Self.isSwitch)
    case .run:
      let inStage = state.stages.current != nil
      let preFromEnv = state.preFromEnv
      let variables = state.variables
      let enabled = { (variable: String) -> Bool in
        inStage ? self.isTruthy(variables.definition(variable)) : preFromEnv.contains(variable)
      }
      check(ins, commands: facts.commands, enabled: enabled) { out.report($0, $1) }
    case .onbuild:
      // An `ONBUILD RUN` runs in a child image: the ENV of this file does not reach it, ONBUILD ENV does.
      guard let trigger = ins.child else { return }
      if trigger.kind == .env {
        record(trigger.pairs, into: &state.onbuildEnv)
      } else if trigger.kind == .run {
        let triggers = state.onbuildEnv
        check(trigger, commands: facts.commands, enabled: { triggers.contains($0) }) { out.report($0, $1) }
      }
    default:
      break
    }
  }

  /// Whether an ENV or ARG name is one of the switches.
  static func isSwitch(_ name: [UInt8]) -> Bool {
    name.elementsEqual(pipVariable.utf8) || name.elementsEqual(uvVariable.utf8)
  }

  /// Reports the pip installs of one RUN (or ONBUILD trigger) that keep the cache; `enabled` tells whether the
  /// environment turns a `*_NO_CACHE*` variable on for it.
  func check(
    _ run: Instruction, commands: [ShellCommand], enabled: (String) -> Bool, report: (Range<Int>, String) -> Void
  ) {
    var mounted: Bool?
    for command in commands {
      guard let install = pipInstall(command) else { continue }
      if mounted == nil { mounted = hasCacheMount(run) }
      if mounted == true { return }
      let variable = install.isUV ? Self.uvVariable : Self.pipVariable
      if enabled(variable) || setsVariable(variable, in: run) { continue }
      if install.isUV ? command.hasFlag("--no-cache") || command.hasFlag("-n") : hasNoCacheDir(command) { continue }
      let flag = install.isUV ? "--no-cache" : "--no-cache-dir"
      report(
        install.range,
        "`\(install.text)` without \(flag) leaves the package cache in this layer; add \(flag) or mount a cache")
    }
  }

  /// Adds the variables that ENV pairs turn on to `set`, and removes those they turn off.
  func record(_ pairs: [KeyValuePair], into set: inout Set<String>) {
    for pair in pairs {
      let name = String(decoding: pair.key, as: UTF8.self)
      guard name == Self.pipVariable || name == Self.uvVariable else { continue }
      if isTruthy(String(decoding: pair.value, as: UTF8.self)) { set.insert(name) } else { set.remove(name) }
    }
  }

  /// Whether the RUN's text sets `variable` to a true value (`VAR=1 pip ...`, `export VAR=1 && ...`): the first
  /// `VAR=` in the text decides, as in hadolint.
  func setsVariable(_ variable: String, in run: Instruction) -> Bool {
    var texts = [run.argumentText.text]
    texts += run.heredocs.map(\.content)
    let needle = Array((variable + "=").utf8)
    for text in texts {
      guard let start = firstIndex(of: needle, in: text) else { continue }
      var cursor = start + needle.count
      var value: [UInt8] = []
      if cursor < text.count, text[cursor] == UInt8(ascii: "\"") || text[cursor] == UInt8(ascii: "'") {
        let quote = text[cursor]
        cursor += 1
        while cursor < text.count, text[cursor] != quote {
          value.append(text[cursor])
          cursor += 1
        }
      } else {
        let stops = Array(" \t\r\n;&|)<>".utf8)
        while cursor < text.count, !stops.contains(text[cursor]) {
          value.append(text[cursor])
          cursor += 1
        }
      }
      return isTruthy(String(decoding: value, as: UTF8.self))
    }
    return false
  }

  /// The index of the first occurrence of `needle` in `text`.
  func firstIndex(of needle: [UInt8], in text: [UInt8]) -> Int? {
    guard !needle.isEmpty, text.count >= needle.count else { return nil }
    for start in 0...(text.count - needle.count) where text[start] == needle[0] {
      if text[start..<(start + needle.count)].elementsEqual(needle) { return start }
    }
    return nil
  }

  /// Whether pip reads `--no-cache-dir` in the command: pip's option parser also takes any unambiguous prefix
  /// (`--no-cache`, `--no-ca`), with or without `=value`.
  func hasNoCacheDir(_ command: ShellCommand) -> Bool {
    command.effectiveWords.contains { word in
      let flag = word.stringValue.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
      return flag.count >= "--no-ca".count && "--no-cache-dir".hasPrefix(flag)
    }
  }

  /// The `pip install` words of a command (`pip`, `pip3`, `pip3.12`, `python -m pip`, `uv pip`), if it is one.
  func pipInstall(_ command: ShellCommand) -> (range: Range<Int>, text: String, isUV: Bool)? {
    guard let first = command.effectiveWords.first, first.isLiteral, Self.mayNamePip(first.value) else { return nil }
    let words = Array(command.effectiveWords)
    let name = Self.commandName(first.value)
    var i = 1
    var isUV = false
    if name == "pip" || (name.hasPrefix("pip") && name.dropFirst(3).allSatisfy { $0.isNumber || $0 == "." }) {
      // pip, pip3, pip3.12
    } else if name.hasPrefix("python") && name.dropFirst(6).allSatisfy({ $0.isNumber || $0 == "." }) {
      // python -m pip, python3.12 -m pip (options before -m are skipped)
      while i < words.count && words[i].stringValue.hasPrefix("-") && words[i].stringValue != "-m" { i += 1 }
      guard i + 1 < words.count, words[i].stringValue == "-m", words[i + 1].stringValue == "pip" else { return nil }
      i += 2
    } else if name == "uv", words.count > 1, words[1].stringValue == "pip" {
      isUV = true
      i = 2
    } else {
      return nil
    }
    // Global options may come before the subcommand (`pip -q install`).
    while i < words.count && words[i].stringValue.hasPrefix("-") { i += 1 }
    guard i < words.count, words[i].stringValue == "install" else { return nil }
    let range = first.range.lowerBound..<words[i].range.upperBound
    let text = words[0...i].map(\.stringValue).joined(separator: " ")
    return (range, text, isUV)
  }

  /// The last `/`-separated part of a command word, as `String.split(separator: "/").last` gives it; read from
  /// the bytes when they are plain ASCII without a carriage return (then every character is one byte), which
  /// spares splitting a string by characters for each RUN command.
  static func commandName(_ value: [UInt8]) -> String {
    let slash = UInt8(ascii: "/")
    guard !value.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else {
      return String(String(decoding: value, as: UTF8.self).split(separator: "/").last ?? "")
    }
    var end = value.count
    while end > 0, value[end - 1] == slash { end -= 1 }
    let start = (value[..<end].lastIndex(of: slash) ?? -1) + 1
    return String(decoding: value[start..<end], as: UTF8.self)
  }

  /// Whether a command's first word can name pip, python or uv, read from its bytes without making strings (most
  /// RUN commands are something else). The names `pipInstall` accepts hold no `/` and start with `p` or `u`, and
  /// such a name is what follows the word's last `/`; so a word whose bytes after the last `/` start with another
  /// ASCII byte is none of them. An empty rest (a trailing `/`) or a non-ASCII first byte is left to the full
  /// check, which splits on characters rather than bytes.
  static func mayNamePip(_ value: [UInt8]) -> Bool {
    let start = (value.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
    guard start < value.count else { return true }
    let lead = value[start]
    return lead >= 0x80 || lead == UInt8(ascii: "p") || lead == UInt8(ascii: "u")
  }

  /// Whether the RUN mounts a cache (or a tmpfs) on pip's or uv's cache directory, or on a whole `.cache`.
  func hasCacheMount(_ ins: Instruction) -> Bool {
    guard let run = RunInstruction(ins) else { return false }
    return run.mounts.contains { mount in
      guard mount.type == "cache" || mount.type == "tmpfs",
        let target = (mount.option("target") ?? mount.option("dst") ?? mount.option("destination"))?.value
      else { return false }
      return target.contains(".cache/pip") || target.contains(".cache/uv") || target.hasSuffix(".cache")
        || target.hasSuffix(".cache/")
    }
  }

  /// Whether an ENV or ARG value turns a `*_NO_CACHE*` switch on (pip reads any value but 0/false/no/off as on).
  func isTruthy(_ definition: PythonVariableTracker.Definition?) -> Bool {
    definition?.value.map(isTruthy) ?? false
  }

  /// Whether a value as written (quotes allowed) turns a switch on.
  func isTruthy(_ raw: String) -> Bool {
    let value = raw.trimmingQuotes.lowercased()
    return !value.isEmpty && !["0", "false", "no", "off"].contains(value)
  }
}

extension String {
  /// The string without one pair of surrounding double or single quotes.
  var trimmingQuotes: String {
    if count >= 2, let f = first, f == "\"" || f == "'", last == f { return String(dropFirst().dropLast()) }
    return self
  }
}

/// The ENV and ARG definitions a sequential rule looks up, tracked as it steps through the instructions, with the
/// lookup rules of `SemanticModel.definition(of:visibleAt:)`: in a stage, its own ARG or ENV defined last, else
/// the ENV a stage it builds on (by a literal stage name) set last, nearest stage first; before the first FROM,
/// the global ARGs declared so far (held by the `StageTracker`). Only the names a rule asks to record are kept,
/// so that the state stays small; definitions are kept by value, never by position.
struct PythonVariableTracker: Equatable, Sendable {
  /// A definition: an ENV's value or an ARG's default as written (quotes kept; nil for an ARG without one).
  struct Definition: Equatable, Sendable {
    var value: String?
    var isEnv: Bool
  }

  /// The current stage's own definitions, the last one per name.
  private(set) var own = PersistentDictionary<String, Definition>()
  /// What the current stage inherits: the ENV its parent stage (and that one's chain) set last, per name.
  private(set) var inherited = PersistentDictionary<String, Definition>()
  /// Per named stage (by ordinal): the ENV in force at its end, for the stages built on it.
  private(set) var envAtEnd: [Int: PersistentDictionary<String, Definition>] = [:]
  /// The current stage's ordinal when it has a name (only named stages can be built on); nil otherwise.
  private var namedStage: Int?
  /// Whether a FROM was read.
  private var inStage = false
  /// The global ARGs recorded so far (before the first FROM), the last declaration per name.
  private(set) var globalArgs = PersistentDictionary<String, Definition>()

  /// Reads a FROM, before `stages` reads it: the new stage inherits the ENV of the stage its FROM names
  /// literally (case-insensitively; `scratch` is never a stage).
  mutating func startStage(_ from: Instruction, stages: StageTracker) {
    let view = FromInstruction(from)
    var parent: Int?
    if let lower = view?.image?.string.lowercased(), lower != "scratch" { parent = stages.stageByName[lower] }
    inherited = parent.flatMap { envAtEnd[$0] } ?? PersistentDictionary()
    own = PersistentDictionary()
    inStage = true
    namedStage = view?.stageName == nil ? nil : stages.count
    if let namedStage, !inherited.isEmpty { envAtEnd[namedStage] = inherited }
  }

  /// Reads an ARG or ENV, recording the names `wanted` accepts.
  mutating func record(_ ins: Instruction, when wanted: ([UInt8]) -> Bool) {
    if ins.kind == .env {
      guard inStage else { return }
      for pair in ins.pairs where wanted(pair.key) {
        let name = String(decoding: pair.key, as: UTF8.self)
        let definition = Definition(value: String(decoding: pair.value, as: UTF8.self), isEnv: true)
        own[name] = definition
        if let namedStage { envAtEnd[namedStage, default: PersistentDictionary()][name] = definition }
      }
    } else if ins.kind == .arg, let arg = ArgInstruction(ins) {
      for d in arg.declarations where wanted(d.name) {
        let definition = Definition(value: d.defaultValue.map { String(decoding: $0, as: UTF8.self) }, isEnv: false)
        let name = String(decoding: d.name, as: UTF8.self)
        if inStage { own[name] = definition } else { globalArgs[name] = definition }
      }
    }
  }

  /// The definition of `name` visible to the next instruction (not a FROM), when it is a recorded name.
  func definition(_ name: String) -> Definition? {
    guard inStage else { return globalArgs[name] }
    return own[name] ?? inherited[name]
  }

  /// The value of an ENV or an ARG's default visible to the next instruction, quotes removed.
  func value(_ name: String) -> String? { definition(name)?.value.map(unquoted) }
}
