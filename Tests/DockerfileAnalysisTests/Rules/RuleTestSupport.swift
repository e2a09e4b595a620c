// Shared helpers for rule tests: marker stripping and running one rule's code over a source.
import DockerfileSyntax

@testable import DockerfileAnalysis

/// Removes 1️⃣…4️⃣ markers; returns the bytes and the marked ranges in order.
func markedRanges(_ text: String) -> ([UInt8], [Range<Int>]) {
  var bytes: [UInt8] = []
  var marks: [String: Int] = [:]
  var rest = Substring(text)
  outer: while !rest.isEmpty {
    for m in ["1️⃣", "2️⃣", "3️⃣", "4️⃣"] where rest.hasPrefix(m) {
      marks[m] = bytes.count
      rest = rest.dropFirst(m.count)
      continue outer
    }
    bytes += Array(String(rest.first!).utf8)
    rest = rest.dropFirst()
  }
  var ranges: [Range<Int>] = []
  if let a = marks["1️⃣"], let b = marks["2️⃣"] { ranges.append(a..<b) }
  if let a = marks["3️⃣"], let b = marks["4️⃣"] { ranges.append(a..<b) }
  return (bytes, ranges)
}

/// The ranges of the findings with `code` for a marked-up source, with every rule enabled that `code` names
/// (so off-by-default rules can be tested) and the given settings and build context.
func findingRanges(
  _ code: String, in bytes: [UInt8], settings: RuleSettings = RuleSettings(),
  buildContext: (any BuildContext)? = nil
) -> [Range<Int>] {
  var options = AnalysisOptions()
  options.enabled = [code]
  options.settings = settings
  return analyze(SyntaxTree(bytes), options: options, buildContext: buildContext).filter { $0.code == code }.map(
    \.range)
}

/// The messages of the findings with `code` for a source.
func findingMessages(_ code: String, in source: String, settings: RuleSettings = RuleSettings()) -> [String] {
  var options = AnalysisOptions()
  options.enabled = [code]
  options.settings = settings
  return analyze(SyntaxTree(Array(source.utf8)), options: options).filter { $0.code == code }.map(\.message)
}
