// Helpers for the dispatch rule tests (DF010-DF099): a fixture fires with exactly its marked ranges, or stays
// silent; messages are checked where BuildKit's wording matters.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

/// Checks that `code` reports exactly the ranges marked in `source` (1️⃣…2️⃣, then 3️⃣…4️⃣).
func expectDispatchFindings(_ code: String, _ source: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let (bytes, expected) = markedRanges(source)
  #expect(!expected.isEmpty, "fixture without markers", sourceLocation: sourceLocation)
  #expect(
    findingRanges(code, in: bytes) == expected, "\(code) \(source.debugDescription)", sourceLocation: sourceLocation)
}

/// Checks that `code` reports nothing for `source`.
func expectNoDispatchFindings(_ code: String, _ source: String, sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(
    findingRanges(code, in: Array(source.utf8)).isEmpty, "\(code) \(source.debugDescription)",
    sourceLocation: sourceLocation)
}

/// The messages `code` reports for `source`.
func dispatchMessages(_ code: String, _ source: String) -> [String] { findingMessages(code, in: source) }
