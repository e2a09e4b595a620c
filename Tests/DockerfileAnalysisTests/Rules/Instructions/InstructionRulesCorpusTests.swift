// Agreement of the instruction family (DF501-DF526, and DF206 for DL4000) with hadolint's own test cases in the
// shared corpus (`hadolint-cases/cases.json`). Cases with `# hadolint` pragmas test suppression, not the rules,
// and are skipped.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

@Suite(
  "Instruction rules: hadolint corpus",
  .enabled(
    if: FileManager.default.fileExists(
      atPath: analysisCorpusRoot.appendingPathComponent("hadolint-cases/cases.json").path)))
struct InstructionRulesCorpusTests {
  /// The DL codes this family answers to.
  static let codes: Set<String> = [
    "DL3000", "DL3002", "DL3006", "DL3007", "DL3011", "DL3020", "DL3021", "DL3022", "DL3023", "DL3024", "DL3025",
    "DL3026", "DL3029", "DL3043", "DL3044", "DL3045", "DL3048", "DL3057", "DL3061", "DL3063", "DL3064", "DL3065",
    "DL3066", "DL3067", "DL4000", "DL4003", "DL4004",
  ]

  /// Cases where we knowingly differ from hadolint, by rule and Dockerfile, with the reason.
  static let knownDifferences: [String: String] = [:]

  @Test func agreementWithHadolint() throws {
    let url = analysisCorpusRoot.appendingPathComponent("hadolint-cases/cases.json")
    let cases = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [[String: Any]]
    var perRule: [String: (agree: Int, total: Int)] = [:]
    var disagreements: [String] = []
    for c in cases {
      guard let code = c["rule"] as? String, Self.codes.contains(code) else { continue }
      let onbuild = c["onbuild"] as? Bool ?? false
      let text = ((onbuild ? c["dockerfile_onbuild"] : c["dockerfile"]) as? String ?? "") + "\n"
      if text.contains("# hadolint") || text.contains("#hadolint") { continue }
      var options = AnalysisOptions()
      options.enabled = [code]
      if let config = c["config"] as? [String: Any], let trusted = config["trustedRegistries"] as? [String] {
        options.settings.trustedRegistries = trusted
      }
      let count = analyze(SyntaxTree(Array(text.utf8)), options: options).filter {
        RuleRegistry.rule($0.code)?.descriptor.answers(to: code) == true
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
      var entry = perRule[code] ?? (0, 0)
      entry.total += 1
      if ok {
        entry.agree += 1
      } else if Self.knownDifferences["\(code) \(text)"] == nil {
        disagreements.append(
          "\(code) expect=\(expect) count=\(pinned.map(String.init) ?? "-") got=\(count): \(text.debugDescription)")
      }
      perRule[code] = entry
    }
    for code in perRule.keys.sorted() {
      let e = perRule[code]!
      print("corpus \(code): \(e.agree)/\(e.total)")
    }
    #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
  }
}
