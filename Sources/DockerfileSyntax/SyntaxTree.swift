// A parsed Dockerfile: the source bytes, the line-group nodes that cover them exactly, and the directive
// header that fixes the escape character. Edits reparse only the nodes they touch.

/// A replacement of `range` (byte offsets in the current text) by `replacement`.
public struct TextEdit: Sendable, Equatable {
  /// The bytes to replace.
  public var range: Range<Int>
  /// What to put there.
  public var replacement: [UInt8]

  /// Creates an edit.
  public init(range: Range<Int>, replacement: [UInt8]) {
    self.range = range
    self.replacement = replacement
  }

  /// Creates an edit from a string replacement.
  public init(range: Range<Int>, replacement: String) {
    self.init(range: range, replacement: Array(replacement.utf8))
  }
}

/// An edit that cannot be applied: its range is not inside the text.
public struct EditRangeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The offending range.
  public var range: Range<Int>
  /// The text length it was applied to.
  public var textLength: Int
  /// A sentence for logs.
  public var description: String { "edit range \(range) is outside the text (0..<\(textLength))" }
}

/// What the last parse did, so tests and benchmarks can see the reuse.
public struct ReparseStats: Sendable, Equatable {
  /// True when the whole text was parsed.
  public var full: Bool
  /// Nodes carried over unchanged from the previous tree.
  public var reusedNodes: Int
  /// Nodes produced by this parse.
  public var parsedNodes: Int
  /// The source bytes this parse read.
  public var parsedBytes: Int
}

/// How the nodes of one revision of a tree line up with those of an earlier revision: a common prefix, a
/// replaced middle, a common suffix (the same node objects, moved by `byteDelta` bytes).
public struct NodeChange: Sendable, Equatable {
  /// Nodes before this index are the same objects at the same offsets in both revisions.
  public var prefix: Int
  /// The earlier revision's nodes `prefix..<oldEnd` were replaced by this revision's `prefix..<newEnd`.
  public var oldEnd: Int
  /// See `oldEnd`.
  public var newEnd: Int
  /// How far the nodes after the replaced range moved, in bytes.
  public var byteDelta: Int

  /// Creates a change.
  public init(prefix: Int, oldEnd: Int, newEnd: Int, byteDelta: Int) {
    self.prefix = prefix
    self.oldEnd = oldEnd
    self.newEnd = newEnd
    self.byteDelta = byteDelta
  }
}

/// A lossless syntax tree of one Dockerfile.
public struct SyntaxTree: Sendable {
  /// The text, byte for byte.
  public private(set) var source: [UInt8]
  /// The top-level nodes, in order; their lengths add up to `source.count`.
  public private(set) var nodes: [SyntaxNode]
  /// The absolute start offset of each node.
  public private(set) var nodeStarts: [Int]
  /// The escape character in force (`\` unless an `escape` directive changed it).
  public private(set) var escape: UInt8
  /// The end of the directive header: the end of the first line that is not a parser directive.
  /// Edits before this point reparse the whole file, since they can change the escape character.
  public private(set) var headerEnd: Int
  /// What the most recent parse or edit did.
  public private(set) var lastParse: ReparseStats
  /// Names this text: every parse and every edit draws a new random revision, so two trees (or two copies of
  /// one tree edited apart) never share one. `nodeChange(since:)` relates a revision to an earlier one.
  public private(set) var revision: UInt64
  /// The most recent edits, oldest first: the revision each started from, the node count it started with, and
  /// how the nodes changed. Each keeps the nodes it replaced alive, so that no node parsed later can take the
  /// address (the `ObjectIdentifier`) of one that a reader of an earlier revision may still name.
  private var history: [HistoryEntry] = []

  private struct HistoryEntry: Sendable {
    var from: UInt64
    var oldCount: Int
    var change: NodeChange
    var replaced: [SyntaxNode]
  }

  /// How many edits `nodeChange(since:)` can look back over: one didChange may carry many changes (multiple
  /// cursors, a formatter), and a reader further behind starts over.
  public static let historyLimit = 64

  /// Parses `source`. Never fails: problems are reported by `errors`.
  public init(_ source: [UInt8]) {
    self.source = source
    (nodes, nodeStarts, escape, headerEnd) = SyntaxTree.parseAll(source)
    lastParse = ReparseStats(full: true, reusedNodes: 0, parsedNodes: nodes.count, parsedBytes: source.count)
    revision = UInt64.random(in: 1...UInt64.max)
  }

  /// How this revision's nodes line up with those of `earlier`, a revision this tree went through in its last
  /// few edits (incremental ones: an edit that reparsed the whole text ends the line); nil when unknown. The
  /// nodes an earlier revision had in the replaced range are still alive (see `history`).
  public func nodeChange(since earlier: UInt64) -> NodeChange? {
    if earlier == revision {
      return NodeChange(prefix: nodes.count, oldEnd: nodes.count, newEnd: nodes.count, byteDelta: 0)
    }
    guard let k = history.lastIndex(where: { $0.from == earlier }) else { return nil }
    // Nodes before every edit's prefix, and after every edit's suffix, are untouched by all of them.
    var prefix = Int.max
    var suffix = Int.max
    var delta = 0
    for entry in history[k...] {
      prefix = min(prefix, entry.change.prefix)
      suffix = min(suffix, entry.oldCount - entry.change.oldEnd)
      delta += entry.change.byteDelta
    }
    return NodeChange(
      prefix: prefix, oldEnd: history[k].oldCount - suffix, newEnd: nodes.count - suffix, byteDelta: delta)
  }

  /// Records an edit that replaced `replaced` (the old nodes `change.prefix..<change.oldEnd`).
  private mutating func record(_ change: NodeChange, oldCount: Int, replaced: [SyntaxNode]) {
    let from = revision
    revision = UInt64.random(in: 1...UInt64.max)
    if history.count == SyntaxTree.historyLimit { history.removeFirst() }
    history.append(HistoryEntry(from: from, oldCount: oldCount, change: change, replaced: replaced))
  }

  /// Parses a string's UTF-8 bytes.
  public init(_ text: String) { self.init(Array(text.utf8)) }

  /// Parses a whole text: directive header first, then line groups.
  static func parseAll(_ source: [UInt8]) -> ([SyntaxNode], [Int], UInt8, Int) {
    source.withUnsafeBufferPointer { p in
      var header = DirectiveHeaderScanner(p)
      // A node per line at most: reserving that many keeps the arrays from growing by doubling, which left up
      // to half of them unused for as long as the document is open.
      var lines = 1
      for b in p where b == ASCII.newline { lines += 1 }
      var nodes: [SyntaxNode] = []
      var starts: [Int] = []
      nodes.reserveCapacity(lines)
      starts.reserveCapacity(lines)
      var pos = 0
      while pos < p.count, let node = header.next(at: pos) {
        nodes.append(node)
        starts.append(pos)
        pos += node.length
      }
      let escape = header.escape
      var parser = Parser(p, config: ParserConfig(escape: escape))
      var headerEnd = p.count
      if pos < p.count {
        let first = parser.parseItem(at: pos)
        headerEnd = pos + parser.lineBounds(pos).next - pos
        nodes.append(first)
        starts.append(pos)
        pos += first.length
      }
      while pos < p.count {
        let node = parser.parseItem(at: pos)
        nodes.append(node)
        starts.append(pos)
        pos += node.length
      }
      return (nodes, starts, escape, headerEnd)
    }
  }

  // MARK: Edits

  /// Applies edits in order, each against the text the previous one produced, reparsing incrementally.
  public mutating func apply(_ edits: [TextEdit]) throws(EditRangeError) {
    for e in edits { try apply(e) }
  }

  /// Applies one edit and reparses only the nodes it touches (or everything, when the header is touched).
  public mutating func apply(_ edit: TextEdit) throws(EditRangeError) {
    let lo = edit.range.lowerBound
    let hi = edit.range.upperBound
    guard lo >= 0, hi <= source.count else { throw EditRangeError(range: edit.range, textLength: source.count) }
    if lo <= headerEnd {
      replaceSource(lo..<hi, with: edit.replacement)
      (nodes, nodeStarts, escape, headerEnd) = SyntaxTree.parseAll(source)
      lastParse = ReparseStats(full: true, reusedNodes: 0, parsedNodes: nodes.count, parsedBytes: source.count)
      // Every node is new: earlier revisions cannot be related to this one.
      history.removeAll()
      revision = UInt64.random(in: 1...UInt64.max)
      return
    }
    // The first node that can change: the one holding the byte before the edit, unless that byte ends it.
    var first = nodeIndex(containing: lo - 1)
    // A node that ends at the end of the text may still be open (a continuation or heredoc waiting for
    // more lines), so text appended after it is reparsed together with it.
    if source[lo - 1] == ASCII.newline && nodeStarts[first] + nodes[first].length == lo && lo < source.count {
      first += 1
    }
    let reparseStart = first < nodes.count ? nodeStarts[first] : source.count
    // Old nodes starting at or after the edit's end keep their text; the first one the new parse lands on
    // exactly is where reuse begins.
    var sync = first
    while sync < nodes.count && nodeStarts[sync] < hi { sync += 1 }
    let delta = edit.replacement.count - (hi - lo)
    replaceSource(lo..<hi, with: edit.replacement)

    var fresh: [SyntaxNode] = []
    var freshStarts: [Int] = []
    let escape = self.escape
    let oldCount = nodes.count
    let parsedEnd: Int = withExtendedLifetime(()) { () -> Int in
      // Read the old starts without holding a second reference to the array, which would make the splice
      // below copy it.
      let oldStarts = nodeStarts
      return source.withUnsafeBufferPointer { p in
        var parser = Parser(p, config: ParserConfig(escape: escape))
        var pos = reparseStart
        while pos < p.count {
          while sync < oldCount && oldStarts[sync] + delta < pos { sync += 1 }
          if sync < oldCount && oldStarts[sync] + delta == pos && pos >= lo + edit.replacement.count { break }
          let node = parser.parseItem(at: pos)
          fresh.append(node)
          freshStarts.append(pos)
          pos += node.length
        }
        if pos >= p.count { sync = oldCount }
        return pos
      }
    }
    let reused = oldCount - (sync - first)
    let replaced = Array(nodes[first..<sync])
    let freshCount = fresh.count
    nodes.replaceSubrange(first..<sync, with: fresh)
    nodeStarts.replaceSubrange(first..<sync, with: freshStarts)
    if delta != 0 {
      nodeStarts.withUnsafeMutableBufferPointer { starts in
        for k in (first + freshStarts.count)..<starts.count { starts[k] += delta }
      }
    }
    lastParse = ReparseStats(
      full: false, reusedNodes: reused, parsedNodes: freshCount, parsedBytes: parsedEnd - reparseStart)
    record(
      NodeChange(prefix: first, oldEnd: sync, newEnd: first + freshCount, byteDelta: delta), oldCount: oldCount,
      replaced: replaced)
  }

  /// The capacity to give a source of `count` bytes that edits will change: a little room to grow (1/64 of the
  /// text, at least 4 KiB), so that typing copies the text once per so many bytes typed, instead of doubling the
  /// buffer as `replaceSubrange` does (a megabyte of a large document's memory for a keystroke). A caller that
  /// builds a source to edit (an editor's opened document) reserves the same, so the first edit does not copy it.
  public static func editableCapacity(forCount count: Int) -> Int { count + max(4096, count / 64) }

  /// Replaces bytes of the source in place when its capacity allows; otherwise the new buffer gets the room of
  /// `editableCapacity(forCount:)`.
  mutating func replaceSource(_ range: Range<Int>, with replacement: [UInt8]) {
    let newCount = source.count - range.count + replacement.count
    guard newCount > source.capacity else {
      source.replaceSubrange(range, with: replacement)
      return
    }
    var grown: [UInt8] = []
    grown.reserveCapacity(SyntaxTree.editableCapacity(forCount: newCount))
    grown.append(contentsOf: source[..<range.lowerBound])
    grown.append(contentsOf: replacement)
    grown.append(contentsOf: source[range.upperBound...])
    source = grown
  }

  /// The index of the node whose bytes include `offset` (the last node for offsets at or past the end).
  public func nodeIndex(containing offset: Int) -> Int {
    var lo = 0
    var hi = nodeStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if nodeStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  // MARK: Reading

  /// Every problem in the file, in source order, with absolute ranges.
  public var errors: [SyntaxError] { errors(ofNodes: nodes.indices.lazy.filter { self.nodes[$0].hasErrors }) }

  /// The problems inside the nodes at `indices` (ascending; they may skip nodes without errors), with absolute
  /// ranges, followed by the file's own (`fileErrors`): `errors` when `indices` takes in every node with errors.
  public func errors(ofNodes indices: some Sequence<Int>) -> [SyntaxError] {
    var out: [SyntaxError] = []
    for i in indices { out += nodes[i].errors.map { $0.shifted(by: nodeStarts[i]) } }
    return out + fileErrors
  }

  /// The problems of the file as a whole (no instruction at all), which come after every node's in `errors`.
  public var fileErrors: [SyntaxError] {
    if nodes.contains(where: { $0.kind == .instruction }) { return [] }
    return [SyntaxError(range: source.count..<source.count, message: "file with no instructions", kind: .fatal)]
  }

  /// The first error that makes BuildKit's parser reject the file, if any.
  public var fatalError: SyntaxError? { errors.first { $0.kind == .fatal } }

  /// The instructions, in order, as views that read their text from this tree.
  public var instructions: [Instruction] {
    var out: [Instruction] = []
    for (i, node) in nodes.enumerated() where node.kind == .instruction {
      out.append(Instruction(node: node, start: nodeStarts[i], source: source, escape: escape))
    }
    return out
  }

  /// The instruction view of the node at `index` of `nodes`, nil when that node is not an instruction.
  public func instruction(atNode index: Int) -> Instruction? {
    guard nodes[index].kind == .instruction else { return nil }
    return Instruction(node: nodes[index], start: nodeStarts[index], source: source, escape: escape)
  }

  /// The parser directives of the header, in order.
  public var directives: [Directive] {
    var out: [Directive] = []
    // Directive nodes are all in the header: the loop stops at the first node after it.
    for (i, node) in nodes.enumerated() {
      if nodeStarts[i] >= headerEnd { break }
      guard node.kind == .directive, let d = node.directive else { continue }
      let s = nodeStarts[i]
      out.append(
        Directive(
          name: d.name, value: Array(source[(s + d.valueRange.lowerBound)..<(s + d.valueRange.upperBound)]),
          nameRange: (s + d.nameRange.lowerBound)..<(s + d.nameRange.upperBound),
          valueRange: (s + d.valueRange.lowerBound)..<(s + d.valueRange.upperBound),
          lineRange: s..<(s + node.length)))
    }
    return out
  }

  /// The 1-based line number (counting `\n` only, as BuildKit does) of a byte offset.
  public func buildKitLine(of offset: Int) -> Int {
    let i = nodeIndex(containing: offset)
    var line = 1
    for k in 0..<i { line += nodes[k].newlineCount }
    var j = nodeStarts.isEmpty ? 0 : nodeStarts[i]
    while j < offset && j < source.count {
      if source[j] == ASCII.newline { line += 1 }
      j += 1
    }
    return line
  }
}

/// A parser directive as read from the header.
public struct Directive: Sendable, Equatable {
  /// The lower-cased name: `syntax`, `escape` or `check`.
  public var name: String
  /// The value bytes.
  public var value: [UInt8]
  /// The name as written.
  public var nameRange: Range<Int>
  /// The value as BuildKit reads it.
  public var valueRange: Range<Int>
  /// The whole line, line ending included.
  public var lineRange: Range<Int>
}

/// The end of a UTF-8 byte-order mark at the start of `p` (0 when there is none).
func bomEnd(_ p: UnsafeBufferPointer<UInt8>) -> Int {
  p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0
}

/// Reads parser directives from the top of a file, the way BuildKit's DirectiveParser does inside Parse.
struct DirectiveHeaderScanner {
  let p: UnsafeBufferPointer<UInt8>
  var escape: UInt8 = ASCII.backslash
  var seen: Set<String> = []

  init(_ p: UnsafeBufferPointer<UInt8>) { self.p = p }

  /// The directive node for the line at `start`, or nil when that line ends the header.
  mutating func next(at start: Int) -> SyntaxNode? {
    var nl = start
    while nl < p.count && p[nl] != ASCII.newline { nl += 1 }
    var ce = nl
    while ce > start && p[ce - 1] == ASCII.carriageReturn { ce -= 1 }
    let next = nl < p.count ? nl + 1 : p.count
    var i = start == 0 ? bomEnd(p) : start
    i = skipGoSpaces(p, i, ce)
    guard i < ce, p[i] == ASCII.hash, let (nameRange, valueRange) = matchDirective(p, i + 1, ce) else { return nil }
    let name = lowercasedName(p, nameRange)
    guard name == "syntax" || name == "escape" || name == "check" else { return nil }
    let (k0, k1, v0, v1) = (nameRange.lowerBound, nameRange.upperBound, valueRange.lowerBound, valueRange.upperBound)
    var errors: [SyntaxError] = []
    let lineRange = 0..<(ce - start)
    if seen.contains(name) {
      errors.append(
        SyntaxError(range: lineRange, message: "only one \(name) parser directive can be used", kind: .fatal))
    } else {
      seen.insert(name)
      if name == "escape" {
        if v1 - v0 == 1 && (p[v0] == ASCII.backslash || p[v0] == ASCII.backtick) {
          escape = p[v0]
        } else {
          let value = String(decoding: UnsafeBufferPointer(rebasing: p[v0..<v1]), as: UTF8.self)
          errors.append(
            SyntaxError(
              range: (v0 - start)..<(v1 - start),
              message: "invalid escape token '\(value)' does not match ` or \\", kind: .fatal))
        }
      }
    }
    return SyntaxNode(
      kind: .directive, length: next - start, newlineCount: nl < p.count ? 1 : 0,
      directive: DirectiveSyntax(
        name: name, nameRange: (k0 - start)..<(k1 - start), valueRange: (v0 - start)..<(v1 - start)),
      errors: errors, headEnd: next - start)
  }
}
