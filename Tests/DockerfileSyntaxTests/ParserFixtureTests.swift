// Golden tests over our own fixtures: the tree with byte ranges, BuildKit's dump, and the lossless round trip.
import Foundation
import Testing

@testable import DockerfileSyntax

let parserFixtures: [String] = {
  let dir = fixturesRoot.appendingPathComponent("parser")
  let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
  return names.filter { $0.hasSuffix(".Dockerfile") }.map { String($0.dropLast(".Dockerfile".count)) }.sorted()
}()

@Suite("Parser fixtures")
struct ParserFixtureTests {
  @Test func fixturesExist() { #expect(parserFixtures.count >= 15) }

  @Test(arguments: parserFixtures)
  func fixture(_ name: String) throws {
    let dir = fixturesRoot.appendingPathComponent("parser")
    let bytes = try readBytes(dir.appendingPathComponent("\(name).Dockerfile"))
    let tree = SyntaxTree(bytes)
    #expect(tree.source == bytes)
    #expect(tokenText(tree) == bytes, "tokens must reproduce the input")
    #expect(tree.nodes.reduce(0) { $0 + $1.length } == bytes.count)
    try assertGolden(tree.treeDescription(), dir.appendingPathComponent("\(name).tree"))
    let dump: String
    if let d = tree.buildKitDump() {
      dump = String(decoding: d, as: UTF8.self)
    } else {
      dump = "error: \(tree.fatalError!.message)\n"
    }
    try assertGolden(dump, dir.appendingPathComponent("\(name).dump"))
  }
}
