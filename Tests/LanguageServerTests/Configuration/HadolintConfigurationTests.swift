// `.hadolint.yaml` read into our configuration: hadolint's keys, its severities and thresholds, and what is
// reported as not supported.
import DockerfileAnalysis
import Testing

@testable import LanguageServer

/// Reads `.hadolint.yaml` text.
private func hadolint(_ text: String) -> ProjectConfiguration {
  ProjectConfiguration.parse(hadolintYAML: Array(text.utf8), file: ".hadolint.yaml")
}

@Suite("Project configuration: .hadolint.yaml")
struct HadolintConfigurationTests {
  @Test func readsHadolintsKeys() {
    let config = hadolint(
      """
      # hadolint's README example, with our codes mixed in
      failure-threshold: warning
      ignored:
        - DL3042
        - SC1010
        - DL3001
      override:
        error: [MaintainerDeprecated]
        warning:
          - DF209
        info: []
        style:
          - final-stage-root
      trustedRegistries:
        - docker.io
        - my-company.com:5000
        - "*.gcr.io"
      disable-ignore-pragma: true
      strict-labels: false
      label-schema: {}
      """)
    #expect(config.problems.isEmpty, "\(problemLines(config))")
    #expect(config.options.disabled == ["DF401"])
    #expect(config.options.severity == ["DF206": .error, "DF209": .warning, "DF301": .hint])
    #expect(config.options.settings.trustedRegistries == ["docker.io", "my-company.com:5000", "*.gcr.io"])
    #expect(config.options.honourSuppressionComments == false)
    #expect(config.failLevel == .warning)
  }

  @Test func thresholds() {
    let expected: [String: FailLevel] = [
      "error": .error, "warning": .warning, "info": .info, "style": .hint, "ignore": .hint, "none": .hint,
    ]
    for (word, level) in expected {
      #expect(hadolint("failure-threshold: \(word)\n").failLevel == level, "\(word)")
    }
    #expect(hadolint("failure-threshold: error\nno-fail: true\n").failLevel == FailLevel.none)
    #expect(hadolint("no-fail: false\n").failLevel == nil)
    #expect(
      problemLines(hadolint("failure-threshold: fatal\n")) == [
        "1:20: `failure-threshold` must be one of error, warning, info, style, ignore, none"
      ])
  }

  @Test func aSingleTrustedRegistry() {
    #expect(hadolint("trustedRegistries: docker.io\n").options.settings.trustedRegistries == ["docker.io"])
  }

  @Test func reportsWhatItDoesNotSupportOrKnow() {
    let config = hadolint(
      """
      ignored: [DL3042, pip-no-cahce-dir, "DL 3008"]
      override:
        fatal: [DL3042]
        eror: [DL3042]
      label-schema:
        author: text
      strict-labels: true
      format: json
      no-color: true
      ignore: [DL3042]
      no-fail: maybe
      trustedRegistries: {a: b}
      """)
    #expect(
      problemLines(config) == [
        "12:20: flow mappings (`{...}`) are not supported; write one `key: value` per line",
        "1:19: no rule answers to `pip-no-cahce-dir`; did you mean `pip-no-cache-dir`?",
        "1:37: no rule answers to `DL 3008`; did you mean `DL3008`?",
        "3:3: unknown key `override.fatal`: expected error, warning, info or style",
        "4:3: unknown key `override.eror`: expected error, warning, info or style; did you mean `error`?",
        "5:1: `label-schema` is not supported: dockerfile-lsp has no label rules (hadolint's DL3049-DL3056)",
        "7:1: `strict-labels` is not supported: dockerfile-lsp has no label rules (hadolint's DL3049-DL3056)",
        "8:1: `format` is an output option of hadolint's command line; dockerfile-lsp does not use it",
        "9:1: `no-color` is an output option of hadolint's command line; dockerfile-lsp does not use it",
        "10:1: unknown key `ignore`; did you mean `ignored`?",
        "11:10: `no-fail` must be true or false",
      ])
    #expect(config.options.disabled == ["DF401"])
  }

  @Test func emptyAndBrokenFiles() {
    #expect(hadolint("").problems.isEmpty)
    #expect(hadolint("# nothing\n---\n").options == AnalysisOptions())
    #expect(problemLines(hadolint("- DL3042\n")) == ["1:1: expected `key: value` lines at the top"])
    #expect(problemLines(hadolint("ignored: DL3042\n")) == ["1:10: `ignored` must be a list of rule codes"])
    let partial = hadolint("ignored: &codes [DL3042]\noverride:\n  error: *codes\nfailure-threshold: error\n")
    #expect(
      problemLines(partial) == [
        "1:10: anchors (`&`) are not supported", "3:10: aliases (`*`) are not supported",
      ])
    #expect(partial.failLevel == .error)
  }
}
