// Results that depend only on one syntax node, kept between analyses of successive versions of a document.
// The parser reuses unchanged nodes (same object) across edits, so the node's identity is the cache key:
// a keystroke re-parses one node, and only that node's shell commands and instruction-rule findings are
// computed again. Ranges are stored relative to the node's start, since unchanged nodes move.
import DockerfileSyntax

/// Per-node analysis results reused across versions of one document. Not thread-safe: one document's
/// analyses run one at a time.
public final class AnalysisCache: @unchecked Sendable {
  struct Entry {
    /// Keeps the node alive, so that its identity cannot be reused by a new node.
    let node: SyntaxNode
    /// Shell commands with ranges relative to the node start.
    var commands: [ShellCommand]?
    /// Instruction-rule findings (rule index in the registry, relative range, message).
    var findings: [(rule: Int, range: Range<Int>, message: String)]?
  }

  var entries: [ObjectIdentifier: Entry] = [:]
  /// The enabled instruction rules the cached findings were computed for; a change clears them.
  var findingsKey: [Int] = []
  /// How many entries the last analysis used, to decide when to prune.
  var liveCount = 0

  /// Creates an empty cache.
  public init() {}

  /// The shell commands of `ins`, computed by `compute` when the node is new.
  func shellCommands(of ins: Instruction, compute: () -> [ShellCommand]) -> [ShellCommand] {
    let key = ObjectIdentifier(ins.node)
    if let cached = entries[key]?.commands { return shift(cached, by: ins.start) }
    let fresh = compute()
    entries[key, default: Entry(node: ins.node)].commands = shift(fresh, by: -ins.start)
    return fresh
  }

  /// The instruction-rule findings of `ins` for the rules `key`, computed by `compute` when the node is new.
  func findings(
    of ins: Instruction, key: [Int], compute: () -> [(rule: Int, range: Range<Int>, message: String)]
  ) -> [(rule: Int, range: Range<Int>, message: String)] {
    if key != findingsKey {
      findingsKey = key
      for k in entries.keys { entries[k]?.findings = nil }
    }
    let id = ObjectIdentifier(ins.node)
    let start = ins.start
    if let cached = entries[id]?.findings {
      return cached.map { ($0.rule, ($0.range.lowerBound + start)..<($0.range.upperBound + start), $0.message) }
    }
    let fresh = compute()
    entries[id, default: Entry(node: ins.node)].findings = fresh.map {
      ($0.rule, ($0.range.lowerBound - start)..<($0.range.upperBound - start), $0.message)
    }
    return fresh
  }

  /// Drops entries of nodes no longer in `tree` once they outnumber the live ones.
  func prune(keeping tree: SyntaxTree) {
    liveCount = tree.nodes.count
    guard entries.count > 2 * liveCount + 64 else { return }
    var kept: [ObjectIdentifier: Entry] = [:]
    kept.reserveCapacity(liveCount)
    for node in tree.nodes {
      let id = ObjectIdentifier(node)
      if let e = entries[id] { kept[id] = e }
    }
    entries = kept
  }

  private func shift(_ commands: [ShellCommand], by delta: Int) -> [ShellCommand] {
    if delta == 0 { return commands }
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
