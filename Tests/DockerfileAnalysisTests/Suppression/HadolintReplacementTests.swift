// A `# hadolint ignore=` pragma for a DL rule that is off by default here also silences the default rule
// that reports the same mistake, so pragmas written for hadolint keep working after a switch.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("hadolint pragmas and replacement rules")
struct HadolintReplacementTests {
  func codes(_ source: String) -> [String] { analyze(SyntaxTree(Array(source.utf8))).map(\.code) }

  @Test func pragmaForAReplacedRuleSilencesTheReplacement() {
    let base = "FROM alpine:3.20\nUSER nobody\n"
    #expect(codes(base + "CMD echo hi\n") == ["DF209"])
    #expect(codes(base + "# hadolint ignore=DL3025\nCMD echo hi\n").isEmpty)
    #expect(codes("# hadolint global ignore=DL3064\n" + base + "ARG GITHUB_TOKEN\n").isEmpty)
    // Other codes still do not.
    #expect(codes(base + "# hadolint ignore=DL3008\nCMD echo hi\n") == ["DF209"])
  }

  @Test func everyReplacementNamesAnOffByDefaultRuleAndADefaultOne() {
    for (dl, code) in hadolintReplacements {
      let replaced = RuleRegistry.rule(dl)?.descriptor
      #expect(replaced?.enabledByDefault == false, "\(dl)")
      #expect(RuleRegistry.rule(code: code)?.descriptor.enabledByDefault == true, "\(code)")
    }
  }
}
