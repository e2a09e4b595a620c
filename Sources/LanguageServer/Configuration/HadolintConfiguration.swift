// hadolint's configuration file (`.hadolint.yaml`), read into the same `ProjectConfiguration`, so that a project
// that already configures hadolint gets the same rules and thresholds here. Keys (hadolint's
// src/Hadolint/Config/Configuration.hs):
//
// - `ignored: [codes]` disables those rules; `override: {error|warning|info|style: [codes]}` sets severities
//   (hadolint's `style` is our `hint`); codes are hadolint's (they reach our rules through their aliases), and
//   our own codes and names work too.
// - `failure-threshold: error|warning|info|style|ignore|none` sets the fail level (`style` is `hint`). hadolint
//   orders `ignore` (which `none` also means) below `style` and fails when a finding is at or above the
//   threshold, so `ignore` and `none` fail on every finding it shows: the fail level becomes `hint`.
//   `no-fail: true` never fails (fail level `none`), whatever the threshold.
// - `trustedRegistries`: a list of registry patterns (or one pattern).
// - `disable-ignore-pragma: true` turns off in-file suppression comments (hadolint's and ours).
// - Not supported, and reported: `label-schema` and `strict-labels: true` (hadolint's label rules DL3049-DL3056
//   have no counterpart here); the output options of hadolint's command line (`format`, `formats`, `no-color`,
//   `verbose`), which do not apply.
//
// Codes that have the shape of a hadolint or ShellCheck code (`DL3001`, `SC2086`) but name no rule here are
// accepted without a problem: the file also configures hadolint, which knows them. Any other unknown id is
// reported, as is every unknown key (hadolint itself ignores unknown keys).
import DockerfileAnalysis

extension ProjectConfiguration {
  /// The keys of `.hadolint.yaml` that are read (some only to report that they are not supported).
  public static let hadolintKeys = [
    "ignored", "override", "failure-threshold", "trustedRegistries", "disable-ignore-pragma", "no-fail",
    "label-schema", "strict-labels", "format", "formats", "no-color", "verbose",
  ]

  /// Reads `.hadolint.yaml` text; `file` names it in problems.
  public static func parse(hadolintYAML source: [UInt8], file: String?) -> ProjectConfiguration {
    var config = ProjectConfiguration()
    config.source = file
    let (root, yamlProblems) = readYAML(source)
    config.problems = yamlProblems.map {
      ConfigurationProblem(file: file, line: $0.line, column: $0.column, message: $0.message)
    }
    func problem(_ value: YAMLValue, _ message: String) {
      config.problems.append(ConfigurationProblem(file: file, line: value.line, column: value.column, message: message))
    }
    func problem(_ member: YAMLMember, _ message: String) {
      config.problems.append(
        ConfigurationProblem(file: file, line: member.line, column: member.column, message: message))
    }
    let members: [YAMLMember]
    switch root.kind {
    case .null, .unreadable: return config
    case .mapping(let m): members = m
    default:
      problem(root, "expected `key: value` lines at the top")
      return config
    }

    /// The rule codes of a list of ids (hadolint-shaped codes without a rule here are skipped silently).
    func ruleCodes(_ value: YAMLValue, _ key: String) -> [String] {
      let items: [YAMLValue]
      switch value.kind {
      case .null, .unreadable: return []
      case .sequence(let s): items = s
      default:
        problem(value, "`\(key)` must be a list of rule codes")
        return []
      }
      var out: [String] = []
      for item in items {
        guard let id = item.scalar else {
          if item.kind != .unreadable { problem(item, "`\(key)` must hold rule codes") }
          continue
        }
        if let code = RuleIDs.code(of: id) {
          out.append(code)
        } else if !RuleIDs.isHadolintCode(id) {
          problem(item, RuleIDs.unknown(id))
        }
      }
      return out
    }

    func bool(_ member: YAMLMember) -> Bool? {
      if member.value.kind == .unreadable { return nil }
      guard let b = member.value.bool else {
        problem(member.value, "`\(member.key)` must be true or false")
        return nil
      }
      return b
    }

    var editor = RuleOptionsEditor(options: AnalysisOptions())
    var disabled: [String] = []
    var noFail = false
    for member in members {
      switch member.key {
      case "ignored":
        disabled += ruleCodes(member.value, member.key)
      case "override":
        let entries: [YAMLMember]
        switch member.value.kind {
        case .null, .unreadable: continue
        case .mapping(let m): entries = m
        default:
          problem(member.value, "`override` must map error, warning, info and style to lists of rule codes")
          continue
        }
        for entry in entries {
          let severity: Severity
          switch entry.key {
          case "error": severity = .error
          case "warning": severity = .warning
          case "info": severity = .info
          case "style": severity = .hint
          default:
            var message = "unknown key `override.\(entry.key)`: expected error, warning, info or style"
            if let suggestion = closestWord(to: entry.key, in: ["error", "warning", "info", "style"]) {
              message += "; did you mean `\(suggestion)`?"
            }
            problem(entry, message)
            continue
          }
          for code in ruleCodes(entry.value, "override.\(entry.key)") { editor.setSeverity(code, severity) }
        }
      case "failure-threshold":
        if member.value.kind == .unreadable { continue }
        switch member.value.scalar {
        case "error": config.failLevel = .error
        case "warning": config.failLevel = .warning
        case "info": config.failLevel = .info
        case "style", "ignore", "none": config.failLevel = .hint
        default:
          problem(member.value, "`failure-threshold` must be one of error, warning, info, style, ignore, none")
        }
      case "trustedRegistries":
        switch member.value.kind {
        case .null, .unreadable: continue
        case .scalar(let registry, _):
          editor.options.settings.trustedRegistries = [registry]
        case .sequence(let items):
          var registries: [String] = []
          for item in items {
            if let registry = item.scalar, !registry.isEmpty {
              registries.append(registry)
            } else if item.kind != .unreadable {
              problem(item, "a registry pattern must be a non-empty string")
            }
          }
          editor.options.settings.trustedRegistries = registries
        default:
          problem(member.value, "`trustedRegistries` must be a list of registry patterns")
        }
      case "disable-ignore-pragma":
        if let b = bool(member) { editor.options.honourSuppressionComments = !b }
      case "no-fail":
        if let b = bool(member) { noFail = b }
      case "label-schema":
        if case .mapping(let entries) = member.value.kind, entries.isEmpty { continue }
        if member.value.kind == .null || member.value.kind == .unreadable { continue }
        problem(member, "`label-schema` is not supported: dockerfile-lsp has no label rules (hadolint's DL3049-DL3056)")
      case "strict-labels":
        if bool(member) == true {
          problem(
            member, "`strict-labels` is not supported: dockerfile-lsp has no label rules (hadolint's DL3049-DL3056)")
        }
      case "format", "formats", "no-color", "verbose":
        problem(
          member, "`\(member.key)` is an output option of hadolint's command line; dockerfile-lsp does not use it")
      default:
        var message = "unknown key `\(member.key)`"
        if let suggestion = closestWord(to: member.key, in: hadolintKeys) {
          message += "; did you mean `\(suggestion)`?"
        }
        problem(member, message)
      }
    }
    for code in disabled { editor.disable(code) }
    if noFail { config.failLevel = FailLevel.none }
    config.options = editor.options
    return config
  }
}
