// Properties of incremental reparsing: after any sequence of edits, the incremental tree equals a fresh
// parse of the same text, and edits inside one instruction reuse every other node.
import Foundation
import Testing

@testable import DockerfileSyntax

/// A small deterministic random number generator (SplitMix64), so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Snippets that stress the parser's structure: continuations, heredocs, comments, directives, quotes.
let editSnippets: [String] = [
  "x", " ", "\n", "\\", "\\\n", "`", "`\n", "#", "# c\n", "<<EOF\n", "EOF\n", "<<-E\n\tE\n", "\"", "'", "[", "]",
  "RUN a\n", "FROM b AS c\n", "ENV k=v\n", "# escape=`\n", "\r\n", "\t", "--mount=type=cache,target=/x ", "ONBUILD ",
  "\u{00A0}", "é", "\u{FEFF}",
]

/// Checks what `tree.nodeChange(since:)` says of each earlier revision: known while no full reparse came between
/// and within the history's reach, and then true of the nodes (a prefix and a suffix of the same objects, moved
/// by the difference in length); unknown otherwise. False after recording an issue.
func checkNodeChanges(
  _ tree: SyntaxTree,
  since revisions: [(revision: UInt64, nodes: [SyntaxNode], bytes: Int, editsSince: Int, cut: Bool)],
  label: String
) -> Bool {
  for r in revisions {
    if r.revision == tree.revision {
      Issue.record("\(label): an edit kept the revision")
      return false
    }
    let change = tree.nodeChange(since: r.revision)
    let reachable = !r.cut && r.editsSince <= SyntaxTree.historyLimit
    guard reachable else {
      if change != nil && r.cut {
        Issue.record("\(label): a change across a full reparse")
        return false
      }
      continue
    }
    guard let c = change else {
      Issue.record("\(label): no change known \(r.editsSince) edits back")
      return false
    }
    let new = tree.nodes
    let old = r.nodes
    let sound =
      c.prefix <= c.oldEnd && c.prefix <= c.newEnd && c.oldEnd <= old.count && c.newEnd <= new.count
      && old.count - c.oldEnd == new.count - c.newEnd && c.byteDelta == tree.source.count - r.bytes
      && (0..<c.prefix).allSatisfy { old[$0] === new[$0] }
      && (0..<(old.count - c.oldEnd)).allSatisfy { old[c.oldEnd + $0] === new[c.newEnd + $0] }
    if !sound {
      Issue.record("\(label): \(c) does not describe the nodes \(r.editsSince) edits back")
      return false
    }
  }
  return true
}

/// Applies `count` random edits to `tree`, checking after each that it equals a fresh parse.
func checkRandomEdits(
  _ initial: [UInt8], sequences: Int, editsPerSequence: Int, seed: UInt64, label: String
) {
  var rng = SplitMix64(state: seed)
  for _ in 0..<sequences {
    var tree = SyntaxTree(initial)
    var history: [TextEdit] = []
    // Earlier revisions, with their nodes and length, and whether an edit since then reparsed everything.
    var revisions: [(revision: UInt64, nodes: [SyntaxNode], bytes: Int, editsSince: Int, cut: Bool)] = [
      (tree.revision, tree.nodes, tree.source.count, 0, false)
    ]
    for _ in 0..<editsPerSequence {
      let n = tree.source.count
      let lo = n == 0 ? 0 : Int.random(in: 0...n, using: &rng)
      let hi = min(n, lo + (Bool.random(using: &rng) ? 0 : Int.random(in: 0...12, using: &rng)))
      let replacement: [UInt8] =
        Int.random(in: 0..<4, using: &rng) == 0 ? [] : Array(editSnippets.randomElement(using: &rng)!.utf8)
      let edit = TextEdit(range: lo..<hi, replacement: replacement)
      history.append(edit)
      do { try tree.apply(edit) } catch {
        Issue.record("\(label): valid edit rejected: \(error)")
        return
      }
      let fresh = SyntaxTree(tree.source)
      if fingerprint(tree) != fingerprint(fresh) || tree.errors != fresh.errors {
        Issue.record(
          """
          \(label): incremental tree differs from a fresh parse after \(history.map { "\($0.range) \(String(decoding: $0.replacement, as: UTF8.self).debugDescription)" })
          text: \(String(decoding: tree.source, as: UTF8.self).debugDescription)
          incremental:
          \(fingerprint(tree))
          fresh:
          \(fingerprint(fresh))
          """)
        return
      }
      if tokenText(tree) != tree.source {
        Issue.record("\(label): tokens lost bytes")
        return
      }
      for k in revisions.indices {
        revisions[k].editsSince += 1
        if tree.lastParse.full { revisions[k].cut = true }
      }
      if !checkNodeChanges(tree, since: revisions, label: label) { return }
      revisions.append((tree.revision, tree.nodes, tree.source.count, 0, false))
    }
  }
}

@Suite("Incremental reparse")
struct IncrementalTests {
  @Test(arguments: parserFixtures)
  func randomEditsMatchFreshParse(_ name: String) throws {
    let bytes = try readBytes(fixturesRoot.appendingPathComponent("parser/\(name).Dockerfile"))
    checkRandomEdits(bytes, sequences: 60, editsPerSequence: 6, seed: UInt64(name.utf8.count) &* 7919, label: name)
  }

  @Test func sharedCorpusRandomEdits() throws {
    guard corpusAvailable else { return }
    let real = corpusRoot.appendingPathComponent("real")
    let files = try FileManager.default.contentsOfDirectory(atPath: real.path).filter { $0.hasSuffix(".Dockerfile") }
      .sorted()
    for (i, f) in files.enumerated() {
      checkRandomEdits(
        try readBytes(real.appendingPathComponent(f)), sequences: 4, editsPerSequence: 4, seed: UInt64(i), label: f)
    }
    let testfiles = corpusRoot.appendingPathComponent("buildkit-parser/testfiles")
    for (i, d) in try FileManager.default.contentsOfDirectory(atPath: testfiles.path).sorted().enumerated() {
      let bytes = try readBytes(testfiles.appendingPathComponent("\(d)/Dockerfile"))
      checkRandomEdits(bytes, sequences: 20, editsPerSequence: 5, seed: UInt64(1000 + i), label: d)
    }
  }

  @Test func nodeChangesReachBackOverTheLastEdits() throws {
    var text = "FROM python:3.12-slim\n"
    for i in 0..<(3 * SyntaxTree.historyLimit + 20) { text += "RUN echo \(i)\n" }
    var tree = SyntaxTree(text)
    var revisions: [(revision: UInt64, nodes: [SyntaxNode], bytes: Int, editsSince: Int, cut: Bool)] = []
    for k in 0..<(SyntaxTree.historyLimit + 4) {
      revisions.append((tree.revision, tree.nodes, tree.source.count, 0, false))
      let at = tree.instructions[1 + 3 * k].range.lowerBound + 4
      try tree.apply(TextEdit(range: at..<at, replacement: k % 3 == 0 ? "x\nRUN y" : "x"))
      for j in revisions.indices { revisions[j].editsSince += 1 }
      #expect(checkNodeChanges(tree, since: revisions, label: "edit \(k)"))
    }
    #expect(tree.nodeChange(since: revisions[0].revision) == nil)
    #expect(tree.nodeChange(since: revisions[revisions.count - 1].revision) != nil)
    // An edit of the directive header reparses everything: no earlier revision relates to the new one.
    let before = tree.revision
    try tree.apply(TextEdit(range: 0..<0, replacement: "# escape=`\n"))
    #expect(tree.lastParse.full)
    #expect(tree.nodeChange(since: before) == nil)
  }

  @Test func editInsideOneInstructionReusesTheRest() throws {
    var text = "FROM python:3.12-slim\n"
    for i in 0..<200 { text += "RUN echo \(i) \\\n  && true\n# comment \(i)\n\n" }
    var tree = SyntaxTree(text)
    let nodeCount = tree.nodes.count
    let before = tree.nodes
    // Insert a character inside instruction 100's continuation line.
    let ins = tree.instructions[100]
    try tree.apply(TextEdit(range: (ins.range.lowerBound + 12)..<(ins.range.lowerBound + 12), replacement: "x"))
    #expect(tree.lastParse.full == false)
    #expect(tree.lastParse.parsedNodes == 1)
    #expect(tree.lastParse.reusedNodes == nodeCount - 1)
    let reusedByIdentity = zip(before, tree.nodes).filter { $0 === $1 }.count
    #expect(reusedByIdentity == nodeCount - 1)
    #expect(fingerprint(tree) == fingerprint(SyntaxTree(tree.source)))
  }

  @Test func addingAContinuationMergesTheNextLine() throws {
    var tree = SyntaxTree("FROM x\nRUN a\nRUN b\nRUN c\n")
    try tree.apply(TextEdit(range: 12..<12, replacement: " \\"))
    #expect(tree.instructions.count == 3)
    #expect(tree.instructions[1].arguments.map(\.string) == ["a RUN b"])
    #expect(tree.lastParse.reusedNodes == 2)
  }

  @Test func openingAHeredocSwallowsFollowingLines() throws {
    var tree = SyntaxTree("FROM x\nRUN cat\nRUN b\nEOF\nRUN c\n")
    try tree.apply(TextEdit(range: 14..<14, replacement: " <<EOF"))
    #expect(tree.instructions.count == 3)
    #expect(tree.instructions[1].heredocs.first.map { String(decoding: $0.content, as: UTF8.self) } == "RUN b\n")
    #expect(fingerprint(tree) == fingerprint(SyntaxTree(tree.source)))
  }

  @Test func headerEditsReparseEverything() throws {
    var tree = SyntaxTree("FROM x\nRUN a \\\n b\n")
    try tree.apply(TextEdit(range: 0..<0, replacement: "# escape=`\n"))
    #expect(tree.lastParse.full)
    #expect(tree.escape == ASCII.backtick)
    // With a backtick escape, `\` no longer continues the line, so ` b` becomes an instruction of its own.
    #expect(tree.instructions.count == 3)
    #expect(tree.instructions[1].arguments.map(\.string) == ["a \\"])
  }

  @Test func outOfRangeEditsAreRejectedWithoutChangingTheText() {
    var tree = SyntaxTree("FROM x\n")
    #expect(throws: EditRangeError.self) { try tree.apply(TextEdit(range: 3..<99, replacement: "y")) }
    #expect(tree.source == Array("FROM x\n".utf8))
  }

  @Test func editAtEndOfFileWithoutNewline() throws {
    var tree = SyntaxTree("FROM x\nRUN a")
    try tree.apply(TextEdit(range: 12..<12, replacement: "b \\\nc"))
    #expect(tree.instructions[1].arguments.map(\.string) == ["ab c"])
  }
}
