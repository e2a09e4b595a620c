// Editor settings (`rules.*`) applied over the project configuration.
import DockerfileAnalysis
import LanguageServerProtocol
import Testing

@testable import LanguageServer

@Suite("Rule settings from the editor")
struct RuleSettingsTests {
  /// Project options: DF206 disabled (by alias), DF401 enabled, DF209 at hint, a trusted registry.
  static var project: AnalysisOptions {
    var o = AnalysisOptions()
    o.disabled = ["MaintainerDeprecated"]
    o.enabled = ["DF401"]
    o.severity = ["JSONArgsRecommended": .hint, "DL3042": .info]
    o.settings.trustedRegistries = ["docker.io"]
    return o
  }

  @Test func noRulesSectionChangesNothing() {
    for settings: JSONValue in [[:], ["diagnostics": ["enable": false]], ["rules": nil], "text"] {
      let (options, problems) = applyingSettings(settings, to: Self.project)
      #expect(options == Self.project)
      #expect(problems.isEmpty)
    }
  }

  @Test func settingsOverrideTheProject() {
    let settings: JSONValue = [
      "rules": [
        "enable": ["maintainer-deprecated"], "disable": ["pip-no-cache-dir"],
        "severity": ["DF209": "error", "final-stage-root": "off"], "trustedRegistries": ["*.example.com"],
      ]
    ]
    let (options, problems) = applyingSettings(settings, to: Self.project)
    #expect(problems.isEmpty, "\(problems)")
    #expect(options.enabled == ["DF206", "DF209"])  // a severity turns the rule on
    #expect(options.disabled == ["DF401", "DF301"])
    #expect(options.severity == ["DF209": .error, "DL3042": .info])
    #expect(options.settings.trustedRegistries == ["*.example.com"])
  }

  @Test func nullMeansNotSet() {
    let settings: JSONValue = ["rules": ["enable": nil, "disable": nil, "severity": nil, "trustedRegistries": nil]]
    let (options, problems) = applyingSettings(settings, to: Self.project)
    #expect(options == Self.project)
    #expect(problems.isEmpty)
  }

  @Test func problemsAreReportedAndTheRestApplies() {
    let settings: JSONValue = [
      "rules": [
        "disable": ["DL9999", 1, "DF209"], "enable": ["DF209", "DF301"], "severity": ["DF206": "fatal", "x": "error"],
        "trustedRegistries": [""], "disabel": [],
      ]
    ]
    let (options, problems) = applyingSettings(settings, to: AnalysisOptions())
    #expect(
      problems == [
        "unknown setting rules.disabel; did you mean rules.disable?",
        "setting rules.disable[0]: no rule answers to `DL9999`",
        "setting rules.disable[1] must be a rule id (a string)",
        "setting rules.severity.DF206 must be one of error, warning, info, hint, off",
        "setting rules.severity: no rule answers to `x`",
        "setting rules.enable: `DF209` is also disabled; disabled wins",
        "setting rules.trustedRegistries must be a list of registry patterns (non-empty strings)",
      ])
    #expect(options.disabled == ["DF209"])
    #expect(options.enabled == ["DF301"])
    #expect(applyingSettings(["rules": [1]], to: AnalysisOptions()).1 == ["setting rules must be an object"])
  }

  @Test func projectThenSettingsEndToEnd() {
    let project = ProjectConfiguration.parse(json: Array("{\"disable\": [\"DL3042\"]}".utf8), file: nil)
    let (options, _) = applyingSettings(["rules": ["enable": ["DF401"]]], to: project.options)
    #expect(options.disabled.isEmpty && options.enabled == ["DF401"])
  }
}
