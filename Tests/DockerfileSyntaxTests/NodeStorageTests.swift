// The compact storage of nodes: 32-bit offsets behind `Range<Int>` properties, and side objects for what few
// nodes and instructions have. Whatever goes in comes back out, side objects exist exactly when there is
// something to put in them, and plain lines cost no more than they must.
import Testing

@testable import DockerfileSyntax

@Suite("Node storage")
struct NodeStorageTests {
  /// A random range within `0..<limit`.
  static func range(_ rng: inout SplitMix64, _ limit: Int = 100_000) -> Range<Int> {
    let a = Int.random(in: 0...limit, using: &rng)
    return a..<(a + Int.random(in: 0...1000, using: &rng))
  }

  /// Empty in about half of the draws, else one to three elements made by `make`.
  static func some<T>(_ rng: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> [T] {
    Bool.random(using: &rng) ? [] : (0..<Int.random(in: 1...3, using: &rng)).map { _ in make(&rng) }
  }

  static func flag(_ rng: inout SplitMix64) -> FlagSyntax {
    FlagSyntax(range: range(&rng), processed: Bool.random(using: &rng) ? nil : [0x2D, 0x2D, 0x61])
  }

  static func pair(_ rng: inout SplitMix64) -> KeyValueSyntax {
    KeyValueSyntax(key: range(&rng), value: range(&rng), isLegacy: Bool.random(using: &rng))
  }

  static func heredoc(_ rng: inout SplitMix64) -> HeredocSyntax {
    HeredocSyntax(
      name: [0x45, 0x4F, 0x46], fileDescriptor: UInt.random(in: 0...3, using: &rng), chomp: Bool.random(using: &rng),
      expand: Bool.random(using: &rng), opener: range(&rng), body: range(&rng),
      terminator: Bool.random(using: &rng) ? nil : range(&rng))
  }

  static func argument(_ rng: inout SplitMix64) -> ArgumentSyntax {
    ArgumentSyntax(range: range(&rng), kind: [.word, .quotedWord, .jsonString, .rest].randomElement(using: &rng)!)
  }

  static func instruction(_ rng: inout SplitMix64) -> InstructionSyntax {
    InstructionSyntax(
      kind: InstructionKind.allCases.randomElement(using: &rng)!, keyword: range(&rng), flags: some(&rng, flag),
      arguments: some(&rng, argument), pairs: some(&rng, pair),
      form: [.none, .json, .shell].randomElement(using: &rng)!,
      argumentText: range(&rng), heredocs: some(&rng, heredoc))
  }

  @Test func instructionFieldsComeBackAsGiven() {
    var rng = SplitMix64(state: 7)
    for _ in 0..<2000 {
      let (kind, keyword, text) = (
        InstructionKind.allCases.randomElement(using: &rng)!, Self.range(&rng), Self.range(&rng)
      )
      let (flags, arguments, pairs, heredocs) = (
        Self.some(&rng, Self.flag), Self.some(&rng, Self.argument), Self.some(&rng, Self.pair),
        Self.some(&rng, Self.heredoc)
      )
      var ins = InstructionSyntax(
        kind: kind, keyword: keyword, flags: flags, arguments: arguments, pairs: pairs, form: .shell,
        argumentText: text, heredocs: heredocs)
      #expect(ins.kind == kind && ins.keyword == keyword && ins.argumentText == text && ins.form == .shell)
      #expect(ins.flags == flags && ins.arguments == arguments && ins.pairs == pairs && ins.heredocs == heredocs)
      #expect((ins.extras == nil) == (flags.isEmpty && pairs.isEmpty && heredocs.isEmpty))
      // Setting one of the side object's parts keeps the others.
      let newFlags = Self.some(&rng, Self.flag)
      ins.flags = newFlags
      #expect(ins.flags == newFlags && ins.pairs == pairs && ins.heredocs == heredocs)
      ins.pairs = []
      ins.heredocs = []
      #expect(ins.pairs.isEmpty && ins.heredocs.isEmpty && ins.flags == newFlags)
      ins.flags = []
      #expect(ins.extras == nil, "no side object once every part is empty")
    }
  }

  /// One `rest` argument spanning the argument text is kept as a flag, not an array, and reads back the same;
  /// moving the argument text keeps the argument where it was.
  @Test func aRestArgumentSpanningTheArgumentTextIsAFlag() {
    let rest = ArgumentSyntax(range: 4..<20, kind: .rest)
    var ins = InstructionSyntax(kind: .run, keyword: 0..<3, arguments: [rest], form: .shell, argumentText: 4..<20)
    #expect(ins.argumentsAreRest && ins.storedArguments.isEmpty)
    #expect(ins.arguments == [rest] && ins.argumentCount == 1)
    ins.argumentText = 5..<20
    #expect(!ins.argumentsAreRest && ins.arguments == [rest] && ins.argumentCount == 1)
    ins.arguments = [ArgumentSyntax(range: 5..<20, kind: .rest)]
    #expect(ins.argumentsAreRest)
    ins.arguments = []
    #expect(!ins.argumentsAreRest && ins.arguments.isEmpty && ins.argumentCount == 0)
    // Not a flag: another kind, another range, more than one.
    for arguments in [
      [ArgumentSyntax(range: 4..<20, kind: .word)], [ArgumentSyntax(range: 4..<19, kind: .rest)], [rest, rest],
    ] {
      let other = InstructionSyntax(
        kind: .run, keyword: 0..<3, arguments: arguments, form: .shell, argumentText: 4..<20)
      #expect(!other.argumentsAreRest && other.arguments == arguments && other.argumentCount == arguments.count)
    }
    // Parsed: shell-form RUN and USER use the flag; exec form and HEALTHCHECK (type word, then the rest) do not.
    for (line, flagged) in [
      ("RUN apt-get update", true), ("USER nobody", true), ("RUN [\"a\", \"b\"]", false),
      ("HEALTHCHECK CMD true", false), ("COPY a b", false),
    ] {
      let tree = SyntaxTree("FROM alpine\n" + line + "\n")
      let syntax = tree.nodes[1].instruction!
      #expect(syntax.argumentsAreRest == flagged, "\(line)")
      let instruction = tree.instruction(atNode: 1)!
      #expect(instruction.argumentCount == syntax.arguments.count)
      #expect(
        (0..<instruction.argumentCount).compactMap { instruction.argument($0)?.value }
          == instruction.arguments.map(\.value))
    }
  }

  @Test func nodeFieldsComeBackAsGiven() {
    var rng = SplitMix64(state: 11)
    for _ in 0..<2000 {
      let nested = Self.some(&rng, Self.instruction)
      let segments = (0..<Int.random(in: 0...4, using: &rng)).map { k in
        LineSegment(
          sourceStart: 10 * k + Int.random(in: 0...5, using: &rng), logicalStart: 7 * k,
          length: Int.random(in: 0...7, using: &rng))
      }
      let directive =
        Bool.random(using: &rng) ? nil : DirectiveSyntax(name: "escape", nameRange: 2..<8, valueRange: 9..<10)
      let errors = Self.some(&rng) { r in
        SyntaxError(
          range: Self.range(&r), message: "m", kind: [.fatal, .instruction, .warning].randomElement(using: &r)!)
      }
      let instruction = Bool.random(using: &rng) ? nil : Self.instruction(&rng)
      let (length, newlines, headEnd) = (
        Int.random(in: 0...1_000_000, using: &rng), Int.random(in: 0...1000, using: &rng),
        Int.random(in: 0...1_000_000, using: &rng)
      )
      let node = SyntaxNode(
        kind: .instruction, length: length, newlineCount: newlines, instruction: instruction, nested: nested,
        segments: segments[...], directive: directive, errors: errors, headEnd: headEnd)
      #expect(node.length == length && node.newlineCount == newlines && node.headEnd == headEnd)
      #expect(node.instruction?.keyword == instruction?.keyword && node.instruction?.kind == instruction?.kind)
      #expect(node.nested.map(\.keyword) == nested.map(\.keyword) && node.directive == directive)
      #expect(node.errors == errors && node.hasErrors == !errors.isEmpty)
      // The first segment's logical start is not stored: the logical line starts with it.
      let expectedSegments = segments.isEmpty ? [LineSegment(sourceStart: 0, logicalStart: 0, length: 0)] : segments
      #expect(node.segments == expectedSegments && node.segmentCount == expectedSegments.count)
      #expect((node.extras == nil) == (nested.isEmpty && segments.count <= 1 && directive == nil && errors.isEmpty))
    }
  }

  /// Lines with each rare part, and without any: parsed alone and among others, each reproduces its text, and
  /// its node has a side object exactly when it has such a part.
  @Test func linesWithAndWithoutRarePartsKeepTextAndStructure() {
    let plain = [
      "RUN apt-get update\n", "FROM alpine AS base\n", "CMD [\"a\", \"b\"]\n", "# comment\n", "\n", "USER nobody\n",
      "ARG A=1\n", "HEALTHCHECK CMD true\n",
    ]
    let rare = [
      "RUN a \\\n  b\n", "ONBUILD RUN x\n", "COPY --from=base /a /b\n", "ENV A=1 B=2\n", "LABEL k v\n",
      "RUN <<EOF\nbody\nEOF\n", "FOO bar\n", "RUN a \\\n\n b\n",
    ]
    for line in plain + rare {
      let text = "FROM alpine\n" + line + "RUN after\n"
      let tree = SyntaxTree(text)
      #expect(tree.source == Array(text.utf8))
      #expect(tokenText(tree) == tree.source, "\(line.debugDescription)")
      #expect(tree.nodes.reduce(0) { $0 + $1.length } == tree.source.count)
      let node = tree.nodes[1]
      let instructionExtras = node.instruction?.extras != nil
      #expect(
        (node.extras != nil || instructionExtras) == rare.contains(line),
        "\(line.debugDescription): side objects \(node.extras != nil) \(instructionExtras)")
      // The logical line read through the segments is the one the instruction's ranges index.
      if let ins = tree.instruction(atNode: 1) {
        let logical = ins.logicalLine
        #expect(node.logicalLength == logical.count)
        #expect(ins.syntax.keyword.upperBound <= logical.count && ins.syntax.argumentText.upperBound <= logical.count)
        #expect(ins.keyword.text == Array(logical[ins.syntax.keyword]))
      }
    }
  }

  /// The sizes the tree's memory depends on (a server holds a node per line of every open document).
  @Test func storageStaysCompact() {
    #expect(MemoryLayout<InstructionSyntax?>.size == 40)
    #expect(MemoryLayout<ArgumentSyntax>.stride == 12)
    #expect(MemoryLayout<LineSegment>.stride == 12)
    #expect(MemoryLayout<KeyValueSyntax>.stride == 20)
  }

  /// Typing into a large text copies it now and then, not doubling its buffer.
  @Test func typingKeepsLittleSpareCapacity() throws {
    var text = ""
    for i in 0..<20_000 { text += "RUN echo \(i)\n" }
    var tree = SyntaxTree(text)
    var expected = Array(text.utf8)
    let at = expected.count / 2
    for k in 0..<10_000 {
      try tree.apply(TextEdit(range: (at + k)..<(at + k), replacement: "x"))
      expected.insert(UInt8(ascii: "x"), at: at + k)
    }
    #expect(tree.source == expected)
    #expect(tree.source.capacity <= expected.count + max(8192, expected.count / 32))
    #expect(tokenText(tree) == tree.source)
  }
}
