// The ENV and ARG definitions copy-before-dependency-install (DF403) looks up, kept so that recording one costs
// a few hundred instructions. The rule reads a variable only when an install names a requirement file through
// it (`pip install -r $REQS`), which is rare, while it records every ENV and ARG of the file, and the analysis
// saves its state every few instructions. So a stage's definitions are an append-only log, newest looked up
// first: appending after a saved state copies at most one short chunk, where a hashed table copies its path of
// buckets, and two states that share their older chunks compare in a few identity checks. Only what a later
// stage inherits (the ENV at the end of a named stage) is a hashed table, built once when the stage ends.
import DockerfileSyntax

/// An append-only sequence with cheap copies: full chunks are shared between copies, only the last, partial
/// chunk is copied when a copy is appended to.
struct DF403Log<Element: Equatable & Sendable>: Equatable, Sendable {
  /// A full chunk, never changed once made; shared by every copy of the log made after it.
  final class Chunk: Sendable {
    let elements: [Element]
    init(_ elements: [Element]) { self.elements = elements }
  }

  /// How many elements a chunk holds: the most a copy ever duplicates.
  static var chunkSize: Int { 16 }

  private var chunks: [Chunk] = []
  private var tail: [Element] = []

  /// Whether nothing was appended.
  var isEmpty: Bool { chunks.isEmpty && tail.isEmpty }

  /// Adds `element` at the end.
  mutating func append(_ element: Element) {
    if tail.isEmpty { tail.reserveCapacity(Self.chunkSize) }
    tail.append(element)
    if tail.count == Self.chunkSize {
      chunks.append(Chunk(tail))
      tail = []
    }
  }

  /// The last element satisfying `predicate`.
  func last(where predicate: (Element) -> Bool) -> Element? {
    if let found = tail.last(where: predicate) { return found }
    for chunk in chunks.reversed() {
      if let found = chunk.elements.last(where: predicate) { return found }
    }
    return nil
  }

  /// Every element, oldest first.
  var elements: [Element] { chunks.flatMap(\.elements) + tail }

  static func == (a: Self, b: Self) -> Bool {
    guard a.chunks.count == b.chunks.count, a.tail == b.tail else { return false }
    // A chunk is made once and only ever appended after the same chunks, so two logs holding the same chunk at
    // the same place hold the same chunks before it: the comparison stops at the first shared one from the end.
    for i in a.chunks.indices.reversed() {
      if a.chunks[i] === b.chunks[i] { return true }
      if a.chunks[i].elements != b.chunks[i].elements { return false }
    }
    return true
  }
}

/// The ENV and ARG definitions visible to the instruction DF403 reads next, with the lookup rules of
/// `PythonVariableTracker` (and so of `SemanticModel.definition(of:visibleAt:)`): in a stage, its own ARG or ENV
/// defined last, else the ENV the stage its FROM names literally had at its end; before the first FROM, the
/// global ARGs declared so far. Definitions are kept by value, never by position.
struct DF403Variables: Equatable, Sendable {
  /// One definition: an ENV's value or an ARG's default as written (quotes kept; nil for an ARG without one). An
  /// object, so that the log's partial chunk, which each saved state copies, holds references only.
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

  /// The current stage's own definitions, in order.
  private var own = DF403Log<Definition>()
  /// The ENV the current stage inherits, by name.
  private var inherited = PersistentDictionary<String, Definition>()
  /// Per finished named stage (by ordinal): the ENV in force at its end, for the stages built on it.
  private var envAtEnd: [Int: PersistentDictionary<String, Definition>] = [:]
  /// The current stage's ordinal when it has a name (only named stages can be built on); nil otherwise.
  private var namedStage: Int?
  /// Whether a FROM was read.
  private var inStage = false
  /// The global ARGs declared before the first FROM, in order.
  private var globalArgs = DF403Log<Definition>()

  /// Reads a FROM, before `stages` reads it: the stage that ends here hands its ENV on when it has a name, and
  /// the new stage inherits the ENV of the stage its FROM names literally (case-insensitively; `scratch` is never
  /// a stage).
  mutating func startStage(_ from: Instruction, stages: StageTracker) {
    if let namedStage { envAtEnd[namedStage] = envInForce() }
    let view = FromInstruction(from)
    var parent: Int?
    if let lower = view?.image?.string.lowercased(), lower != "scratch" { parent = stages.stageByName[lower] }
    inherited = parent.flatMap { envAtEnd[$0] } ?? PersistentDictionary()
    own = DF403Log()
    inStage = true
    namedStage = view?.stageName == nil ? nil : stages.count
  }

  /// The ENV in force at the current point of the current stage: what it inherited, then its own ENV in order.
  private func envInForce() -> PersistentDictionary<String, Definition> {
    var env = inherited
    for definition in own.elements where definition.isEnv { env[definition.name] = definition }
    return env
  }

  /// Reads an ARG or ENV, recording every name it defines.
  mutating func record(_ ins: Instruction) {
    if ins.kind == .env {
      guard inStage else { return }
      let single = ins.node.segmentCount == 1
      for pair in ins.syntax.pairs {
        own.append(
          Definition(
            name: text(ins, pair.key, single: single), value: text(ins, pair.value, single: single), isEnv: true))
      }
    } else if ins.kind == .arg, let arg = ArgInstruction(ins) {
      for d in arg.declarations {
        let definition = Definition(
          name: String(decoding: d.name, as: UTF8.self),
          value: d.defaultValue.map { String(decoding: $0, as: UTF8.self) },
          isEnv: false)
        if inStage { own.append(definition) } else { globalArgs.append(definition) }
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
    guard inStage else { return globalArgs.last { $0.name == name } }
    return own.last { $0.name == name } ?? inherited[name]
  }

  /// The value of an ENV or an ARG's default visible to the next instruction, quotes removed.
  func value(_ name: String) -> String? { definition(name)?.value.map(unquoted) }
}
