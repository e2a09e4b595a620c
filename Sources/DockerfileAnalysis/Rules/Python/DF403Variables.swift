// The ENV and ARG definitions copy-before-dependency-install (DF403) looks up, kept so that recording one costs
// little. The rule reads a variable only when an install names a requirement file through it (`pip install -r
// $REQS`), which is rare, while it records every ENV and ARG of the file, and the analysis saves its state every
// few instructions; `PersistentDictionary` makes those saved copies share their entries. Only the latest
// definition of a name can be looked up, so a stage keeps the latest of each name (and, apart, of each ENV name,
// which is what a later stage inherits).
import DockerfileSyntax

/// The ENV and ARG definitions visible to the instruction DF403 reads next, with the lookup rules of
/// `PythonVariableTracker` (and so of `SemanticModel.definition(of:visibleAt:)`): in a stage, its own ARG or ENV
/// defined last, else the ENV the stage its FROM names literally had at its end; before the first FROM, the
/// global ARGs declared so far. Definitions are kept by value, never by position.
struct DF403Variables: Equatable, Sendable {
  /// One definition: an ENV's value or an ARG's default as written (quotes kept; nil for an ARG without one). An
  /// object, so that the dictionaries' entries are references.
  final class Definition: Equatable, Sendable {
    let name: String
    let value: String?
    let isEnv: Bool

    init(name: String, value: String?, isEnv: Bool) {
      self.name = name
      self.value = value
      self.isEnv = isEnv
    }

    static func == (a: Definition, b: Definition) -> Bool {
      a === b || (a.name == b.name && a.value == b.value && a.isEnv == b.isEnv)
    }
  }

  /// The current stage's own definitions, the latest by name.
  private var own = PersistentDictionary<String, Definition>()
  /// The current stage's own ENV definitions, the latest by name.
  private var ownEnv = PersistentDictionary<String, Definition>()
  /// The ENV the current stage inherits, by name.
  private var inherited = PersistentDictionary<String, Definition>()
  /// Per finished named stage (by ordinal): the ENV in force at its end, for the stages built on it.
  private var envAtEnd: [Int: PersistentDictionary<String, Definition>] = [:]
  /// The current stage's ordinal when it has a name (only named stages can be built on); nil otherwise.
  private var namedStage: Int?
  /// Whether a FROM was read.
  private var inStage = false
  /// The global ARGs declared before the first FROM, the latest by name.
  private var globalArgs = PersistentDictionary<String, Definition>()
  /// Where lookups of a name are noted (see `KeyedState.swift`).
  var reads = KeyReadsLink()

  /// Reads a FROM, before `stages` reads it: the stage that ends here hands its ENV on when it has a name, and
  /// the new stage inherits the ENV of the stage its FROM names literally (case-insensitively; `scratch` is never
  /// a stage).
  mutating func startStage(_ from: Instruction, stages: StageTracker) {
    if let namedStage { envAtEnd[namedStage] = envInForce() }
    let view = FromInstruction(from)
    var parent: Int?
    if let lower = view?.image?.string.lowercased(), lower != "scratch" { parent = stages.stageByName[lower] }
    inherited = parent.flatMap { envAtEnd[$0] } ?? PersistentDictionary()
    own = PersistentDictionary()
    ownEnv = PersistentDictionary()
    inStage = true
    namedStage = view?.stageName == nil ? nil : stages.count
  }

  /// The ENV in force at the current point of the current stage: what it inherited, overridden by its own ENV.
  private func envInForce() -> PersistentDictionary<String, Definition> {
    var env = inherited
    for (name, definition) in ownEnv.entries { env[name] = definition }
    return env
  }

  /// Reads an ARG or ENV, recording every name it defines.
  mutating func record(_ ins: Instruction) {
    if ins.kind == .env {
      guard inStage else { return }
      let single = ins.node.segmentCount == 1
      for pair in ins.syntax.pairs {
        let definition = Definition(
          name: text(ins, pair.key, single: single), value: text(ins, pair.value, single: single), isEnv: true)
        own[definition.name] = definition
        ownEnv[definition.name] = definition
      }
    } else if ins.kind == .arg, let arg = ArgInstruction(ins) {
      for d in arg.declarations {
        let definition = Definition(
          name: String(decoding: d.name, as: UTF8.self),
          value: d.defaultValue.map { String(decoding: $0, as: UTF8.self) },
          isEnv: false)
        if inStage { own[definition.name] = definition } else { globalArgs[definition.name] = definition }
      }
    }
  }

  /// The text of a logical range of `ins`, read straight from the source when the instruction is one line.
  private func text(_ ins: Instruction, _ logical: Range<Int>, single: Bool) -> String {
    guard single else { return String(decoding: ins.text(logical), as: UTF8.self) }
    if logical.isEmpty { return "" }
    return String(decoding: ins.source[ins.sourceRange(logical)], as: UTF8.self)
  }

  /// The definition of `name` visible to the next instruction (not a FROM).
  func definition(_ name: String) -> Definition? {
    reads.note(name)
    guard inStage else { return globalArgs[name] }
    return own[name] ?? inherited[name]
  }

  /// Adds the names whose definitions differ between these variables and `other` to `difference`, or fails it
  /// when they differ otherwise (the stage).
  func addDifference(from other: Self, to difference: inout KeyedDifference) {
    difference.require(namedStage == other.namedStage && inStage == other.inStage)
    difference.add(own, other.own)
    difference.add(ownEnv, other.ownEnv)
    difference.add(inherited, other.inherited)
    difference.add(globalArgs, other.globalArgs)
    difference.add(envAtEnd, other.envAtEnd) { $0.add($1, $2) }
  }

  /// The value of an ENV or an ARG's default visible to the next instruction, quotes removed.
  func value(_ name: String) -> String? { definition(name)?.value.map(unquoted) }
}
