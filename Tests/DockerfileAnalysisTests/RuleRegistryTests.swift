// The registry's invariants: unique, well-formed codes and names; every rule's documented bad example is
// reported by it and its good example by no rule that runs by default; docs/rules.md is generated from it.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

@Suite("Rule registry")
struct RuleRegistryTests {
  @Test func codesAndNamesAreUniqueAndWellFormed() {
    let codes = RuleRegistry.all.map(\.descriptor.code)
    #expect(Set(codes).count == codes.count)
    #expect(Set(RuleRegistry.all.map(\.descriptor.name)).count == codes.count)
    let aliases = RuleRegistry.all.flatMap(\.descriptor.aliases).map { $0.lowercased() }
    #expect(Set(aliases).count == aliases.count, "an alias names two rules")
    for d in RuleRegistry.all.map(\.descriptor) {
      #expect(d.code.hasPrefix("DF") && d.code.count == 5 && d.code.dropFirst(2).allSatisfy(\.isNumber))
      #expect(d.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" })
      #expect(!d.documentation.why.isEmpty && !d.summary.isEmpty)
    }
  }

  @Test(arguments: RuleRegistry.all.map(\.descriptor.code))
  func documentedExamples(_ code: String) {
    let d = RuleRegistry.rule(code: code)!.descriptor
    // The bad example is reported by the rule (turned on when it is off by default; DL3026 needs a trusted
    // registry to be active).
    var options = AnalysisOptions()
    options.enabled = [d.code]
    if d.aliases.contains("DL3026") { options.settings.trustedRegistries = ["registry.example.com"] }
    // Context-aware rules read a build context: the bad example is reported with one holding a `.dockerignore`
    // (that it may violate) or one with none; the good example is clean in a context that has its files.
    let withIgnore = InMemoryBuildContext(files: ["app.py"], dockerignore: ".env\n*.log\n")
    let withoutIgnore = InMemoryBuildContext(files: ["app.py", "requirements.txt"])
    let reported = [withIgnore, withoutIgnore].contains { context in
      analyze(SyntaxTree(d.documentation.bad), options: options, buildContext: context).contains { $0.code == d.code }
    }
    #expect(reported, "bad example")
    let complete = InMemoryBuildContext(
      files: ["app.py", "requirements.txt", "pyproject.toml", "app/main.py"], dockerignore: ".git\n.venv\n")
    let good = analyze(SyntaxTree(d.documentation.good), options: options, buildContext: complete)
    #expect(good.isEmpty, "good example: \(good.map { "\($0.code) \($0.message)" })")
  }

  @Test func parserFindingsCarryRuleCodes() {
    let codes = analyze(SyntaxTree("FROM x:1\nUSER app\nRUNN y\nRUN a \\\n\n b\nRUN <<EOF\n")).map(\.code)
    #expect(codes == ["DF002", "DF003", "DF001"])
  }
}

@Suite("Generated rule docs")
struct RuleDocsTests {
  /// `docs/rules.md` is generated from the registry; regenerate with `UPDATE_GOLDEN=1 swift test`.
  @Test func rulesMarkdownIsCurrent() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/rules.md")
    let generated = RuleRegistry.markdown()
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try generated.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    #expect(try String(contentsOf: url, encoding: .utf8) == generated, "docs/rules.md is stale")
  }
}
