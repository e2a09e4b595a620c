// What one analysis of a document leaves for the next, so that a keystroke costs work in proportion to the
// edit rather than to the file.
//
// The parser reuses unchanged nodes (the same objects) across edits, so two versions of a document line up
// by node identity: a common prefix, a replaced middle, a common suffix that moved by the edit's length
// (`NodeDiff`). Per-node results (shell commands, instruction-rule findings) are kept in arrays aligned with
// the nodes, with ranges relative to the node's start, and only the middle is computed again. Sequential
// rules keep a saved state every `checkpointSpacing` nodes, their findings and their candidates: an update
// resumes from the last checkpoint before the edit, steps over the edit, and stops at the first checkpoint
// after it whose saved state equals the new one; from there on the previous results hold, moved.
import DockerfileSyntax

/// How the nodes of a new version of a document line up with those of the previous version.
struct NodeDiff: Sendable, Equatable {
  /// Nodes before this index are the same objects at the same offsets in both versions.
  var prefix: Int
  /// The old nodes `prefix..<oldEnd` were replaced by the new nodes `prefix..<newEnd`; the nodes after them
  /// are the same objects, moved by `byteDelta` bytes and `nodeDelta` places.
  var oldEnd: Int
  /// See `oldEnd`.
  var newEnd: Int
  /// How far the nodes after the replaced range moved, in bytes.
  var byteDelta: Int
  /// How far the nodes after the replaced range moved, in places.
  var nodeDelta: Int { newEnd - oldEnd }

  /// Lines up `new` against `old` by identity.
  init(old: [SyntaxNode], oldBytes: Int, new: [SyntaxNode], newBytes: Int) {
    let limit = min(old.count, new.count)
    var p = 0
    while p < limit && old[p] === new[p] { p += 1 }
    var s = 0
    while s < limit - p && old[old.count - 1 - s] === new[new.count - 1 - s] { s += 1 }
    prefix = p
    oldEnd = old.count - s
    newEnd = new.count - s
    byteDelta = newBytes - oldBytes
  }
}

/// A finding of an instruction rule, relative to its node's start.
struct LocalFinding: Sendable {
  /// The rule's index in the registry.
  var rule: Int
  /// The range, relative to the node's start.
  var range: Range<Int>
  /// The message.
  var message: String
}

/// Per-node results, aligned with a tree's nodes.
struct NodeData {
  /// Shell commands, ranges relative to the node's start.
  var commands: [ShellCommand]?
  /// Instruction-rule findings.
  var findings: [LocalFinding]?
}

/// Per-document analysis results reused across versions of one document. Not thread-safe: one document's
/// analyses run one at a time.
public final class AnalysisCache: @unchecked Sendable {
  /// The nodes of the version last analysed.
  private(set) var nodes: [SyntaxNode] = []
  /// The previous version's nodes while an analysis runs.
  var retired: [SyntaxNode] = []
  /// Its length in bytes.
  private(set) var byteCount = 0
  /// Per node of that version.
  var nodeData: [NodeData] = []
  /// The enabled instruction rules the cached findings were computed for; a change clears them.
  var findingsKey: [Int] = []
  /// Sequential rules' saved runs, by rule index in the registry.
  var runs: [Int: any SequentialRun] = [:]
  /// Bumped by the owner when the files beside the Dockerfile may have changed.
  public var buildContextGeneration = 0
  /// The generation the runs of rules reading the build context were computed with.
  var runsBuildContextGeneration = 0
  /// The checkpoint spacing of sequential runs, in nodes.
  let checkpointSpacing: Int

  /// Creates an empty cache.
  public init() { checkpointSpacing = 32 }

  /// Creates an empty cache with a chosen checkpoint spacing (tests use small ones to exercise convergence).
  init(checkpointSpacing: Int) { self.checkpointSpacing = max(1, checkpointSpacing) }

  /// Lines the cache up with `tree`: per-node data of replaced nodes is dropped. Returns how the nodes moved,
  /// nil when there was no previous version.
  func align(to tree: SyntaxTree) -> NodeDiff? {
    defer {
      // The replaced nodes stay alive until the analysis ends, so that no new node can take the address
      // of one that a saved state still names.
      retired = nodes
      nodes = tree.nodes
      byteCount = tree.source.count
    }
    guard !nodes.isEmpty || !nodeData.isEmpty else {
      nodeData = Array(repeating: NodeData(), count: tree.nodes.count)
      return nil
    }
    let diff = NodeDiff(old: nodes, oldBytes: byteCount, new: tree.nodes, newBytes: tree.source.count)
    if diff.prefix != diff.oldEnd || diff.prefix != diff.newEnd {
      nodeData.replaceSubrange(
        diff.prefix..<diff.oldEnd, with: repeatElement(NodeData(), count: diff.newEnd - diff.prefix))
    }
    return diff
  }

  /// The shell commands of the instruction node at `index` of the aligned tree, absolute, computed by
  /// `compute` the first time.
  func shellCommands(ofNode index: Int, start: Int, compute: () -> [ShellCommand]) -> [ShellCommand] {
    if let cached = nodeData[index].commands { return shift(cached, by: start) }
    let fresh = compute()
    nodeData[index].commands = shift(fresh, by: -start)
    return fresh
  }

  private func shift(_ commands: [ShellCommand], by delta: Int) -> [ShellCommand] {
    if delta == 0 || commands.isEmpty { return commands }
    func s(_ r: Range<Int>) -> Range<Int> { (r.lowerBound + delta)..<(r.upperBound + delta) }
    return commands.map { c in
      var m = c
      m.range = s(c.range)
      m.words = c.words.map { ShellWord(range: s($0.range), value: $0.value, isLiteral: $0.isLiteral) }
      m.assignments = c.assignments.map { ShellWord(range: s($0.range), value: $0.value, isLiteral: $0.isLiteral) }
      m.redirections = c.redirections.map(s)
      return m
    }
  }
}

/// The saved run of one sequential rule over the last version of a document.
protocol SequentialRun: AnyObject {
  /// Brings the run up to date with the current version (`diff` nil: from scratch) and returns its findings.
  func update(_ input: SequentialInput, diff: NodeDiff?) -> [(range: Range<Int>, message: String)]
}

/// What a sequential run reads: the tree, instruction facts, the file facts.
struct SequentialInput {
  let tree: SyntaxTree
  let facts: (Int) -> InstructionFacts
  let file: FileFacts
  let spacing: Int
}

extension SequentialRule {
  /// A new, empty saved run of this rule.
  func makeRun() -> any SequentialRun { SavedRun(self) }
}

/// The saved run of a sequential rule: checkpoints, findings and candidates by node index.
final class SavedRun<R: SequentialRule>: SequentialRun {
  let rule: R
  /// Bit `k` set: `step` wants instructions of kind `InstructionKind.allCases[k]`; nil for every kind.
  let kindMask: UInt32?
  var initial: R.State?
  var final: R.State?
  /// The state before the node at `node`, ascending.
  var checkpoints: [(node: Int, state: R.State)] = []
  var findings: [(node: Int, range: Range<Int>, message: String)] = []
  var candidates: [(node: Int, range: Range<Int>, key: R.CandidateKey, message: String?)] = []

  init(_ rule: R) {
    self.rule = rule
    kindMask = rule.stepKinds.map { kinds in
      var mask: UInt32 = 0
      for kind in kinds { mask |= 1 << UInt32(kind.ordinal) }
      return mask
    }
  }

  private static func bit(_ kind: InstructionKind) -> UInt32 { 1 << UInt32(kind.ordinal) }

  func update(_ input: SequentialInput, diff: NodeDiff?) -> [(range: Range<Int>, message: String)] {
    let start = rule.initialState(input.file)
    if let diff, let initial, initial == start, final != nil {
      resume(input, diff: diff)
    } else {
      initial = start
      checkpoints = []
      findings = []
      candidates = []
      let end = walk(input, from: 0, state: start, until: nil)
      final = end.state
      resolveAll()
    }
    var out: [(range: Range<Int>, message: String)] = findings.map { ($0.range, $0.message) }
    for c in candidates { if let m = c.message { out.append((c.range, m)) } }
    return out
  }

  /// Steps from node `from` with `state`, saving checkpoints and appending findings and candidates; stops
  /// early when `until` says the state at a node converged. Returns the final state (or the converged one)
  /// and the node it stopped at.
  private func walk(
    _ input: SequentialInput, from: Int, state initialState: R.State, until converged: ((Int, R.State) -> Bool)?
  ) -> (state: R.State, stoppedAt: Int, converged: Bool) {
    var state = initialState
    let nodes = input.tree.nodes
    var i = from
    var out = StepOutput<R.CandidateKey>()
    while i < nodes.count {
      if let converged, i > from, converged(i, state) { return (state, i, true) }
      if (i - from) % input.spacing == 0 { checkpoints.append((i, state)) }
      if let syntax = nodes[i].instruction, kindMask.map({ $0 & Self.bit(syntax.kind) != 0 }) ?? true {
        out.findings.removeAll(keepingCapacity: true)
        out.candidates.removeAll(keepingCapacity: true)
        rule.step(&state, input.facts(i), input.file, &out)
        for f in out.findings { findings.append((i, f.range, f.message)) }
        for c in out.candidates { candidates.append((i, c.range, c.key, nil)) }
      }
      i += 1
    }
    return (state, i, false)
  }

  private func resolveAll() {
    guard let final else { return }
    for k in candidates.indices { candidates[k].message = rule.resolve(candidates[k].key, final) }
  }

  private func resume(_ input: SequentialInput, diff: NodeDiff) {
    // The last checkpoint at or before the first replaced node: everything before it is unchanged.
    var lo = 0
    var hi = checkpoints.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if checkpoints[mid].node <= diff.prefix { lo = mid + 1 } else { hi = mid }
    }
    let ci = max(0, lo - 1)
    guard !checkpoints.isEmpty, checkpoints[ci].node <= diff.prefix else {
      checkpoints = []
      findings = []
      candidates = []
      let end = walk(input, from: 0, state: initial!, until: nil)
      final = end.state
      resolveAll()
      return
    }
    let (from, fromState) = checkpoints[ci]
    // Old checkpoints after the replaced range, to converge on (old node indices).
    let tailStart = checkpoints.firstIndex { $0.node >= diff.oldEnd } ?? checkpoints.count
    let oldTail = Array(checkpoints[tailStart...])
    checkpoints.removeSubrange(ci...)
    // Old findings and candidates split at `from`.
    let oldFindings = findings
    let oldCandidates = candidates
    let keptFindings = oldFindings.partitionPoint { $0.node >= from }
    let keptCandidates = oldCandidates.partitionPoint { $0.node >= from }
    findings.removeSubrange(keptFindings...)
    candidates.removeSubrange(keptCandidates...)
    let newCandidatesStart = candidates.count
    var tailIndex = 0
    let end = walk(input, from: from, state: fromState) { node, state in
      guard node >= diff.newEnd else { return false }
      let old = node - diff.nodeDelta
      while tailIndex < oldTail.count && oldTail[tailIndex].node < old { tailIndex += 1 }
      return tailIndex < oldTail.count && oldTail[tailIndex].node == old && oldTail[tailIndex].state == state
    }
    if end.converged, let final {
      // The final state is the previous one: decide the candidates found while stepping with it, then take
      // the rest of the previous run (checkpoints, findings, candidates with their messages), moved.
      for k in newCandidatesStart..<candidates.count {
        candidates[k].message = rule.resolve(candidates[k].key, final)
      }
      let old = end.stoppedAt - diff.nodeDelta
      for c in oldTail[tailIndex...] { checkpoints.append((c.node + diff.nodeDelta, c.state)) }
      let shift = diff.byteDelta
      let moved = diff.nodeDelta
      for f in oldFindings[oldFindings.partitionPoint { $0.node >= old }...] {
        findings.append((f.node + moved, (f.range.lowerBound + shift)..<(f.range.upperBound + shift), f.message))
      }
      for c in oldCandidates[oldCandidates.partitionPoint { $0.node >= old }...] {
        candidates.append(
          (c.node + moved, (c.range.lowerBound + shift)..<(c.range.upperBound + shift), c.key, c.message))
      }
    } else {
      final = end.state
      resolveAll()
    }
  }
}

extension Array {
  /// The index of the first element satisfying `predicate`, for an array where it holds for a suffix.
  func partitionPoint(_ predicate: (Element) -> Bool) -> Int {
    var lo = 0
    var hi = count
    while lo < hi {
      let mid = (lo + hi) / 2
      if predicate(self[mid]) { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }
}
