// Bad input never crashes or hangs the parser: huge lines, huge continuations, many heredocs, random bytes.
import Testing

@testable import DockerfileSyntax

@Suite("Robustness")
struct RobustnessTests {
  @Test func fiftyMegabyteSingleLine() {
    var bytes = Array("FROM x\nRUN ".utf8)
    bytes.append(contentsOf: repeatElement(UInt8(ascii: "a"), count: 50 << 20))
    let tree = SyntaxTree(bytes)
    #expect(tree.nodes.reduce(0) { $0 + $1.length } == bytes.count)
    #expect(tree.fatalError?.message == "dockerfile line greater than max allowed size of 65535")
    #expect(tree.instructions.count == 2)
  }

  @Test func hundredThousandContinuationLines() {
    var text = "FROM x\nRUN true"
    for _ in 0..<100_000 { text += " \\\n  && true" }
    text += "\n"
    let tree = SyntaxTree(text)
    #expect(tree.fatalError == nil)
    #expect(tree.instructions.count == 2)
    #expect(tree.instructions[1].node.segments.count == 100_001)
    #expect(tokenText(tree) == tree.source)
  }

  @Test func tenThousandHeredocs() {
    var text = "FROM x\nRUN cat"
    for i in 0..<10_000 { text += " <<E\(i)" }
    text += "\n"
    for i in 0..<10_000 { text += "body \(i)\nE\(i)\n" }
    for i in 0..<10_000 { text += "COPY <<F\(i) /f\(i)\nx\nF\(i)\n" }
    let tree = SyntaxTree(text)
    // The opener line is longer than BuildKit's 64 KiB line limit, which BuildKit rejects; we still read it all.
    #expect(tree.fatalError?.message == "dockerfile line greater than max allowed size of 65535")
    #expect(tree.errors.count == 1)
    #expect(tree.instructions[1].heredocs.count == 10_000)
    #expect(tree.instructions.count == 10_002)
  }

  @Test func deepOnbuildNesting() {
    let text = "FROM x\n" + String(repeating: "ONBUILD ", count: 100_000) + "RUN x\n"
    let tree = SyntaxTree(text)
    #expect(tree.instructions.count == 2)
    var depth = 0
    var c = tree.instructions[1].child
    while let next = c {
      depth += 1
      c = next.child
    }
    #expect(depth == 100_000)
  }

  @Test func randomBytesNeverCrash() {
    var rng = SplitMix64(state: 42)
    let alphabet: [UInt8] =
      Array("FROM RUN COPY ENV ARG ONBUILD <<EOF \\`\"'[]{}$#=-\n\r\t ".utf8) + [0, 0xFF, 0xC2, 0xA0]
    for round in 0..<400 {
      let count = Int.random(in: 0..<600, using: &rng)
      let bytes: [UInt8] = (0..<count).map { _ in
        round % 2 == 0 ? UInt8.random(in: 0...255, using: &rng) : alphabet.randomElement(using: &rng)!
      }
      let tree = SyntaxTree(bytes)
      #expect(tree.source == bytes)
      #expect(tokenText(tree) == bytes)
      _ = tree.buildKitDump()
      _ = tree.treeDescription()
      for ins in tree.instructions {
        _ = ins.flags
        _ = ins.arguments
        _ = ins.heredocs
        _ = ins.pairs
      }
    }
  }
}
