// The analysis cache keeps each node's shell commands packed (`PackedShellCommands`); rules read them unpacked.
// Packing then unpacking at any origin must give exactly the commands the parser gives, moved by the
// origin's change, for random shell text and for every RUN of the real-world corpus.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

/// The commands with every position moved by `delta`.
private func moved(_ commands: [ShellCommand], by delta: Int) -> [ShellCommand] {
  func move(_ range: Range<Int>) -> Range<Int> { (range.lowerBound + delta)..<(range.upperBound + delta) }
  func move(_ word: ShellWord) -> ShellWord {
    ShellWord(range: move(word.range), value: word.value, isLiteral: word.isLiteral)
  }
  return commands.map { command in
    var result = command
    result.range = move(command.range)
    result.assignments = command.assignments.map(move)
    result.words = command.words.map(move)
    result.redirections = command.redirections.map(move)
    return result
  }
}

/// Packs `commands` at `origin` and expects them back unchanged there, and moved by `delta` at `origin + delta`.
private func expectRoundTrip(
  _ commands: [ShellCommand], origin: Int, delta: Int, _ label: @autoclosure () -> String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let packed = PackedShellCommands(commands, origin: origin)
  #expect(packed.commands(at: origin) == commands, "\(label())", sourceLocation: sourceLocation)
  #expect(
    packed.commands(at: origin + delta) == moved(commands, by: delta), "\(label()) moved by \(delta)",
    sourceLocation: sourceLocation)
}

/// Pieces of shell that exercise every field: assignments, redirections and heredocs, nesting (subshells,
/// groups, `$( )`, backticks), `sh -c` scripts (commands marked `isInScriptArgument`), quoting and escapes
/// (values unlike their raw bytes), globs (non-literal words), multi-byte UTF-8 and long words.
private let shellPieces: [String] = [
  "apt-get", "install", "-y", "--no-install-recommends", "curl", "A=1", "PATH=/x:$PATH", "&&", "||", ";", "|", "&",
  "\n", "\\\n", " ", " ", " ", "\t", "2>&1", ">/dev/null", "< in", "<<EOF\nbody\nEOF\n", "<<-X\n\tx\n\tX\n", "(", ")",
  "{ ", " }", "$(id -u)", "`uname -m`", "\"$HOME/a b\"", "'it''s'", "\\\"q\\\"", "*.txt", "~/x", "[ab]", "${V:-d}",
  "sh -c 'echo a && ls \"b c\"'", "bash -c \"pip install x; cd /y\"", "sudo env X=1 nice -n 5 pip install z",
  "if true; then a; fi", "for i in 1 2; do echo $i; done", "case x in y) z;; esac", "é", "日本",
  String(repeating: "w", count: 200), "rm -rf /var/lib/apt/lists/*", "#c\n", "'unterminated", "$((1+2))",
]

/// Random shell text made of `shellPieces` joined by spaces.
private func randomShell(using rng: inout AnalysisRandom) -> String {
  (0..<Int.random(in: 0...24, using: &rng)).map { _ in shellPieces.randomElement(using: &rng)! }.joined(
    separator: Bool.random(using: &rng) ? " " : "")
}

@Suite("Packed shell commands")
struct ShellCommandPackTests {
  @Test func randomScriptsRoundTripAtAnyOrigin() {
    var rng = AnalysisRandom(state: 0x5EED_5E11)
    for round in 0..<3_000 {
      let text = randomShell(using: &rng)
      let base = Int.random(in: 0...1_000_000, using: &rng)
      let commands = parseShell(Array(text.utf8), baseOffset: base).expanded
      // The origin is usually at or before the commands (a node's start) but need not be.
      let origin = base - Int.random(in: -50...5_000, using: &rng)
      let delta = Int.random(in: -origin...1_000_000, using: &rng)
      expectRoundTrip(commands, origin: origin, delta: delta, "round \(round): \(text.debugDescription)")
    }
  }

  @Test func extremeValuesRoundTrip() {
    let word = ShellWord(range: Int.min..<Int.max, value: Array(repeating: 0xFF, count: 300), isLiteral: false)
    var command = ShellCommand(
      assignments: [word], words: [word, ShellWord(range: 5..<5, value: [], isLiteral: true)],
      redirections: [-7..<(-3), Int.max..<Int.max], range: -1..<Int.max, connector: .background, depth: 1_000)
    command.isInScriptArgument = true
    let packed = PackedShellCommands([command, command], origin: 12)
    #expect(packed.commands(at: 12) == [command, command])
    let connectors: [ShellConnector] = [.start, .and, .or, .sequence, .pipe, .background]
    let all = connectors.map { connector in
      ShellCommand(assignments: [], words: [], redirections: [], range: 3..<3, connector: connector, depth: 0)
    }
    #expect(PackedShellCommands(all, origin: 0).commands(at: 0) == all)
  }

  /// A value is packed as its place in the table of common words, so the table must not name one twice.
  @Test func commonWordsAreDistinct() {
    #expect(Set(commonShellWords).count == commonShellWords.count)
    #expect(commonShellWords.allSatisfy { !$0.isEmpty })
  }

  @Test func noCommandsTakeNoBuffer() {
    let packed = PackedShellCommands([], origin: 40)
    #expect(packed.bytes.isEmpty)
    #expect(packed.commands(at: 7).isEmpty)
  }

  /// What the cache is for: a typical install line packs into a small fraction of what its commands take as
  /// arrays (two commands of seven words: hundreds of bytes in 12 heap blocks).
  @Test func typicalLinePacksSmall() {
    let text = "apt-get update && apt-get install -y --no-install-recommends curl ca-certificates"
    let commands = parseShell(Array(text.utf8), baseOffset: 4).expanded
    let valueBytes = commands.reduce(0) { $0 + $1.words.reduce(0) { $0 + $1.value.count } }
    let packed = PackedShellCommands(commands, origin: 0)
    // The values themselves, plus about four bytes per word and command.
    #expect(packed.bytes.count <= valueBytes + 4 * (2 + 8))
    #expect(packed.commands(at: 0) == commands)
  }

  /// Every RUN of the real-world corpus, as the analysis caches it (`RuleContext.computeShellCommands`, heredoc
  /// scripts and `sh -c` expansions included), packed at its node's start and unpacked where an edit above
  /// could have moved it.
  @Test func corpusRunsRoundTrip() throws {
    let directory = "/work/shared/corpus/real"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    var rng = AnalysisRandom(state: 0xC0_4405)
    var checked = 0
    for name in names.sorted() where name.hasSuffix("Dockerfile") {
      let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)"))
      let tree = SyntaxTree([UInt8](data))
      for index in tree.nodes.indices {
        guard let ins = tree.instruction(atNode: index) else { continue }
        let commands = RuleContext.computeShellCommands(RuleContext.effective(ins))
        if commands.isEmpty { continue }
        checked += 1
        let start = tree.nodeStarts[index]
        expectRoundTrip(
          commands, origin: start, delta: Int.random(in: -start...10_000, using: &rng), "\(name) node \(index)")
      }
    }
    #expect(checked > 500)
  }
}
