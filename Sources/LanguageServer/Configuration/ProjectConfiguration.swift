// Project configuration: which rules run, how serious their findings are, and when `check` fails, read from a
// file beside the Dockerfile (or above it) so that the editor and CI agree.
//
// Discovery (`load(forDockerfileAt:)`): starting in the Dockerfile's directory and walking up towards `/`, the
// first directory holding `.dockerfile-lsp.json`, `.hadolint.yaml` or `.hadolint.yml` wins, and in that
// directory the files are tried in that order: our own file beats hadolint's, and the two are never merged (a
// project that has both chose ours; hadolint's stays for hadolint). The walk stops after the first directory that
// holds `.git` (a directory, or the file of a worktree or submodule): configuration above a repository belongs to
// something else. `load(file:)` reads an explicit `--config FILE` instead (`.yaml`/`.yml` as hadolint's format,
// anything else as ours, or as hadolint's when it does not start with `{`).
//
// `.dockerfile-lsp.json` (schema: Protocol/schemas/config.schema.json):
//
//     {
//       "disable": ["DL3008", "final-stage-root"],    rule ids: codes, names or aliases
//       "enable": ["DF123"],                           rules that are off by default
//       "severity": {"DL3042": "error", "DF206": "off"},  error, warning, info, hint, or off (= disable)
//       "trustedRegistries": ["docker.io", "*.example.com"],
//       "failLevel": "warning",                        error, warning, info, hint, none: what fails `check`
//       "checkOverride": "skip=JSONArgsRecommended",   replaces the Dockerfiles' `# check=` directive
//       "suppressionComments": true                    false ignores `# dockerfile-lsp:` and `# hadolint` comments
//     }
//
// A rule both disabled and enabled stays disabled. Nothing in a configuration is fatal: every unknown key,
// unknown rule id, wrong type or unreadable value is reported as a `ConfigurationProblem` with its line and
// column, and the rest applies. Rule ids are stored as rule codes, so later layers (editor settings) can
// override a rule whichever id each layer used.
import DockerfileAnalysis
import LanguageServerProtocol

/// A project's configuration, as read from its configuration file.
public struct ProjectConfiguration: Sendable, Equatable {
  /// Which rules run and how serious their findings are.
  public var options = AnalysisOptions()
  /// When `check` fails; nil when the file does not say.
  public var failLevel: FailLevel? = nil
  /// The file read, if any.
  public var source: String? = nil
  /// What could not be read or applied.
  public var problems: [ConfigurationProblem] = []

  /// An empty configuration (defaults everywhere).
  public init() {}

  /// Our configuration file's name.
  public static let fileName = ".dockerfile-lsp.json"
  /// hadolint's configuration file names, in the order they are tried.
  public static let hadolintFileNames = [".hadolint.yaml", ".hadolint.yml"]
  /// The top-level keys of `.dockerfile-lsp.json`.
  public static let keys = [
    "$schema", "disable", "enable", "severity", "trustedRegistries", "failLevel", "checkOverride",
    "suppressionComments",
  ]
  /// The values `severity` takes (`off` disables the rule).
  public static let severityWords = Severity.allCases.map(\.rawValue) + ["off"]

  // MARK: Discovery

  /// The configuration file for the Dockerfile at `path` (see the file comment for the search), if any.
  public static func find(forDockerfileAt path: String) -> String? {
    find(startingIn: FileSystem.directory(of: FileSystem.absolute(path)))
  }

  /// The configuration file found by walking up from `directory`, if any.
  public static func find(startingIn directory: String) -> String? {
    var dir = FileSystem.absolute(directory)
    while true {
      for name in [fileName] + hadolintFileNames {
        let candidate = FileSystem.join(dir, name)
        if case .success(let entry) = FileSystem.entry(candidate), entry != .directory { return candidate }
      }
      if dir == "/" || FileSystem.exists(FileSystem.join(dir, ".git")) { return nil }
      dir = FileSystem.directory(of: dir)
    }
  }

  /// The configuration that applies to the Dockerfile at `path`: the file `find` finds, or defaults.
  public static func load(forDockerfileAt path: String) -> ProjectConfiguration {
    find(forDockerfileAt: path).map { load(file: $0) } ?? ProjectConfiguration()
  }

  /// The configuration found by walking up from `directory` (for a Dockerfile read from standard input).
  public static func load(startingIn directory: String) -> ProjectConfiguration {
    find(startingIn: directory).map { load(file: $0) } ?? ProjectConfiguration()
  }

  /// Reads the configuration file at `path` (an explicit `--config FILE`, or one `find` found).
  public static func load(file path: String) -> ProjectConfiguration {
    switch FileSystem.readFile(path) {
    case .failure(let error):
      var config = ProjectConfiguration()
      config.source = path
      config.problems = [ConfigurationProblem(file: path, line: 0, column: 0, message: error.message)]
      return config
    case .success(let bytes):
      let lower = path.lowercased()
      let isYAML =
        lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
        || (!lower.hasSuffix(".json")
          && bytes.first {
            $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF
          }
            != UInt8(ascii: "{"))
      return isYAML ? parse(hadolintYAML: bytes, file: path) : parse(json: bytes, file: path)
    }
  }

  // MARK: .dockerfile-lsp.json

  /// Reads `.dockerfile-lsp.json` text; `file` names it in problems.
  public static func parse(json source: [UInt8], file: String?) -> ProjectConfiguration {
    var config = ProjectConfiguration()
    config.source = file
    let bomLength = source.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    let bytes = Array(source.dropFirst(bomLength))
    func problem(_ offset: Int?, _ message: String) {
      let (line, column) = offset.map { lineAndColumn(bytes, $0) } ?? (0, 0)
      config.problems.append(ConfigurationProblem(file: file, line: line, column: column, message: message))
    }
    let root: JSONValue
    do { root = try parseJSON(bytes) } catch {
      problem(error.offset, "invalid JSON: \(error.message)")
      return config
    }
    let at = JSONLocations(bytes)
    guard case .object(let members) = root else {
      problem(at.values[""], "expected an object ({ ... }) at the top")
      return config
    }
    for repeated in at.repeatedKeys { problem(repeated.offset, "key `\(repeated.key)` repeats; the last one applies") }

    var disables: [(code: String, offset: Int?)] = []
    var enables: [(code: String, offset: Int?)] = []
    var editor = RuleOptionsEditor(options: AnalysisOptions())
    /// The rule codes of a list of ids at `pointer`.
    func ruleCodes(_ value: JSONValue, _ pointer: String, _ key: String) -> [(code: String, offset: Int?)] {
      guard case .array(let elements) = value else {
        problem(at.values[pointer], "`\(key)` must be a list of rule ids")
        return []
      }
      var out: [(code: String, offset: Int?)] = []
      for (index, element) in elements.enumerated() {
        let offset = at.values[JSONLocations.pointer(pointer, index)]
        guard let id = element.stringValue else {
          problem(offset, "`\(key)` must hold rule ids (strings)")
          continue
        }
        guard let code = RuleIDs.code(of: id) else {
          problem(offset, RuleIDs.unknown(id))
          continue
        }
        out.append((code, offset))
      }
      return out
    }

    let ordered = members.keys.sorted {
      (at.keys[JSONLocations.pointer("", $0)] ?? 0, $0) < (at.keys[JSONLocations.pointer("", $1)] ?? 0, $1)
    }
    for key in ordered {
      guard let value = members[key] else { continue }
      let pointer = JSONLocations.pointer("", key)
      let valueOffset = at.values[pointer]
      switch key {
      case "$schema":
        if value.stringValue == nil { problem(valueOffset, "`$schema` must be a string") }
      case "disable":
        disables += ruleCodes(value, pointer, key)
      case "enable":
        enables += ruleCodes(value, pointer, key)
      case "severity":
        guard case .object(let entries) = value else {
          problem(valueOffset, "`severity` must be an object from rule ids to severities")
          continue
        }
        let sortedIDs = entries.keys.sorted {
          (at.keys[JSONLocations.pointer(pointer, $0)] ?? 0, $0) < (
            at.keys[JSONLocations.pointer(pointer, $1)] ?? 0, $1
          )
        }
        for id in sortedIDs {
          let entryPointer = JSONLocations.pointer(pointer, id)
          guard let code = RuleIDs.code(of: id) else {
            problem(at.keys[entryPointer], RuleIDs.unknown(id))
            continue
          }
          let word = entries[id]?.stringValue
          if word == "off" {
            disables.append((code, at.values[entryPointer]))
          } else if let word, let severity = Severity(rawValue: word) {
            editor.setSeverity(code, severity)
          } else {
            problem(
              at.values[entryPointer], "the severity of `\(id)` must be one of \(severityWords.joined(separator: ", "))"
            )
          }
        }
      case "trustedRegistries":
        guard case .array(let elements) = value else {
          problem(valueOffset, "`trustedRegistries` must be a list of registry patterns")
          continue
        }
        var registries: [String] = []
        for (index, element) in elements.enumerated() {
          guard let registry = element.stringValue, !registry.isEmpty else {
            problem(at.values[JSONLocations.pointer(pointer, index)], "a registry pattern must be a non-empty string")
            continue
          }
          registries.append(registry)
        }
        editor.options.settings.trustedRegistries = registries
      case "failLevel":
        guard let word = value.stringValue, let level = FailLevel(rawValue: word) else {
          let words = FailLevel.allCases.map(\.rawValue).joined(separator: ", ")
          problem(valueOffset, "`failLevel` must be one of \(words)")
          continue
        }
        config.failLevel = level
      case "checkOverride":
        guard let text = value.stringValue else {
          problem(valueOffset, "`checkOverride` must be a string such as \"skip=JSONArgsRecommended;error=true\"")
          continue
        }
        guard CheckOptions(text) != nil else {
          problem(
            valueOffset,
            "BuildKit cannot read the check options `\(text)`: expected skip=…, error=true|false, experimental=…")
          continue
        }
        editor.options.checkOverride = text
      case "suppressionComments":
        guard let honour = value.boolValue else {
          problem(valueOffset, "`suppressionComments` must be true or false")
          continue
        }
        editor.options.honourSuppressionComments = honour
      default:
        var message = "unknown key `\(key)`"
        if let suggestion = closestWord(to: key, in: keys) { message += "; did you mean `\(suggestion)`?" }
        problem(at.keys[pointer], message)
      }
    }
    let disabledCodes = Set(disables.map(\.code))
    for enable in enables {
      if disabledCodes.contains(enable.code) {
        problem(enable.offset, "`\(enable.code)` is also disabled; disabled wins")
      } else {
        editor.enable(enable.code)
      }
    }
    for disable in disables { editor.disable(disable.code) }
    config.options = editor.options
    return config
  }
}

/// The word of `words` closest to `word` (edit distance at most 2, ignoring case), for "did you mean".
func closestWord(to word: String, in words: [String]) -> String? {
  let target = Array(word.lowercased().utf8)
  var best: (word: String, distance: Int)? = nil
  for candidate in words {
    let c = Array(candidate.lowercased().utf8)
    guard abs(c.count - target.count) <= 2 else { continue }
    // Levenshtein distance, one row at a time.
    var previous = Array(0...c.count)
    for (i, a) in target.enumerated() {
      var row = [i + 1] + [Int](repeating: 0, count: c.count)
      for (j, b) in c.enumerated() {
        row[j + 1] = min(previous[j + 1] + 1, row[j] + 1, previous[j] + (a == b ? 0 : 1))
      }
      previous = row
    }
    let distance = previous[c.count]
    if distance <= 2, distance < (best?.distance ?? 3) { best = (candidate, distance) }
  }
  return best?.word
}
