// Agreement of the package-manager rules (DF601-DF616) with hadolint's own test cases for DL3008-DL3041
// (`hadolint-cases/cases.json`): the family's conformance test until a shared harness exists.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

/// The hadolint cases file: `$DOCKERFILE_LSP_CORPUS`, else `shared/corpus` beside the clone, else /work/shared.
let packageCorpusFile: URL = {
  let relative = "hadolint-cases/cases.json"
  let candidates = [
    analysisCorpusRoot.appendingPathComponent(relative),
    URL(fileURLWithPath: "/work/shared/corpus").appendingPathComponent(relative),
  ]
  return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
}()

@Suite(
  "DF6xx hadolint corpus",
  .enabled(
    if: FileManager.default.fileExists(atPath: packageCorpusFile.path)
      || ProcessInfo.processInfo.environment["DOCKERFILE_LSP_REQUIRE_CORPUS"] == "1"))
struct PackageManagerCorpusTests {
  /// Cases we knowingly disagree with, by rule and Dockerfile, with the reason.
  static let knownDisagreements: [String: String] = [:]

  @Test func agreement() throws {
    let cases = try JSONSerialization.jsonObject(with: Data(contentsOf: packageCorpusFile)) as! [[String: Any]]
    let ours = Set(PackageManagerRules.all.flatMap(\.descriptor.aliases))
    var perRule: [String: (agree: Int, total: Int)] = [:]
    var unexpected: [String] = []
    for c in cases {
      guard let rule = c["rule"] as? String, ours.contains(rule) else { continue }
      let onbuild = c["onbuild"] as? Bool ?? false
      let text = ((onbuild ? c["dockerfile_onbuild"] : c["dockerfile"]) as? String ?? "") + "\n"
      if text.contains("# hadolint") { continue }
      var options = AnalysisOptions()
      options.enabled = [rule]
      options.honourSuppressionComments = false
      if let config = c["config"] as? [String: Any], let registries = config["trustedRegistries"] as? [String] {
        options.settings.trustedRegistries = registries
      }
      let count = analyze(SyntaxTree(text), options: options).filter {
        RuleRegistry.rule($0.code)?.descriptor.answers(to: rule) == true
      }.count
      let expect = c["expect"] as? Bool ?? false
      let pinned = c["count"] as? Int
      let ok: Bool
      if !expect {
        ok = count == 0
      } else if onbuild {
        ok = count == 1
      } else if let pinned {
        ok = count == pinned
      } else {
        ok = count >= 1
      }
      perRule[rule, default: (0, 0)].total += 1
      if ok {
        perRule[rule, default: (0, 0)].agree += 1
      } else if Self.knownDisagreements[rule + " " + text] == nil {
        unexpected.append("\(rule) onbuild=\(onbuild) expect=\(expect) got \(count): \(text.debugDescription)")
      }
    }
    for (rule, r) in perRule.sorted(by: { $0.key < $1.key }) { print("\(rule): \(r.agree)/\(r.total)") }
    #expect(perRule.count == ours.count, "every rule has cases")
    #expect(unexpected.isEmpty, "\(unexpected.joined(separator: "\n"))")
  }
}
