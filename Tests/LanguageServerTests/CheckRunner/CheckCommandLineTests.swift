// Reading the `check` command line: outputs and their files, rule ids, levels, and the usage errors.
import Testing

@testable import LanguageServer

/// The usage error of `arguments`, or nil when they parse.
private func usageError(_ arguments: [String]) -> String? {
  do {
    _ = try CheckCommandLine(arguments: arguments)
    return nil
  } catch {
    return error.message
  }
}

@Suite("check command line")
struct CheckCommandLineTests {
  @Test func defaults() throws {
    let line = try CheckCommandLine(arguments: [])
    #expect(line.paths.isEmpty)
    #expect(line.effectiveOutputs == [CheckOutput(format: .text)])
    #expect(line.showSource && !line.quiet && !line.statistics && line.color == .auto)
    #expect(line.failLevel == nil && line.configFile == nil && !line.noConfig)
    #expect(line.honourSuppressionComments)
  }

  @Test func pathsAndTheEndOfOptions() throws {
    let line = try CheckCommandLine(arguments: ["a", "-", "--quiet", "--", "--weird-name", "-q"])
    #expect(line.paths == ["a", "-", "--weird-name", "-q"])
    #expect(line.quiet)
  }

  @Test func outputsPairWithTheFormatBeforeThem() throws {
    let line = try CheckCommandLine(arguments: [
      "--format", "text", "--format=sarif", "--output", "out.sarif", "--output-format", "junit=junit.xml",
    ])
    #expect(
      line.outputs == [
        CheckOutput(format: .text), CheckOutput(format: .sarif, file: "out.sarif"),
        CheckOutput(format: .junit, file: "junit.xml"),
      ])
    // An --output with no --format anywhere writes the default text format.
    #expect(
      try CheckCommandLine(arguments: ["--output", "log.txt"]).outputs == [CheckOutput(format: .text, file: "log.txt")])
    #expect(try CheckCommandLine(arguments: ["--format", "GitHub"]).outputs == [CheckOutput(format: .github)])
  }

  @Test func outputMistakes() {
    #expect(
      usageError(["--format", "json", "--format", "sarif"])?.contains("only one format can go to standard output")
        == true)
    #expect(usageError(["--output", "a", "--format", "json"])?.contains("each --output follows the --format") == true)
    #expect(
      usageError(["--format", "json", "--output", "a", "--output", "b"])?.contains("each --output follows") == true)
    #expect(usageError(["--output-format", "json=a", "--output-format", "sarif=a"]) == "--output a is given twice")
    #expect(usageError(["--output-format", "json"])?.contains("FORMAT=FILE") == true)
    #expect(
      usageError(["--format", "sarf"])
        == "unknown format 'sarf' (expected text, json, sarif, github, gitlab, checkstyle, junit); did you mean 'sarif'?"
    )
    #expect(usageError(["--format"]) == "--format needs a value")
  }

  @Test func ruleIdsResolveToCodes() throws {
    let line = try CheckCommandLine(arguments: [
      "--select", "DL3008,final-stage-root", "--ignore=JSONArgsRecommended", "--ignore", "DF206",
    ])
    #expect(line.select == ["DF601", "DF301"])
    #expect(line.ignore == ["DF209", "DF206"])
    #expect(
      usageError(["--select", "final-stage-rot"])
        == "--select: no rule answers to `final-stage-rot`; did you mean `final-stage-root`?")
    #expect(usageError(["--ignore", ","]) == "--ignore needs rule ids")
  }

  @Test func hadolintCodesWithoutARuleAreWarnings() throws {
    let line = try CheckCommandLine(arguments: ["--ignore", "SC2086,DL3008"])
    #expect(line.ignore == ["DF601"])
    #expect(line.warnings == ["--ignore SC2086: no rule here answers to this hadolint or ShellCheck code; ignored"])
  }

  @Test func severities() throws {
    let line = try CheckCommandLine(arguments: [
      "--severity", "DL3008=error", "--severity=final-stage-root=OFF,DF206=hint",
    ])
    #expect(
      line.severity == [
        SeverityOverride(code: "DF601", severity: .error), SeverityOverride(code: "DF301", severity: nil),
        SeverityOverride(code: "DF206", severity: .hint),
      ])
    #expect(usageError(["--severity", "DL3008"]) == "--severity takes RULE=LEVEL (got 'DL3008')")
    #expect(usageError(["--severity", "DL3008=fatal"])?.contains("error, warning, info, hint, off") == true)
  }

  @Test func levelsAndChoices() throws {
    #expect(try CheckCommandLine(arguments: ["--fail-level", "Error"]).failLevel == .error)
    #expect(try CheckCommandLine(arguments: ["--fail-level=none"]).failLevel == FailLevel.none)
    #expect(usageError(["--fail-level", "fatal"])?.hasPrefix("--fail-level must be one of") == true)
    #expect(try CheckCommandLine(arguments: ["--color", "never"]).color == .never)
    #expect(usageError(["--color", "sometimes"]) == "--color must be auto, always or never (got 'sometimes')")
    #expect(try CheckCommandLine(arguments: ["--no-show-source"]).showSource == false)
    #expect(try CheckCommandLine(arguments: ["--no-show-source", "--show-source"]).showSource == true)
    #expect(
      try CheckCommandLine(arguments: ["--trusted-registry", "a.io,b.io", "--trusted-registry=c.io"]).trustedRegistries
        == ["a.io", "b.io", "c.io"])
    #expect(try CheckCommandLine(arguments: ["--no-suppress"]).honourSuppressionComments == false)
  }

  @Test func configuration() throws {
    #expect(try CheckCommandLine(arguments: ["--config", "x.json"]).configFile == "x.json")
    #expect(try CheckCommandLine(arguments: ["--no-config"]).noConfig)
    #expect(usageError(["--config", "x", "--no-config"]) == "--config and --no-config cannot be used together")
  }

  @Test func standardInput() throws {
    #expect(try CheckCommandLine(arguments: ["--stdin-filename", "svc/Dockerfile"]).paths == ["-"])
    #expect(try CheckCommandLine(arguments: ["-", "--stdin-filename", "x"]).stdinFilename == "x")
    #expect(usageError(["a", "--stdin-filename", "x"])?.contains("add '-' to the paths") == true)
    #expect(usageError(["-", "-"]) == "standard input ('-') can be read only once")
  }

  @Test func unknownOptions() {
    #expect(usageError(["--selct", "x"]) == "unknown option '--selct'; did you mean '--select'?")
    #expect(usageError(["-x"]) == "unknown option '-x'")
    #expect(usageError(["--quiet=yes"]) == "--quiet takes no value")
  }

  @Test func reservedAndHelp() throws {
    #expect(try CheckCommandLine(arguments: ["--fix"]).fix)
    #expect(try CheckCommandLine(arguments: ["--diff"]).diff)
    #expect(try CheckCommandLine(arguments: ["-h"]).help)
    // Every option the parser knows is in the help text.
    for option in CheckCommandLine.valueOptions + CheckCommandLine.flagOptions {
      #expect(checkUsage.contains(option), "\(option) is missing from the help")
    }
  }
}
