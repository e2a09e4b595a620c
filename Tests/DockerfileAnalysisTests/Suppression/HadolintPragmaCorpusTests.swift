// hadolint's pragma cases from the shared corpus (`hadolint-cases/cases.json`, sources containing `# hadolint`):
// first with our real rules (the cases whose rule the registry has), then with stand-in findings on the
// instructions hadolint's rule reports, so the pragma semantics are checked even where the rule is not ours yet.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

let hadolintCasesFile = analysisCorpusRoot.appendingPathComponent("hadolint-cases/cases.json")
let hadolintCasesAvailable =
  FileManager.default.fileExists(atPath: hadolintCasesFile.path)
  || ProcessInfo.processInfo.environment["DOCKERFILE_LSP_REQUIRE_CORPUS"] == "1"

/// One corpus case, as far as these tests read it.
struct HadolintPragmaCase {
  var rule: String
  var source: String
  var expect: Bool
  var onbuild: Bool
  var count: Int?
  var config: [String: Any]
  var title: String

  /// Whether `found` findings agree with the case (the corpus's verdict rules).
  func agrees(_ found: Int) -> Bool {
    if !expect { return found == 0 }
    if onbuild { return found == 1 }
    if let count { return found == count }
    return found >= 1
  }

  /// The cases whose source has a hadolint pragma.
  static func load() throws -> [HadolintPragmaCase] {
    let raw = try JSONSerialization.jsonObject(with: Data(contentsOf: hadolintCasesFile)) as! [[String: Any]]
    return raw.compactMap { c in
      let onbuild = c["onbuild"] as? Bool ?? false
      let text = (onbuild ? c["dockerfile_onbuild"] as? String : c["dockerfile"] as? String) ?? ""
      guard text.contains("# hadolint") else { return nil }
      return HadolintPragmaCase(
        rule: c["rule"] as? String ?? "", source: text + "\n", expect: c["expect"] as? Bool ?? true,
        onbuild: onbuild, count: c["count"] as? Int, config: c["config"] as? [String: Any] ?? [:],
        title: "\(c["rule"] ?? "?") \(c["it"] ?? "")")
    }
  }
}

@Suite("hadolint pragma corpus", .enabled(if: hadolintCasesAvailable))
struct HadolintPragmaCorpusTests {
  @Test func agreementWithOurRules() throws {
    var agree = 0
    var considered = 0
    var disagreements: [String] = []
    for c in try HadolintPragmaCase.load() {
      guard let rule = RuleRegistry.rule(c.rule) else { continue }
      var options = AnalysisOptions()
      options.enabled = [c.rule]
      options.settings.trustedRegistries = c.config["trustedRegistries"] as? [String] ?? []
      options.disabled = Set(c.config["ignored"] as? [String] ?? [])
      let found = analyze(SyntaxTree(c.source), options: options).filter { $0.code == rule.descriptor.code }.count
      considered += 1
      if c.agrees(found) { agree += 1 } else { disagreements.append("\(c.title): \(found) findings") }
    }
    print("hadolint pragma cases with our rules: \(agree)/\(considered) agree")
    #expect(disagreements.isEmpty, "\(disagreements)")
  }

  /// The instructions hadolint's rule reports in these cases, by rule: a stand-in finding on each.
  static let standIns: [String: @Sendable (Instruction, String) -> Bool] = [
    "DL3002": { ins, _ in ins.kind == .user && ins.arguments.first?.string == "root" },
    "DL3011": { ins, _ in ins.kind == .expose && ins.arguments.contains { Int($0.string).map { $0 > 65535 } ?? false }
    },
    "DL3021": { ins, _ in
      ins.kind == .copy && ins.arguments.count > 2 && ins.arguments.last?.string.hasSuffix("/") == false
    },
    "DL3023": { ins, alias in ins.kind == .copy && ins.flags.contains { $0.stringValue == alias } },
    "DL3012": { ins, _ in false },
  ]

  @Test func pragmaSemanticsWithStandInFindings() throws {
    var considered = 0
    var disagreements: [String] = []
    for c in try HadolintPragmaCase.load() {
      guard let fires = Self.standIns[c.rule] else { continue }
      let tree = SyntaxTree(c.source)
      let suppressions = Suppressions(tree: tree)
      let descriptor = standInDescriptor([c.rule])
      var alias = ""
      var found = 0
      for ins in tree.instructions {
        if ins.kind == .from, let last = ins.arguments.last, ins.arguments.count >= 3 { alias = last.string }
        if fires(ins, alias) && !suppressions.suppresses(descriptor, range: ins.keyword.range) { found += 1 }
      }
      considered += 1
      if !c.agrees(found) { disagreements.append("\(c.title): \(found) findings") }
    }
    print("hadolint pragma cases with stand-in findings: \(considered - disagreements.count)/\(considered) agree")
    #expect(considered >= 12)
    #expect(disagreements.isEmpty, "\(disagreements)")
  }
}
