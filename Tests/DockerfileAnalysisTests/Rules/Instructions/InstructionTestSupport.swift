// Helpers for the instruction family's tests: marked fixtures checked against one rule's findings.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

/// Checks that rule `code` (enabled even when off by default) reports exactly the marked ranges of `source`.
func expectMarkedFindings(
  _ code: String, _ source: String, settings: RuleSettings = RuleSettings(),
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let (bytes, expected) = markedRanges(source)
  let actual = findingRanges(code, in: bytes, settings: settings)
  #expect(actual == expected, "\(code) on \(source.debugDescription)", sourceLocation: sourceLocation)
}

/// Checks that rule `code` (enabled even when off by default) reports nothing in `source`.
func expectNoFindings(
  _ code: String, _ source: String, settings: RuleSettings = RuleSettings(),
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let actual = findingRanges(code, in: Array(source.utf8), settings: settings)
  #expect(actual.isEmpty, "\(code) on \(source.debugDescription)", sourceLocation: sourceLocation)
}
