// What one analysis of a document leaves for the next, so that a keystroke costs work in proportion to the
// edit rather than to the file.
//
// The parser reuses unchanged nodes (the same objects) across edits, and the tree says how two of its revisions
// line up: a common prefix, a replaced middle, a common suffix that moved by the edit's length (`NodeDiff`, from
// `SyntaxTree.nodeChange(since:)`). Per-node results (shell commands, instruction-rule findings) are kept in arrays aligned with
// the nodes, with ranges relative to the node's start, and only the middle is computed again. Sequential
// rules keep a saved state every few nodes (`checkpointSpacing(forNodes:)`), their findings and their candidates: an update
// resumes from the last checkpoint before the edit, steps over the edit, and stops at the first checkpoint
// after it whose saved state equals the new one; from there on the previous results hold, moved.
import DockerfileSyntax

/// How the nodes of a new version of a document line up with those of the previous version: what the tree reports
/// (`SyntaxTree.nodeChange(since:)`).
typealias NodeDiff = NodeChange

extension NodeDiff {
  /// How far the nodes after the replaced range moved, in places.
  var nodeDelta: Int { newEnd - oldEnd }

  /// The diff with the replaced range grown to take in the first instruction after it (in `nodes`, the new
  /// version's nodes), when something changed.
  func extended(toInstructionIn nodes: [SyntaxNode]) -> NodeDiff {
    guard prefix != oldEnd || prefix != newEnd else { return self }
    var out = self
    while out.newEnd < nodes.count {
      let isInstruction = nodes[out.newEnd].kind == .instruction
      out.newEnd += 1
      out.oldEnd += 1
      if isInstruction { break }
    }
    return out
  }
}

/// How a list of findings relates to the one before it: the first `prefix` findings are the previous ones, the
/// previous ones from `oldSuffix` on are the new ones from `newSuffix` on with their ranges moved by
/// `byteDelta`, and the new ones in between are new.
public struct FindingsChange: Sendable, Equatable {
  public var prefix: Int
  public var oldSuffix: Int
  public var newSuffix: Int
  public var byteDelta: Int

  /// Creates a change.
  public init(prefix: Int, oldSuffix: Int, newSuffix: Int, byteDelta: Int) {
    self.prefix = prefix
    self.oldSuffix = oldSuffix
    self.newSuffix = newSuffix
    self.byteDelta = byteDelta
  }

  /// The new list, made from the previous one and the new findings between the two.
  public func applied(to previous: [Finding], middle: ArraySlice<Finding>) -> [Finding] {
    Array(previous[..<prefix]) + middle + previous[oldSuffix...].map { $0.moved(by: byteDelta) }
  }

  /// The change between `old` and `new` (the text's length changed by `byteDelta`): their common prefix, and of
  /// the rest their common suffix, moved by `byteDelta` in `new`.
  static func between(_ old: ArraySlice<Finding>, _ new: ArraySlice<Finding>, byteDelta: Int) -> (
    prefix: Int, suffix: Int
  ) {
    var prefix = 0
    while prefix < new.count && prefix < old.count
      && new[new.startIndex + prefix].isMoved(from: old[old.startIndex + prefix], by: 0)
    {
      prefix += 1
    }
    var suffix = 0
    while suffix < new.count - prefix && suffix < old.count - prefix
      && new[new.endIndex - 1 - suffix].isMoved(from: old[old.endIndex - 1 - suffix], by: byteDelta)
    {
      suffix += 1
    }
    return (prefix, suffix)
  }
}

extension Finding {
  /// Moves the range by `delta` bytes (in place: no copy of the strings).
  mutating func move(by delta: Int) { range = (range.lowerBound + delta)..<(range.upperBound + delta) }

  /// The finding with its range moved by `delta` bytes.
  func moved(by delta: Int) -> Finding {
    var out = self
    out.move(by: delta)
    return out
  }

  /// Whether this is `other` with its range moved by `delta` bytes (compared field by field, without making the
  /// moved finding).
  func isMoved(from other: Finding, by delta: Int) -> Bool {
    range.lowerBound - delta == other.range.lowerBound && range.upperBound - delta == other.range.upperBound
      && code == other.code && message == other.message && severity == other.severity
  }
}

/// Whether a finding's `range` lies in the node of bytes `start..<end` and starts before its end: what lets an
/// analysis place findings by their start (see `SequentialRun.strays`).
func liesInNode(_ range: Range<Int>, start: Int, end: Int) -> Bool {
  range.lowerBound >= start && range.upperBound <= end && range.lowerBound < end
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
  var commands: PackedShellCommands?
  /// Instruction-rule findings.
  var findings: [LocalFinding]?
}

/// The comment mentions `check` (it may be a BuildKit `# check=` comment).
let commentMentionsCheck: UInt8 = 1
/// The comment mentions `hadolint` or `dockerfile-lsp` (it may be a suppression pragma).
let commentMentionsPragma: UInt8 = 2

/// What a comment node may be, from its bytes (ASCII case ignored).
func commentFlags(_ bytes: ArraySlice<UInt8>) -> UInt8 {
  var flags: UInt8 = 0
  if containsIgnoringCase(bytes, "check") { flags |= commentMentionsCheck }
  if containsIgnoringCase(bytes, "hadolint") || containsIgnoringCase(bytes, "dockerfile-lsp") {
    flags |= commentMentionsPragma
  }
  return flags
}

/// Whether `bytes` contain `word` (lower-case ASCII letters and `-`), ASCII case ignored.
func containsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ word: StaticString) -> Bool {
  let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
  guard bytes.count >= w.count, let first = w.first else { return false }
  var i = bytes.startIndex
  let last = bytes.endIndex - w.count
  while i <= last {
    if bytes[i] | 0x20 == first {
      var k = 1
      while k < w.count && (bytes[i + k] | 0x20 == w[k] || bytes[i + k] == w[k]) { k += 1 }
      if k == w.count { return true }
    }
    i += 1
  }
  return false
}

extension AnalysisCache {
  /// Which kinds of special comment the aligned tree has.
  func commentSummary() -> UInt8 {
    flaggedComments.reduce(0) { $0 | $1.flags }
  }

  /// The flags of comment node `index` (0 for other nodes).
  func commentFlags(atNode index: Int) -> UInt8 {
    let k = flaggedComments.partitionPoint { $0.node >= index }
    return k < flaggedComments.count && flaggedComments[k].node == index ? flaggedComments[k].flags : 0
  }

  /// The comments among `nodes` of `tree` that have flags, ascending.
  static func flaggedComments(_ tree: SyntaxTree, _ range: Range<Int>) -> [(node: Int, flags: UInt8)] {
    var out: [(node: Int, flags: UInt8)] = []
    let nodes = tree.nodes
    for i in range where nodes[i].kind == .comment {
      let start = tree.nodeStarts[i]
      let flags = DockerfileAnalysis.commentFlags(tree.source[start..<(start + nodes[i].length)])
      if flags != 0 { out.append((i, flags)) }
    }
    return out
  }
}

/// Per-document analysis results reused across versions of one document. Not thread-safe: one document's
/// analyses run one at a time.
public final class AnalysisCache: @unchecked Sendable {
  /// The tree revision last analysed (0: none). The cache does not hold that revision's nodes: sharing the
  /// tree's array would make the next edit copy it; the tree itself says how its nodes changed since
  /// (`SyntaxTree.nodeChange(since:)`) and keeps the nodes it replaced alive meanwhile, so saved states that name
  /// a node by identity never meet a new node at the same address.
  private(set) var revision: UInt64 = 0
  /// Per node of that version.
  var nodeData: [NodeData] = []
  /// The enabled instruction rules the cached findings were computed for; a change clears them.
  var findingsKey: [Int] = []
  /// Sequential rules' saved runs, by rule index in the registry.
  var runs: [(any SequentialRun)?] = []
  /// The indices of the nodes that have syntax errors, ascending (kept up to date by `align`, so that reading
  /// the file's errors costs nothing per keystroke in a file with few).
  private(set) var errorNodes: [Int] = []
  /// The comment nodes that mention `check`, `hadolint` or `dockerfile-lsp` (see `commentFlags(_:)`), ascending,
  /// kept up to date by `align` like `errorNodes`: most files have none, and no keystroke reads every comment.
  private(set) var flaggedComments: [(node: Int, flags: UInt8)] = []
  /// The file facts of the last analysis and the build context generation they were made with.
  private var lastFile: FileFacts?
  private var lastFileGeneration = 0
  /// The rules the last analysis ran (see `AnalysisPlan`), and a number that changes with them.
  var lastPlan: AnalysisPlan?
  var planGeneration = 0
  /// The findings the last analysis returned. Kept here so that the next analysis can splice them (in place,
  /// when its caller has let go of them).
  private(set) var lastFindings: [Finding] = []
  /// What `lastFindings` were made under: a splice needs the same.
  struct ResultKey: Equatable {
    var planGeneration: Int
    var suppressing: Bool
  }
  var lastResultKey: ResultKey?
  /// The last analysis's findings of the rules that read the whole file at once, in the order found.
  var lastWhole: [Finding] = []
  /// The length of the text last analysed.
  var lastTextLength = 0
  /// Whether some instruction rule's finding lies outside its node (see `SequentialRun.strays`), since the
  /// cached findings were last all dropped.
  var localStrays = false
  /// A number that changes with every analysis's findings (0 before the first).
  public private(set) var findingsGeneration = 0
  /// How the last analysis's findings relate to the ones before them (generation `findingsGeneration - 1`), so
  /// that a consumer can update what it made of those in proportion to the change.
  public private(set) var findingsChange = FindingsChange(prefix: 0, oldSuffix: 0, newSuffix: 0, byteDelta: 0)
  /// Bumped by the owner when the files beside the Dockerfile may have changed.
  public var buildContextGeneration = 0
  /// The settings the runs were computed with.
  var runsSettings = RuleSettings()
  /// The generation the runs of rules reading the build context were computed with.
  var runsBuildContextGeneration = 0
  /// The checkpoint spacing of sequential runs, in nodes.
  /// A fixed spacing (tests use small ones to exercise convergence); nil to size it by the document.
  let fixedSpacing: (sparse: Int, dense: Int)?

  /// Creates an empty cache.
  public init() { fixedSpacing = nil }

  /// Creates an empty cache with chosen checkpoint spacings (dense: near an edit; the same as `checkpointSpacing`
  /// when not given).
  init(checkpointSpacing: Int, denseSpacing: Int? = nil) {
    fixedSpacing = (max(1, checkpointSpacing), max(1, denseSpacing ?? checkpointSpacing))
  }

  /// The checkpoint spacings for a document of `nodes` nodes. A keystroke re-steps each sequential rule from the
  /// last checkpoint before the edit to the first one after it, and each checkpoint holds a state per rule: a
  /// walk over the whole file saves one every `sparse` nodes (4 for small documents, up to 64 for large ones),
  /// and a walk resumed after an edit saves one every `dense` nodes (at most 8) over the first two sparse
  /// spacings, so that the next keystrokes in the same place, which is where typing goes on, re-step little
  /// while the rest of the file keeps few checkpoints.
  func checkpointSpacing(forNodes nodes: Int) -> (sparse: Int, dense: Int) {
    if let fixedSpacing { return fixedSpacing }
    let sparse = max(4, min(64, nodes / 256))
    return (sparse, min(sparse, 8))
  }

  /// The file facts of `context`: the last analysis's object while they are equal, so that saved runs can tell
  /// by identity that their initial states still hold. The build context is compared only by presence: a caller
  /// that passes a different one bumps `buildContextGeneration` (as it must anyway for the rules that read it).
  func fileFacts(_ context: RuleContext) -> FileFacts {
    let fresh = FileFacts(context)
    if let last = lastFile, lastFileGeneration == buildContextGeneration, last.escape == fresh.escape,
      last.directives == fresh.directives, last.settings == fresh.settings, last.syntax == fresh.syntax,
      (last.buildContext == nil) == (fresh.buildContext == nil)
    {
      return last
    }
    lastFile = fresh
    lastFileGeneration = buildContextGeneration
    return fresh
  }

  /// Puts `region` (sorted) in place of the last findings that start in `window` (previous coordinates after
  /// its end) and moves those after it.
  func splice(_ region: [Finding], into window: ByteWindow) {
    var findings = lastFindings
    lastFindings = []  // So that `findings` is the only reference, if the caller let go of the last result.
    let a = findings.partitionPoint { $0.range.lowerBound >= window.lower }
    let b = findings.partitionPoint { $0.range.lowerBound >= window.upper - window.byteDelta }
    let shift = window.byteDelta
    // The window's findings that are the previous ones (before the edit, or after it and moved) are reported
    // unchanged too.
    let (same, sameAfter) = FindingsChange.between(findings[a..<b], region[...], byteDelta: shift)
    findings.replaceSubrange(a..<b, with: region)
    if shift != 0 {
      findings.withUnsafeMutableBufferPointer { f in
        for k in (a + region.count)..<f.count { f[k].move(by: shift) }
      }
    }
    lastFindings = findings
    findingsChange = FindingsChange(
      prefix: a + same, oldSuffix: b - sameAfter, newSuffix: a + region.count - sameAfter, byteDelta: shift)
    findingsGeneration += 1
    spliced = true
  }

  /// Whether the last analysis spliced its findings into the previous ones (for tests).
  private(set) var spliced = false

  /// Replaces the last findings with `new`, working out what they have in common (the text's length changed by
  /// `byteDelta`).
  func replaceFindings(with new: [Finding], byteDelta: Int) {
    spliced = false
    let old = lastFindings
    lastFindings = []
    let (prefix, suffix) = FindingsChange.between(old[...], new[...], byteDelta: byteDelta)
    lastFindings = new
    findingsChange = FindingsChange(
      prefix: prefix, oldSuffix: old.count - suffix, newSuffix: new.count - suffix, byteDelta: byteDelta)
    findingsGeneration += 1
  }

  /// Lines the cache up with `tree`: per-node data of replaced nodes is dropped. Returns how the nodes moved,
  /// nil when there was no previous version the tree can relate to this one (then nothing is reused).
  func align(to tree: SyntaxTree) -> NodeDiff? {
    defer { revision = tree.revision }
    let nodes = tree.nodes
    guard revision != 0, let change = tree.nodeChange(since: revision) else {
      // No previous version, or one the tree cannot relate to this one: start over.
      nodeData = Array(repeating: NodeData(), count: nodes.count)
      localStrays = false
      errorNodes = nodes.indices.filter { nodes[$0].hasErrors }
      flaggedComments = Self.flaggedComments(tree, nodes.indices)
      return nil
    }
    let diff = change
    if diff.prefix != diff.oldEnd || diff.prefix != diff.newEnd {
      nodeData.replaceSubrange(
        diff.prefix..<diff.oldEnd, with: repeatElement(NodeData(), count: diff.newEnd - diff.prefix))
      let lo = errorNodes.partitionPoint { $0 >= diff.prefix }
      let hi = errorNodes.partitionPoint { $0 >= diff.oldEnd }
      let fresh = (diff.prefix..<diff.newEnd).filter { nodes[$0].hasErrors }
      errorNodes.replaceSubrange(lo..<hi, with: fresh)
      if diff.nodeDelta != 0 {
        for k in (lo + fresh.count)..<errorNodes.count { errorNodes[k] += diff.nodeDelta }
      }
      let clo = flaggedComments.partitionPoint { $0.node >= diff.prefix }
      let chi = flaggedComments.partitionPoint { $0.node >= diff.oldEnd }
      let comments = Self.flaggedComments(tree, diff.prefix..<diff.newEnd)
      flaggedComments.replaceSubrange(clo..<chi, with: comments)
      if diff.nodeDelta != 0 {
        for k in (clo + comments.count)..<flaggedComments.count { flaggedComments[k].node += diff.nodeDelta }
      }
    }
    return diff
  }
}

/// The saved run of one sequential rule over the last version of a document.
///
/// The analysis walks the nodes once for all rules together (so that each node's facts are worked out once and
/// dropped after it): `begin` says from which node the run must step, `visit` is called for each node from
/// there on until it returns false (the run caught up with its previous result) or the nodes end, `end` brings
/// the saved results up to date, and `report` hands out the findings of some nodes.
protocol SequentialRun: AnyObject {
  /// Bit `k` set: the rule steps instructions of kind ordinal `k`; nil for every kind.
  var kindMask: UInt32? { get }
  /// Starts bringing the run up to date with the current version (`diff` nil: from scratch); returns the first
  /// node to visit.
  func begin(_ input: SequentialInput, diff: NodeDiff?) -> Int
  /// Visits node `i`, stepping it with `facts` when `steps` (an instruction of a kind the rule steps); false
  /// when the run needs no more nodes.
  func visit(_ i: Int, _ input: SequentialInput, _ facts: InstructionFacts?, steps: Bool) -> Bool
  /// Finishes the update.
  func end(_ input: SequentialInput)
  /// Reports the findings (then the candidates that resolved to one) of the nodes in `nodes`, in node order.
  func report(nodes: Range<Int>, _ report: (Range<Int>, String) -> Void)
  /// After `end`: the nodes the update stepped over, when it resumed the previous run and caught up with it (so
  /// its findings outside them are the previous ones, moved by the edit); nil when it started over or did not
  /// catch up (then any finding may have changed).
  var updated: Range<Int>? { get }
  /// Whether some finding or candidate lies outside the node that reported it (its start at the node's end
  /// counts as outside, but for the last node), since the run last started over. Findings are then not assigned
  /// to nodes by position, and the analysis does not splice them (see `analyze`).
  var strays: Bool { get }
  /// After `end`: whether the update read an entry the run's saved states may hold stale (see `KeyedState.swift`),
  /// so that its results cannot be trusted; the analysis then replaces the run with a new one walked from the start.
  var needsRestart: Bool { get }
}

/// What a sequential run reads: the tree, the file facts, the checkpoint spacings (see
/// `AnalysisCache.checkpointSpacing(forNodes:)`).
struct SequentialInput {
  let tree: SyntaxTree
  let file: FileFacts
  let spacing: Int
  let denseSpacing: Int

  /// Whether a walk from node `from` saves a checkpoint before node `i`: every `spacing` nodes, but for a walk
  /// resumed after an edit every `denseSpacing` nodes over the first two spacings.
  func savesCheckpoint(at i: Int, from: Int, resumed: Bool) -> Bool {
    let offset = i - from
    guard resumed else { return offset % spacing == 0 }
    let reach = 2 * spacing
    return offset < reach ? offset % denseSpacing == 0 : (offset - reach) % spacing == 0
  }
}

extension SequentialRule {
  /// A new, empty saved run of this rule.
  func makeRun() -> any SequentialRun { SavedRun(self) }
}

/// Columns of positioned results: node indices and ranges are kept apart from the rest, so that moving the
/// results after an edit touches only integers. Stored in 32 bits (as the tree stores offsets): a file with a
/// finding on every instruction keeps tens of thousands of entries.
struct Positions: Sendable {
  private var nodes: [Int32] = []
  private var starts: [Int32] = []
  private var ends: [Int32] = []

  /// The number of entries.
  var count: Int { nodes.count }
  var isEmpty: Bool { nodes.isEmpty }

  /// Entry `k`'s range.
  func range(_ k: Int) -> Range<Int> { Int(starts[k])..<Int(ends[k]) }

  mutating func append(_ node: Int, _ range: Range<Int>) {
    nodes.append(Int32(node))
    starts.append(Int32(range.lowerBound))
    ends.append(Int32(range.upperBound))
  }

  /// Moves the entries from `start` on by `nodes` places and `bytes` bytes.
  mutating func move(from start: Int, nodes moved: Int, bytes shift: Int) {
    guard start < nodes.count else { return }
    if moved != 0 {
      let m = Int32(moved)
      nodes.withUnsafeMutableBufferPointer { n in for k in start..<n.count { n[k] += m } }
    }
    guard shift != 0 else { return }
    let d = Int32(shift)
    starts.withUnsafeMutableBufferPointer { r in for k in start..<r.count { r[k] += d } }
    ends.withUnsafeMutableBufferPointer { r in for k in start..<r.count { r[k] += d } }
  }

  /// The first entry whose node is `node` or later (entries are in node order).
  func firstEntry(atOrAfterNode node: Int) -> Int { nodes.partitionPoint { Int($0) >= node } }

  /// The entries whose node is in `range`.
  func entries(ofNodes range: Range<Int>) -> Range<Int> {
    firstEntry(atOrAfterNode: range.lowerBound)..<firstEntry(atOrAfterNode: range.upperBound)
  }

  /// Empties the columns, keeping their storage.
  mutating func removeAllKeepingCapacity() {
    nodes.removeAll(keepingCapacity: true)
    starts.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
  }

  /// The same columns without unused capacity.
  func exactSize() -> Positions {
    Positions(nodes: nodes.exactSize(), starts: starts.exactSize(), ends: ends.exactSize())
  }

  mutating func replace(_ range: Range<Int>, with other: Positions) {
    nodes.replaceSubrange(range, with: other.nodes)
    starts.replaceSubrange(range, with: other.starts)
    ends.replaceSubrange(range, with: other.ends)
  }
}

/// The saved run of a sequential rule: checkpoints, findings and candidates by node index.
///
/// Its properties are marked `@exclusivity(unchecked)`: one analysis at a time uses a run (see `AnalysisCache`), no
/// access to them overlaps another, and the runtime's checks were a tenth of a small file's keystroke.
final class SavedRun<R: SequentialRule>: SequentialRun {
  let rule: R
  let kindMask: UInt32?
  /// The state before the first node and after the last, boxed (an optional of a rule's state would cost a
  /// metadata lookup per use in this unspecialised code).
  @exclusivity(unchecked) var initial: StateBox?
  @exclusivity(unchecked) var final: StateBox?
  /// The file facts `initial` was made from.
  @exclusivity(unchecked) private var initialFile: FileFacts?
  /// The state before node `checkpointNodes[k]`, ascending. Consecutive equal states share one box, so a
  /// rule whose state seldom changes keeps a pointer per checkpoint rather than a copy of its state.
  @exclusivity(unchecked) var checkpointNodes: [Int32] = []
  @exclusivity(unchecked) var checkpointStates: [StateBox] = []
  @exclusivity(unchecked) var findingPositions = Positions()
  @exclusivity(unchecked) var findingMessages: [String] = []
  @exclusivity(unchecked) var candidatePositions = Positions()
  @exclusivity(unchecked) var candidateKeys: [R.CandidateKey] = []
  /// Each candidate's message, as an index into `messages` (-1: the candidate is dropped). Most candidates of a
  /// rule resolve to one of a few messages, or to none (a keyword with the majority's casing).
  @exclusivity(unchecked) var candidateMessages: [Int32] = []
  @exclusivity(unchecked) var messages = MessageTable()
  /// Parallel to `checkpointNodes`: the keys the steps from each checkpoint to the next read (see
  /// `KeyedState.swift`; empty for most spacings, and for every one of a rule without keyed entries).
  @exclusivity(unchecked) var segmentReads: [[String]] = []
  /// The keys `resolve` read, since the candidates were last all resolved.
  @exclusivity(unchecked) var resolveReads: Set<String> = []
  /// The keys whose entries the saved states after some checkpoint (and `final`) may hold from before an edit,
  /// since the run last walked from the start: no step after them and no `resolve` read them.
  @exclusivity(unchecked) var stale: Set<String> = []
  /// Where the states this run makes note their lookups by key.
  let reads = KeyReads()
  @exclusivity(unchecked) private(set) var needsRestart = false

  /// The walk under way between `begin` and `end`.
  @exclusivity(unchecked) private var walk: Walk?
  /// The last resumed walk, kept for the next keystroke's walk (allocating a walk and its arrays and freeing
  /// them again cost about as much as a small file's steps).
  @exclusivity(unchecked) private var spare: Walk?
  /// When the walk resumes the previous run: the edit, the checkpoint it resumed from, where the previous
  /// run's checkpoints after the edit are, and how many of them were seen.
  @exclusivity(unchecked) private var resuming: (diff: NodeDiff, checkpoint: Int, tailIndex: Int, seen: Int)?
  @exclusivity(unchecked) private(set) var updated: Range<Int>?
  @exclusivity(unchecked) private(set) var strays = false

  init(_ rule: R) {
    self.rule = rule
    kindMask = rule.stepKinds.map { kinds in
      var mask: UInt32 = 0
      for kind in kinds { mask |= 1 << UInt32(kind.ordinal) }
      return mask
    }
  }

  /// `Walk` as a metatype value: this code is generic over the rule and not specialised (runs are called
  /// through `SequentialRun`), so naming a type that depends on the rule costs a lookup of its metadata each
  /// time; creating walks through a stored metatype does not.
  private let walkType = Walk.self

  /// What one walk produced (a class: visits change it in place, without copying it out of the run).
  final class Walk {
    @exclusivity(unchecked) var from: Int
    @exclusivity(unchecked) var checkpointNodes: [Int32] = []
    @exclusivity(unchecked) var checkpointStates: [StateBox] = []
    /// The last state saved (or resumed from).
    @exclusivity(unchecked) var lastSaved: StateBox?
    @exclusivity(unchecked) var findingPositions = Positions()
    @exclusivity(unchecked) var findingMessages: [String] = []
    @exclusivity(unchecked) var candidatePositions = Positions()
    @exclusivity(unchecked) var candidateKeys: [R.CandidateKey] = []
    @exclusivity(unchecked) var state: R.State
    @exclusivity(unchecked) var stoppedAt: Int?
    @exclusivity(unchecked) var converged = false
    /// Parallel to `checkpointNodes`: the keys read from each checkpoint to the next.
    @exclusivity(unchecked) var segmentReads: [[String]] = []
    /// The keys in which the state where the walk caught up differs from the previous walk's there.
    @exclusivity(unchecked) var staleAfter: Set<String> = []
    /// Whether the run must walk again from the start: a step read a key its saved states may hold stale, or the
    /// stale keys would be too many.
    @exclusivity(unchecked) var mustRestart = false
    @exclusivity(unchecked) var out = StepOutput<R.CandidateKey>()
    /// Messages and candidate keys already stored by this walk, so that repeated ones share their storage.
    @exclusivity(unchecked) var messages: Set<String> = []
    @exclusivity(unchecked) var keys: Set<R.CandidateKey> = []

    required init(from: Int, state: R.State) {
      self.from = from
      self.state = state
    }

    /// Makes a finished walk ready to start again at `from`, keeping its arrays' storage (they are its own: a
    /// resumed walk's results are copied into the run, not shared).
    func restart(from: Int, state: R.State) {
      self.from = from
      self.state = state
      checkpointNodes.removeAll(keepingCapacity: true)
      checkpointStates.removeAll(keepingCapacity: true)
      lastSaved = nil
      if !findingMessages.isEmpty {
        findingPositions.removeAllKeepingCapacity()
        findingMessages.removeAll(keepingCapacity: true)
      }
      if !candidatePositions.isEmpty {
        candidatePositions.removeAllKeepingCapacity()
        candidateKeys.removeAll(keepingCapacity: true)
      }
      stoppedAt = nil
      converged = false
      segmentReads.removeAll(keepingCapacity: true)
      staleAfter = []
      mustRestart = false
      if !messages.isEmpty { messages.removeAll(keepingCapacity: true) }
      if !keys.isEmpty { keys.removeAll(keepingCapacity: true) }
    }
  }

  func begin(_ input: SequentialInput, diff: NodeDiff?) -> Int {
    resuming = nil
    needsRestart = false
    reads.pending.removeAll(keepingCapacity: true)
    // The initial state depends only on the file facts, which the cache hands on unchanged while they are equal.
    if let diff, let initial, final != nil, !checkpointNodes.isEmpty,
      initialFile === input.file || initial.state(R.State.self) == rule.initialState(input.file)
    {
      initialFile = input.file
      // The last checkpoint at or before the first replaced node: everything before it is unchanged.
      let ci = max(0, checkpointNodes.partitionPoint { Int($0) > diff.prefix } - 1)
      let from = Int(checkpointNodes[ci])
      if from <= diff.prefix {
        resuming = (diff, ci, checkpointNodes.partitionPoint { Int($0) >= diff.oldEnd }, 0)
        let box = checkpointStates[ci]
        if let spare {
          spare.restart(from: from, state: box.state(R.State.self))
          walk = spare
          self.spare = nil
        } else {
          walk = walkType.init(from: from, state: box.state(R.State.self))
        }
        walk!.lastSaved = box
        return from
      }
    }
    var start = rule.initialState(input.file)
    rule.attach(reads, to: &start)
    strays = false
    stale = []
    initial = StateBox.make(start)
    initialFile = input.file
    walk = walkType.init(from: 0, state: start)
    return 0
  }

  func visit(_ i: Int, _ input: SequentialInput, _ facts: InstructionFacts?, steps: Bool) -> Bool {
    guard let w = walk else { return false }
    if i > w.from, resuming != nil, converges(at: i, w.state, w) {
      w.stoppedAt = i
      w.converged = true
      return false
    }
    if input.savesCheckpoint(at: i, from: w.from, resumed: resuming != nil) {
      if let last = w.lastSaved, last.state(R.State.self) == w.state {
        w.checkpointStates.append(last)
      } else {
        let box = StateBox.make(w.state)
        w.checkpointStates.append(box)
        w.lastSaved = box
      }
      w.checkpointNodes.append(Int32(i))
      w.segmentReads.append([])
    }
    if steps, let facts {
      // This code is generic over the rule and not specialised (runs are called through `SequentialRun`), so
      // each use of a type that depends on the rule (the candidates' array, the key set) costs a lookup of its
      // metadata: they are touched only when a step produced something.
      if !w.out.findings.isEmpty { w.out.findings.removeAll(keepingCapacity: true) }
      if !w.out.candidateRanges.isEmpty {
        w.out.candidateRanges.removeAll(keepingCapacity: true)
        w.out.candidateKeys.removeAll(keepingCapacity: true)
      }
      rule.step(&w.state, facts, input.file, &w.out)
      if !reads.pending.isEmpty { takeReads(w) }
      if !w.out.findings.isEmpty || !w.out.candidateRanges.isEmpty { noteStrays(i, input, w.out) }
      if !w.out.findings.isEmpty {
        for f in w.out.findings {
          w.findingPositions.append(i, f.range)
          w.findingMessages.append(w.messages.insert(f.message).memberAfterInsert)
        }
      }
      if !w.out.candidateRanges.isEmpty {
        for k in w.out.candidateRanges.indices {
          w.candidatePositions.append(i, w.out.candidateRanges[k])
          w.candidateKeys.append(w.keys.insert(w.out.candidateKeys[k]).memberAfterInsert)
        }
      }
    }
    return true
  }

  /// Moves the keys the last step read into the walk's current spacing, noting whether one of them is stale. A walk
  /// saves a checkpoint at its first node, so a spacing is always open; were none, the reads could not be kept
  /// beside the checkpoints, and the run starts over instead.
  private func takeReads(_ w: Walk) {
    guard let last = w.segmentReads.indices.last else {
      w.mustRestart = true
      reads.pending.removeAll(keepingCapacity: true)
      return
    }
    for key in reads.pending where !w.segmentReads[last].contains(key) {
      w.segmentReads[last].append(key)
      if isStale(key) { w.mustRestart = true }
    }
    reads.pending.removeAll(keepingCapacity: true)
  }

  /// Whether reading `key` observes a stale entry (a read of every manifest observes any stale manifest).
  private func isStale(_ key: String) -> Bool {
    guard !stale.isEmpty else { return false }
    if stale.contains(key) { return true }
    return key == ObservedKey.anyManifest && stale.contains { ObservedKey.observes(key, $0) }
  }

  /// Moves the keys `resolve` read into `resolveReads`, noting whether one of them is stale.
  private func takeResolveReads() {
    for key in reads.pending where resolveReads.insert(key).inserted {
      if isStale(key) { needsRestart = true }
    }
    reads.pending.removeAll(keepingCapacity: true)
  }

  /// Whether a read of the previous run's steps from its checkpoint `checkpoint` on, or of `resolve`, looked up
  /// one of `keys`.
  private func observed(_ keys: Set<String>, from checkpoint: Int) -> Bool {
    func observes(_ read: String) -> Bool { keys.contains { ObservedKey.observes(read, $0) } }
    if resolveReads.contains(where: observes) { return true }
    for k in checkpoint..<segmentReads.count where segmentReads[k].contains(where: observes) { return true }
    return false
  }

  /// Sets `strays` when a finding or candidate of node `i` lies outside it (one that starts at the node's end, even
  /// the last node's, counts as outside: the splice places findings by their start).
  private func noteStrays(_ i: Int, _ input: SequentialInput, _ out: StepOutput<R.CandidateKey>) {
    let start = input.tree.nodeStarts[i]
    let end = start + input.tree.nodes[i].length
    for f in out.findings where !liesInNode(f.range, start: start, end: end) { strays = true }
    for r in out.candidateRanges where !liesInNode(r, start: start, end: end) { strays = true }
  }

  /// Whether the state before node `node` of the new version equals the previous run's there, checked at the
  /// previous run's checkpoints after the edit. Comparing states can cost as much as stepping, so after the
  /// first few the comparisons thin out (the 1st, 2nd, 4th, 8th... checkpoint): a run that does not converge
  /// compares a logarithmic number of times, and one that does steps at most twice as far as it had to.
  ///
  /// A state that differs from the previous one only in keyed entries that no later step and no `resolve` reads
  /// counts as the same (see `KeyedState.swift`); the keys become stale when the walk ends there.
  private func converges(at node: Int, _ state: R.State, _ w: Walk) -> Bool {
    guard var r = resuming, node >= r.diff.newEnd else { return false }
    defer { resuming = r }
    let old = Int32(node - r.diff.nodeDelta)
    while r.tailIndex < checkpointNodes.count && checkpointNodes[r.tailIndex] < old { r.tailIndex += 1 }
    guard r.tailIndex < checkpointNodes.count && checkpointNodes[r.tailIndex] == old else { return false }
    r.seen += 1
    guard r.seen <= 4 || r.seen & (r.seen - 1) == 0 else { return false }
    let previous = checkpointStates[r.tailIndex].state(R.State.self)
    if previous == state { return true }
    guard let keys = rule.keyedDifference(state, previous), !keys.isEmpty, !observed(keys, from: r.tailIndex) else {
      return false
    }
    // Typing into a manifest's name makes each new name stale: past a limit, the run starts over once.
    if stale.count + keys.count > Self.staleLimit { w.mustRestart = true }
    w.staleAfter = keys
    return true
  }

  /// How many stale keys a run keeps before it walks again from the start (each key a step reads is looked up
  /// among them).
  static var staleLimit: Int { 4096 }

  func end(_ input: SequentialInput) {
    if let w = walk {
      walk = nil
      if w.stoppedAt == nil { w.stoppedAt = input.tree.nodes.count }
      // A resumed walk that reached the end without meeting a checkpoint where its state was the previous one
      // (an edit in the last spacing of the file, where there is none) has still caught up when it ends in the
      // previous final state: the candidates are decided as before, and the previous run's rest is empty.
      var tailIndex = resuming?.tailIndex ?? 0
      if resuming != nil, !w.converged, let finalBox = final, finalBox.state(R.State.self) == w.state {
        w.converged = true
        tailIndex = checkpointNodes.count
      }
      updated = resuming != nil && w.converged ? w.from..<w.stoppedAt! : nil
      if w.mustRestart { needsRestart = true }
      if w.converged { stale.formUnion(w.staleAfter) }
      if let r = resuming {
        splice(w, r.diff, checkpoint: r.checkpoint, tailIndex: tailIndex)
        // Kept only when small: a walk that stepped to the end of a large file would hold a copy's worth of storage.
        if w.checkpointNodes.count <= 64 && w.findingMessages.count <= 64 && w.candidateKeys.count <= 64 { spare = w }
      } else {
        // A walk from the start keeps what it built, at its exact size (appending leaves up to half unused).
        checkpointNodes = w.checkpointNodes.exactSize()
        checkpointStates = w.checkpointStates.exactSize()
        findingPositions = w.findingPositions.exactSize()
        findingMessages = w.findingMessages.exactSize()
        candidatePositions = w.candidatePositions.exactSize()
        candidateKeys = w.candidateKeys.exactSize()
        segmentReads = w.segmentReads.exactSize()
        final = StateBox.make(w.state)
        candidateMessages = resolveAll(w.state)
      }
      resuming = nil
    }
  }

  func report(nodes: Range<Int>, _ report: (Range<Int>, String) -> Void) {
    for k in findingPositions.entries(ofNodes: nodes) { report(findingPositions.range(k), findingMessages[k]) }
    guard !candidateMessages.isEmpty else { return }
    for k in candidatePositions.entries(ofNodes: nodes) {
      let m = candidateMessages[k]
      if m >= 0 { report(candidatePositions.range(k), messages.strings[Int(m)]) }
    }
  }

  /// Every candidate's message under `state`; equal messages share one string (a rule that blames thousands of
  /// instructions the same way would otherwise keep thousands of copies).
  private func resolveAll(_ state: R.State) -> [Int32] {
    messages = MessageTable()
    var out: [Int32] = []
    out.reserveCapacity(candidateKeys.count)
    for key in candidateKeys { out.append(messages.index(of: rule.resolve(key, state))) }
    resolveReads = []
    if !reads.pending.isEmpty { takeResolveReads() }
    return out
  }

  /// Puts a resumed walk's results in place of the previous run's from the checkpoint it resumed at.
  private func splice(_ w: Walk, _ diff: NodeDiff, checkpoint ci: Int, tailIndex: Int) {
    let from = w.from
    let keptFindings = findingPositions.firstEntry(atOrAfterNode: from)
    let keptCandidates = candidatePositions.firstEntry(atOrAfterNode: from)
    if w.converged, let finalBox = final, let stoppedAt = w.stoppedAt {
      // The final state is the previous one: decide the new candidates with it, then splice the new results
      // in and move the previous run's rest in place.
      let old = stoppedAt - diff.nodeDelta
      let moved = diff.nodeDelta
      let shift = diff.byteDelta
      checkpointNodes.replaceSubrange(ci..<tailIndex, with: w.checkpointNodes)
      checkpointStates.replaceSubrange(ci..<tailIndex, with: w.checkpointStates)
      segmentReads.replaceSubrange(ci..<tailIndex, with: w.segmentReads)
      if moved != 0 {
        let m = Int32(moved)
        checkpointNodes.withUnsafeMutableBufferPointer { n in
          for k in (ci + w.checkpointNodes.count)..<n.count { n[k] += m }
        }
      }
      let findingsTail = findingPositions.firstEntry(atOrAfterNode: old)
      if keptFindings < findingsTail || !w.findingMessages.isEmpty {
        findingPositions.replace(keptFindings..<findingsTail, with: w.findingPositions)
        findingMessages.replaceSubrange(keptFindings..<findingsTail, with: w.findingMessages)
      }
      findingPositions.move(from: keptFindings + w.findingMessages.count, nodes: moved, bytes: shift)
      // Most rules have no candidates: the generic key array is touched only when there are (each use of a type
      // that depends on the rule costs a lookup of its metadata here).
      let candidatesTail = candidatePositions.firstEntry(atOrAfterNode: old)
      if keptCandidates < candidatesTail || !w.candidatePositions.isEmpty {
        let final = finalBox.state(R.State.self)
        let newMessages = w.candidateKeys.map { messages.index(of: rule.resolve($0, final)) }
        if !reads.pending.isEmpty { takeResolveReads() }
        candidatePositions.replace(keptCandidates..<candidatesTail, with: w.candidatePositions)
        candidateKeys.replaceSubrange(keptCandidates..<candidatesTail, with: w.candidateKeys)
        candidateMessages.replaceSubrange(keptCandidates..<candidatesTail, with: newMessages)
      }
      candidatePositions.move(from: keptCandidates + w.candidatePositions.count, nodes: moved, bytes: shift)
    } else {
      checkpointNodes.replaceSubrange(ci..., with: w.checkpointNodes)
      checkpointStates.replaceSubrange(ci..., with: w.checkpointStates)
      segmentReads.replaceSubrange(ci..., with: w.segmentReads)
      findingPositions.replace(keptFindings..<findingPositions.count, with: w.findingPositions)
      findingMessages.replaceSubrange(keptFindings..., with: w.findingMessages)
      candidatePositions.replace(keptCandidates..<candidatePositions.count, with: w.candidatePositions)
      candidateKeys.replaceSubrange(keptCandidates..., with: w.candidateKeys)
      final = StateBox.make(w.state)
      candidateMessages = resolveAll(w.state)
    }
  }
}

/// Distinct messages, each stored once and named by its index.
struct MessageTable {
  private(set) var strings: [String] = []
  private var indices: [String: Int32] = [:]

  /// The index of `message` (added when new), or -1 for none.
  mutating func index(of message: String?) -> Int32 {
    guard let message else { return -1 }
    if let known = indices[message] { return known }
    let k = Int32(strings.count)
    strings.append(message)
    indices[message] = k
    return k
  }
}

/// A saved state of a sequential rule, shared by the consecutive checkpoints where it is the same. Not generic,
/// on purpose: the runs' code is not specialised, and every use of a generic class there (an array of them
/// included) costs a lookup of its metadata. The state is stored in the box's own allocation, after the state's
/// type (a separate allocation for it cost a third of the memory of a document's saved states).
final class StateBox: ManagedBuffer<Any.Type, UInt64> {
  /// A box holding `state`, whose alignment must be at most 8 bytes.
  static func make<State>(_ state: State) -> StateBox {
    precondition(MemoryLayout<State>.alignment <= MemoryLayout<UInt64>.alignment)
    let words = (MemoryLayout<State>.size + 7) / 8
    let box = unsafeDowncast(create(minimumCapacity: words) { _ in State.self }, to: StateBox.self)
    _ = box.withUnsafeMutablePointerToElements {
      UnsafeMutableRawPointer($0).initializeMemory(as: State.self, to: state)
    }
    return box
  }

  /// The state, which must be of type `State` (the type it was saved with).
  func state<State>(_: State.Type) -> State {
    withUnsafeMutablePointerToElements { UnsafeMutableRawPointer($0).assumingMemoryBound(to: State.self).pointee }
  }

  deinit {
    withUnsafeMutablePointers { type, elements in
      func destroy<State>(_: State.Type) {
        UnsafeMutableRawPointer(elements).assumingMemoryBound(to: State.self).deinitialize(count: 1)
      }
      _openExistential(type.pointee, do: destroy)
    }
  }
}

extension Array {
  /// The same elements in storage of exactly their count (itself when little is unused).
  func exactSize() -> [Element] {
    guard capacity - count > 16 else { return self }
    var out: [Element] = []
    out.reserveCapacity(count)
    out.append(contentsOf: self)
    return out
  }

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
