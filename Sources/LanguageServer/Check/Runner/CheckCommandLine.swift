// The `check` command line, read into a value: paths, outputs, rule selection and severities, configuration,
// presentation. Reading it is a pure function so that every option is tested in process; the executable only
// passes `CommandLine.arguments` in. Rule ids are resolved to rule codes here, so a misspelt id is a usage
// error (exit status 2) with a suggestion, before any file is read.
import DockerfileAnalysis

/// When output is coloured.
public enum ColorChoice: String, Sendable, CaseIterable {
  /// When standard output is a terminal and `NO_COLOR` is unset (or empty).
  case auto
  /// Always (standard output only; files never get colour).
  case always
  /// Never.
  case never
}

/// One output of a run: a format and where it goes.
public struct CheckOutput: Sendable, Equatable {
  /// The format.
  public var format: OutputFormat
  /// The file to write, nil for standard output.
  public var file: String?

  /// Creates an output.
  public init(format: OutputFormat, file: String? = nil) {
    self.format = format
    self.file = file
  }
}

/// A `--severity RULE=LEVEL` option, resolved.
public struct SeverityOverride: Sendable, Equatable {
  /// The rule's code.
  public var code: String
  /// The level; nil for `off`.
  public var severity: Severity?

  /// Creates an override.
  public init(code: String, severity: Severity?) {
    self.code = code
    self.severity = severity
  }
}

/// A command line that cannot be run, with the sentence that says why.
public struct CheckUsageError: Error, Sendable, Equatable {
  /// What is wrong.
  public var message: String

  /// Creates an error.
  public init(message: String) { self.message = message }
}

/// Everything `dockerfile-lsp check` was asked to do.
public struct CheckCommandLine: Sendable, Equatable {
  /// Files and directories to check (`-` is standard input); empty means the working directory.
  public var paths: [String] = []
  /// The name standard input stands for (for messages, configuration discovery and the build context).
  public var stdinFilename: String? = nil
  /// Where each format goes; empty means text on standard output.
  public var outputs: [CheckOutput] = []
  /// `--select`: when not empty, only these rules run (rule codes).
  public var select: [String] = []
  /// `--ignore`: rules that do not run (rule codes).
  public var ignore: [String] = []
  /// `--severity`: per-rule levels, in command-line order.
  public var severity: [SeverityOverride] = []
  /// `--fail-level`, overriding the configuration's.
  public var failLevel: FailLevel? = nil
  /// `--config FILE`: one configuration for every file instead of discovery.
  public var configFile: String? = nil
  /// `--no-config`: built-in defaults only.
  public var noConfig = false
  /// `--trusted-registry`: replaces the configuration's list when given.
  public var trustedRegistries: [String] = []
  /// `--statistics`: counts per rule after the findings.
  public var statistics = false
  /// `--quiet`: findings only (no summary, no progress line).
  public var quiet = false
  /// `--show-source`/`--no-show-source` (the default is to show it).
  public var showSource = true
  /// `--color`.
  public var color = ColorChoice.auto
  /// `--no-suppress`: in-file suppression comments are not honoured.
  public var honourSuppressionComments = true
  /// `--fix` (reserved until quick fixes exist).
  public var fix = false
  /// `--diff` (reserved until quick fixes exist).
  public var diff = false
  /// `--help`.
  public var help = false
  /// Things worth a warning that do not stop the run (hadolint codes we have no rule for).
  public var warnings: [String] = []

  /// An empty command line (check the working directory with the defaults).
  public init() {}

  /// The outputs to produce: the ones asked for, or text on standard output.
  public var effectiveOutputs: [CheckOutput] { outputs.isEmpty ? [CheckOutput(format: .text)] : outputs }

  /// Options taking a value.
  static let valueOptions = [
    "--format", "--output", "--output-format", "--select", "--ignore", "--severity", "--fail-level", "--config",
    "--trusted-registry", "--color", "--stdin-filename",
  ]
  /// Options without a value.
  static let flagOptions = [
    "--statistics", "--quiet", "--show-source", "--no-show-source", "--no-config", "--no-suppress", "--fix",
    "--diff", "--help",
  ]

  /// Reads the arguments after `check`.
  public init(arguments: [String]) throws(CheckUsageError) {
    // `--output` attaches to the `--format` just before it; an `--output` before any `--format` (allowed only when
    // no `--format` is given at all) writes the default text format.
    var pendingFiles: [String] = []
    var sawFormat = false
    var index = 0
    var optionsEnded = false
    func fail(_ message: String) -> CheckUsageError { CheckUsageError(message: message) }

    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
        paths.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      var name = argument
      var inlineValue: String? = nil
      if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      switch name {
      case "-q": name = "--quiet"
      case "-h": name = "--help"
      default: break
      }
      if Self.flagOptions.contains(name) {
        if inlineValue != nil { throw fail("\(name) takes no value") }
      } else if !Self.valueOptions.contains(name) {
        var message = "unknown option '\(name)'"
        if let suggestion = closestWord(to: name, in: Self.valueOptions + Self.flagOptions) {
          message += "; did you mean '\(suggestion)'?"
        }
        throw fail(message)
      }
      func value() throws(CheckUsageError) -> String {
        if let inlineValue { return inlineValue }
        guard index < arguments.count else { throw fail("\(name) needs a value") }
        index += 1
        return arguments[index - 1]
      }

      switch name {
      case "--format":
        let word = try value()
        outputs.append(CheckOutput(format: try Self.format(word)))
        sawFormat = true
      case "--output":
        let file = try value()
        if file.isEmpty { throw fail("--output needs a file name") }
        if let last = outputs.indices.last, outputs[last].file == nil, sawFormat {
          outputs[last].file = file
        } else if !sawFormat && pendingFiles.isEmpty {
          pendingFiles.append(file)
        } else {
          throw fail("--output \(file): each --output follows the --format it writes")
        }
      case "--output-format":
        let word = try value()
        guard let equals = word.firstIndex(of: "="), word.index(after: equals) != word.endIndex else {
          throw fail("--output-format takes FORMAT=FILE (got '\(word)')")
        }
        outputs.append(
          CheckOutput(
            format: try Self.format(String(word[..<equals])), file: String(word[word.index(after: equals)...])))
        sawFormat = true
      case "--select":
        select += try Self.ruleCodes(try value(), option: name, warnings: &warnings)
      case "--ignore":
        ignore += try Self.ruleCodes(try value(), option: name, warnings: &warnings)
      case "--severity":
        for item in try value().split(separator: ",") {
          guard let equals = item.firstIndex(of: "=") else {
            throw fail("--severity takes RULE=LEVEL (got '\(item)')")
          }
          let level = String(item[item.index(after: equals)...]).lowercased()
          let severity: Severity?
          if level == "off" {
            severity = nil
          } else if let known = Severity(rawValue: level) {
            severity = known
          } else {
            throw fail("--severity \(item): the level must be one of error, warning, info, hint, off")
          }
          for code in try Self.ruleCodes(String(item[..<equals]), option: name, warnings: &warnings) {
            self.severity.append(SeverityOverride(code: code, severity: severity))
          }
        }
      case "--fail-level":
        let word = try value()
        guard let level = FailLevel(rawValue: word.lowercased()) else {
          throw fail("--fail-level must be one of error, warning, info, hint, none (got '\(word)')")
        }
        failLevel = level
      case "--config":
        configFile = try value()
        if configFile!.isEmpty { throw fail("--config needs a file name") }
      case "--trusted-registry":
        let registries = try value().split(separator: ",").map(String.init)
        if registries.isEmpty { throw fail("--trusted-registry needs a registry") }
        trustedRegistries += registries
      case "--color":
        let word = try value()
        guard let choice = ColorChoice(rawValue: word) else {
          throw fail("--color must be auto, always or never (got '\(word)')")
        }
        color = choice
      case "--stdin-filename":
        let file = try value()
        if file.isEmpty || file == "-" { throw fail("--stdin-filename needs a file name") }
        stdinFilename = file
      case "--statistics": statistics = true
      case "--quiet": quiet = true
      case "--show-source": showSource = true
      case "--no-show-source": showSource = false
      case "--no-config": noConfig = true
      case "--no-suppress": honourSuppressionComments = false
      case "--fix": fix = true
      case "--diff": diff = true
      case "--help": help = true
      default: break
      }
    }

    if let file = pendingFiles.first {
      if sawFormat { throw fail("--output \(file): each --output follows the --format it writes") }
      outputs.append(CheckOutput(format: .text, file: file))
    }
    if noConfig && configFile != nil { throw fail("--config and --no-config cannot be used together") }
    if outputs.filter({ $0.file == nil }).count > 1 {
      throw fail("only one format can go to standard output; give the others an --output FILE")
    }
    var files: Set<String> = []
    for output in outputs {
      guard let file = output.file else { continue }
      if !files.insert(file).inserted { throw fail("--output \(file) is given twice") }
    }
    if paths.filter({ $0 == "-" }).count > 1 { throw fail("standard input ('-') can be read only once") }
    if stdinFilename != nil {
      if paths.isEmpty {
        paths = ["-"]
      } else if !paths.contains("-") {
        throw fail("--stdin-filename names standard input: add '-' to the paths")
      }
    }
  }

  /// The output format a word names.
  static func format(_ word: String) throws(CheckUsageError) -> OutputFormat {
    if let format = OutputFormat(rawValue: word.lowercased()) { return format }
    let names = OutputFormat.allCases.map(\.rawValue)
    var message = "unknown format '\(word)' (expected \(names.joined(separator: ", ")))"
    if let suggestion = closestWord(to: word, in: names) { message += "; did you mean '\(suggestion)'?" }
    throw CheckUsageError(message: message)
  }

  /// The rule codes of a comma-separated list of ids. An id that no rule answers to is a usage error, except a
  /// hadolint or ShellCheck code (`DL3999`, `SC2086`), which becomes a warning: command lines written for hadolint
  /// keep working.
  static func ruleCodes(_ list: String, option: String, warnings: inout [String]) throws(CheckUsageError) -> [String] {
    var codes: [String] = []
    let warningCount = warnings.count
    for id in list.split(separator: ",").map({ String($0).trimmedSpaces }) where !id.isEmpty {
      if let code = RuleIDs.code(of: id) {
        codes.append(code)
      } else if RuleIDs.isHadolintCode(id.uppercased()) {
        warnings.append("\(option) \(id): no rule here answers to this hadolint or ShellCheck code; ignored")
      } else {
        throw CheckUsageError(message: "\(option): \(RuleIDs.unknown(id))")
      }
    }
    if codes.isEmpty && warnings.count == warningCount { throw CheckUsageError(message: "\(option) needs rule ids") }
    return codes
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  var trimmedSpaces: String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
    let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
    return String(scalars[first...last])
  }
}

/// The help text of `dockerfile-lsp check`.
public let checkUsage = """
  usage: dockerfile-lsp check [OPTIONS] [PATH...]

  Checks Dockerfiles. A PATH is a file (always checked) or a directory, searched recursively for
  Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile and Containerfile.*, skipping
  .git, node_modules, .venv and what .gitignore files ignore. No PATH checks the working directory;
  '-' reads standard input.

  output:
    --format FMT               text (default), json, sarif, github, gitlab, checkstyle or junit;
                               repeat it with an --output after each to write several reports
    --output FILE              write the preceding --format to FILE (default: standard output)
    --output-format FMT=FILE   the same in one option
    --show-source              show the source line under each finding (default)
    --no-show-source           one line per finding
    --color auto|always|never  colour the text on standard output (auto: a terminal and NO_COLOR unset)
    --statistics               count the findings per rule
    -q, --quiet                findings only: no summary, no progress line
  rules:
    --select RULES             run only these rules (comma-separated codes, names or aliases; rules that
                               are off by default run when named)
    --ignore RULES             do not run these rules
    --severity RULE=LEVEL      report RULE at LEVEL (error, warning, info, hint) and run it; off turns it
                               off; repeatable
    --trusted-registry REG     registries images may come from (repeatable; replaces the configuration's)
    --no-suppress              ignore '# dockerfile-lsp: ignore=' and '# hadolint ignore=' comments
  configuration:
    --config FILE              use FILE (.dockerfile-lsp.json or .hadolint.yaml) for every Dockerfile
    --no-config                use the built-in defaults only
                               (default: the nearest .dockerfile-lsp.json or .hadolint.yaml beside each
                               Dockerfile or above it, up to the repository's root; options given here win)
  exit status:
    --fail-level LEVEL         error, warning (default), info, hint or none: findings at or above LEVEL
                               make the exit status 1; the configuration's failLevel applies otherwise
  input:
    --stdin-filename NAME      the name of the Dockerfile read from '-' (used in messages, to find its
                               configuration and as its build context)
  reserved:
    --fix, --diff              apply or show quick fixes (not available yet)
    -h, --help                 print this help

  Exit status: 0 when nothing is at or above the fail level, 1 when something is, 2 when the command line
  is wrong or a file cannot be read (the message says which and why).

  """
