// Agreement with hadolint's own test cases (`hadolint-cases/cases.json`) for every rule that answers to a DL
// code. A case gives a Dockerfile, a rule and the expected verdict (some findings, none, or an exact count);
// hadolint's harness runs every rule and its `# hadolint` pragmas, then filters by the rule, and so do we.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

let hadolintCorpusCasesFile = analysisCorpusRoot.appendingPathComponent("hadolint-cases/cases.json")

/// One case's outcome.
struct HadolintCaseResult {
  var rule: String
  var agrees: Bool
  var detail: String
}

/// Runs every case whose rule we alias.
func runHadolintCases() throws -> [HadolintCaseResult] {
  let cases = try JSONSerialization.jsonObject(with: Data(contentsOf: hadolintCorpusCasesFile)) as! [[String: Any]]
  var results: [HadolintCaseResult] = []
  for c in cases {
    guard let rule = c["rule"] as? String, rule.hasPrefix("DL"), let ours = RuleRegistry.rule(rule) else { continue }
    let onbuild = c["onbuild"] as? Bool ?? false
    let text = ((onbuild ? c["dockerfile_onbuild"] : c["dockerfile"]) as? String ?? "") + "\n"
    var options = AnalysisOptions()
    options.enabled = [rule]
    if let config = c["config"] as? [String: Any], let registries = config["trustedRegistries"] as? [String] {
      options.settings.trustedRegistries = registries
    }
    let count = analyze(SyntaxTree(text), options: options).filter { $0.code == ours.descriptor.code }.count
    let expect = c["expect"] as? Bool ?? false
    let pinned = c["count"] as? Int
    let ok: Bool
    let wanted: String
    if !expect {
      (ok, wanted) = (count == 0, "0")
    } else if onbuild {
      (ok, wanted) = (count == 1, "1")
    } else if let pinned {
      (ok, wanted) = (count == pinned, "\(pinned)")
    } else {
      (ok, wanted) = (count >= 1, ">=1")
    }
    results.append(
      HadolintCaseResult(
        rule: rule, agrees: ok,
        detail: "\(rule) onbuild=\(onbuild) want \(wanted) got \(count): \(text.debugDescription)"))
  }
  return results
}

@Suite(
  "hadolint corpus",
  .enabled(
    if: FileManager.default.fileExists(atPath: hadolintCorpusCasesFile.path)
      || ProcessInfo.processInfo.environment["DOCKERFILE_LSP_REQUIRE_CORPUS"] == "1"))
struct HadolintCorpusTests {
  /// Cases we knowingly disagree with (the exact `detail` line), each with its reason; docs/conformance.md
  /// lists them too.
  static let knownDisagreements: [String: String] = [:]

  @Test func agreement() throws {
    let results = try runHadolintCases()
    var perRule: [String: (agree: Int, total: Int)] = [:]
    for r in results {
      perRule[r.rule, default: (0, 0)].total += 1
      if r.agrees { perRule[r.rule, default: (0, 0)].agree += 1 }
    }
    print("hadolint corpus agreement (rule: agreeing/cases):")
    for (rule, r) in perRule.sorted(by: { $0.key < $1.key }) {
      print("  \(rule) \(RuleRegistry.rule(rule)!.descriptor.code): \(r.agree)/\(r.total)")
    }
    let agree = results.filter(\.agrees).count
    print("hadolint corpus: \(agree)/\(results.count) cases agree for \(perRule.count) aliased rules")
    let unexplained = results.filter { !$0.agrees && Self.knownDisagreements[$0.detail] == nil }
    for r in results where !r.agrees { print("  disagree: \(r.detail)") }
    #expect(unexplained.isEmpty, "\(unexplained.map(\.detail).joined(separator: "\n"))")
    #expect(Double(agree) >= 0.97 * Double(results.count))
  }
}
