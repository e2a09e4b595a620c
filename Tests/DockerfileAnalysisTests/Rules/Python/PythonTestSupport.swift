// Helpers shared by the Python rules' tests: run one rule over a marked-up source and compare ranges.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

/// Checks that `code` reports exactly the marked ranges of `source` (none when it has no markers).
func expectPythonFindings(
  _ code: String, _ source: String, buildContext: (any BuildContext)? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let (bytes, expected) = markedRanges(source)
  let actual = findingRanges(code, in: bytes, buildContext: buildContext)
  #expect(actual == expected, "\(source.debugDescription)", sourceLocation: sourceLocation)
}

/// The messages `code` reports for a source, with an optional build context.
func pythonMessages(_ code: String, _ source: String, buildContext: (any BuildContext)? = nil) -> [String] {
  var options = AnalysisOptions()
  options.enabled = [code]
  return analyze(SyntaxTree(Array(source.utf8)), options: options, buildContext: buildContext)
    .filter { $0.code == code }.map(\.message)
}
