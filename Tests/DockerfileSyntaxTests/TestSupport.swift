// Shared helpers for the syntax tests: fixture paths, the shared corpus location, and golden files.
import Foundation
import Testing

@testable import DockerfileSyntax

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// Our own fixtures.
let fixturesRoot = packageRoot.appendingPathComponent("Tests/DockerfileSyntaxTests/Fixtures")

/// The shared conformance corpus: `$DOCKERFILE_LSP_CORPUS`, else `../shared/corpus` beside the clone.
let corpusRoot: URL = {
  if let env = ProcessInfo.processInfo.environment["DOCKERFILE_LSP_CORPUS"], !env.isEmpty {
    return URL(fileURLWithPath: env)
  }
  return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
}()

/// Whether the shared corpus is present. When `DOCKERFILE_LSP_REQUIRE_CORPUS=1` (CI), its absence is a failure.
let corpusAvailable: Bool = {
  let ok = FileManager.default.fileExists(atPath: corpusRoot.appendingPathComponent("buildkit-parser").path)
  if !ok {
    let message = "SKIPPED: shared corpus not found at \(corpusRoot.path); BuildKit conformance tests did not run"
    FileHandle.standardError.write(Data(("\n*** " + message + " ***\n\n").utf8))
  }
  return ok
}()

/// True in CI, where the corpus must be there.
let corpusRequired = ProcessInfo.processInfo.environment["DOCKERFILE_LSP_REQUIRE_CORPUS"] == "1"

/// Reads a file as bytes.
func readBytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

/// Compares `actual` with a golden file, rewriting it when `UPDATE_GOLDEN=1`.
func assertGolden(_ actual: String, _ url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
  if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
    try actual.write(to: url, atomically: true, encoding: .utf8)
    return
  }
  guard FileManager.default.fileExists(atPath: url.path) else {
    Issue.record("missing golden \(url.lastPathComponent); run with UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
    return
  }
  let expected = try String(contentsOf: url, encoding: .utf8)
  #expect(actual == expected, "golden \(url.lastPathComponent) differs", sourceLocation: sourceLocation)
}

/// The concatenated token text of a tree.
func tokenText(_ tree: SyntaxTree) -> [UInt8] {
  var out: [UInt8] = []
  for t in tree.tokens() { out.append(contentsOf: tree.source[t.range]) }
  return out
}

/// A structural fingerprint of a tree, for comparing an incremental result with a fresh parse.
func fingerprint(_ tree: SyntaxTree) -> String {
  tree.treeDescription()
}
