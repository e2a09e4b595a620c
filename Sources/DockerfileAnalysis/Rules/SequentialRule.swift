// Rules that read the file's instructions in order, carrying a small state from one instruction to the
// next. Written this way, a rule can be re-run incrementally: after a keystroke the analysis resumes from a
// state saved shortly before the edited instruction, steps over the edited region, and stops as soon as
// its state equals the state the previous version had at the same point; everything after that is the
// previous version's result, moved by the edit's length. So a keystroke costs a few dozen steps per rule,
// whatever the size of the file.
//
// The contract that makes this sound:
// - `step` reads only its state, the instruction's facts and the file facts; never other instructions (the
//   `source` an instruction view holds must not be read outside the instruction's own range).
// - The state holds no byte offsets and no instruction or node indices: those move when text is inserted
//   above. Names, flags, counts and node identities (`ObjectIdentifier(facts.instruction.node)`) are fine.
// - Findings are reported inside the current instruction's range. A finding that depends on what comes
//   later (the last CMD of a stage, whether a stage is the final one) is registered as a candidate during
//   its instruction's step, with a key; `resolve` decides, from the final state, whether it is reported and
//   with which message.
import DockerfileSyntax

/// What a sequential rule may read besides its state and the current instruction: facts that hold for the
/// whole file and change only when the whole file is parsed again or the configuration changes.
public final class FileFacts: Sendable {
  /// The escape character in force.
  public let escape: UInt8
  /// The parser directives of the header (`syntax`, `escape`, `check`).
  public let directives: [Directive]
  /// Configuration values for rules.
  public let settings: RuleSettings
  /// The files beside the Dockerfile, when the caller can read them.
  public let buildContext: (any BuildContext)?
  /// The frontend the file asks for, lower-cased, as BuildKit detects it (`# syntax=`, also after a `#!` line,
  /// or `// syntax=` and JSON forms); nil when none.
  public let syntax: String?

  /// Creates the facts.
  public init(
    escape: UInt8, directives: [Directive], settings: RuleSettings, buildContext: (any BuildContext)?,
    syntax: String? = nil
  ) {
    self.escape = escape
    self.directives = directives
    self.settings = settings
    self.buildContext = buildContext
    self.syntax = syntax
  }

  /// The facts of a context's file.
  public convenience init(_ context: RuleContext) {
    self.init(
      escape: context.tree.escape, directives: context.tree.directives, settings: context.settings,
      buildContext: context.buildContext, syntax: detectSyntax(context.tree.source)?.reference.lowercased())
  }

  /// The value of the last directive named `name` (lower case), if any.
  public func directive(_ name: String) -> String? {
    directives.last { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self) }
  }
}

/// What one step of a sequential rule reports.
public struct StepOutput<Key: Hashable & Sendable> {
  /// Findings decided now (ranges inside the current instruction).
  public internal(set) var findings: [(range: Range<Int>, message: String)] = []
  /// The ranges and keys of the findings decided at the end by `resolve`, as two arrays: the analysis's code
  /// is generic over the key and not specialised, and an array of tuples of a generic type costs a lookup of
  /// the tuple's metadata on every use.
  var candidateRanges: [Range<Int>] = []
  var candidateKeys: [Key] = []

  /// Creates an empty output.
  public init() {}

  /// Findings decided at the end by `resolve` (ranges inside the current instruction).
  public var candidates: [(range: Range<Int>, key: Key)] {
    zip(candidateRanges, candidateKeys).map { (range: $0.0, key: $0.1) }
  }

  /// Reports a finding inside the current instruction.
  public mutating func report(_ range: Range<Int>, _ message: String) { findings.append((range, message)) }

  /// Registers a finding inside the current instruction that `resolve` decides once the whole file is read.
  public mutating func candidate(_ range: Range<Int>, key: Key) {
    candidateRanges.append(range)
    candidateKeys.append(key)
  }
}

/// A rule that reads the file's instructions in order with a small state (see the top of this file for the
/// contract that lets the analysis re-run it incrementally).
public protocol SequentialRule: Rule {
  /// What the rule remembers between instructions: no byte offsets, no indices.
  associatedtype State: Equatable & Sendable
  /// What identifies a candidate finding (position-independent, like the state).
  associatedtype CandidateKey: Hashable & Sendable = Int

  /// The top-level instruction kinds `step` is called for (ONBUILD is its own kind); nil means every one.
  var stepKinds: Set<InstructionKind>? { get }
  /// Whether the rule reads the build context (then a new build context re-runs it).
  var readsBuildContext: Bool { get }
  /// The state before the first instruction.
  func initialState(_ file: FileFacts) -> State
  /// Reads one top-level instruction.
  func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<CandidateKey>)
  /// After the last instruction: the message of a candidate, or nil to drop it.
  func resolve(_ key: CandidateKey, _ state: State) -> String?
  /// Links a run's `KeyReads` into an initial state, for a rule whose lookups by key note themselves there (see
  /// `KeyedState.swift`); nothing by default.
  func attach(_ reads: KeyReads, to state: inout State)
  /// The keys in which `a` and `b` differ when they differ in nothing else (every lookup of those keys noted in
  /// the linked `KeyReads`); nil by default, and whenever the states differ otherwise.
  func keyedDifference(_ a: State, _ b: State) -> Set<String>?
}

extension SequentialRule {
  /// Every instruction.
  public var stepKinds: Set<InstructionKind>? { nil }
  /// No build context.
  public var readsBuildContext: Bool { false }
  /// No candidates.
  public func resolve(_ key: CandidateKey, _ state: State) -> String? { nil }
  /// No lookups by key.
  public func attach(_ reads: KeyReads, to state: inout State) {}
  /// No keyed entries.
  public func keyedDifference(_ a: State, _ b: State) -> Set<String>? { nil }

  /// Runs the rule over the whole file at once (the analysis runs it incrementally instead).
  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let file = FileFacts(context)
    var state = initialState(file)
    var candidates: [(range: Range<Int>, key: CandidateKey)] = []
    let kinds = stepKinds
    for (index, ins) in context.model.instructions.enumerated() {
      if let kinds, !kinds.contains(ins.kind) { continue }
      var out = StepOutput<CandidateKey>()
      step(&state, context.facts(ofInstructionAt: index), file, &out)
      for f in out.findings { report(f.range, f.message) }
      candidates += out.candidates
    }
    for c in candidates {
      if let message = resolve(c.key, state) { report(c.range, message) }
    }
  }
}
