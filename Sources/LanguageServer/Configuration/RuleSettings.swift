// Rule configuration from the editor: the `rules` object of the `dockerfile-lsp` settings section (sent as
// `initializationOptions`, in `workspace/didChangeConfiguration`, or as the answer to `workspace/configuration`),
// applied on top of the project's configuration file, so that a user's editor settings win over the project's.
//
//     "rules": {
//       "disable": ["DL3008"], "enable": ["DF123"],
//       "severity": {"DL3042": "error", "DF206": "off"},
//       "trustedRegistries": ["docker.io"]
//     }
//
// `enable` takes a rule out of the project's disabled rules; `disable` (and severity `off`) takes it out of the
// enabled ones; within the settings, disabled wins over enabled. `severity` replaces the project's severity for
// the same rule, whichever id either used. `trustedRegistries` replaces the project's list. A `null` value
// means "not set". Schema: Protocol/schemas/settings.schema.json.
import DockerfileAnalysis
import LanguageServerProtocol

/// The keys of the `rules` settings object.
public let ruleSettingKeys = ["disable", "enable", "severity", "trustedRegistries"]

/// `options` with the `rules` settings of `settings` (the contents of the `dockerfile-lsp` section) applied,
/// and what could not be applied, one sentence each (never fatal: the rest applies).
public func applyingSettings(_ settings: JSONValue, to options: AnalysisOptions) -> (AnalysisOptions, [String]) {
  guard let rules = settings["rules"], !rules.isNull else { return (options, []) }
  guard case .object(let members) = rules else { return (options, ["setting rules must be an object"]) }
  var problems: [String] = []
  var editor = RuleOptionsEditor(options: options)

  /// The rule codes of the list at `rules.<key>`.
  func ruleCodes(_ key: String) -> [String] {
    guard let value = members[key], !value.isNull else { return [] }
    guard case .array(let elements) = value else {
      problems.append("setting rules.\(key) must be a list of rule ids")
      return []
    }
    var out: [String] = []
    for (index, element) in elements.enumerated() {
      guard let id = element.stringValue else {
        problems.append("setting rules.\(key)[\(index)] must be a rule id (a string)")
        continue
      }
      guard let code = RuleIDs.code(of: id) else {
        problems.append("setting rules.\(key)[\(index)]: \(RuleIDs.unknown(id))")
        continue
      }
      out.append(code)
    }
    return out
  }

  for key in members.keys.sorted() where !ruleSettingKeys.contains(key) {
    var message = "unknown setting rules.\(key)"
    if let suggestion = closestWord(to: key, in: ruleSettingKeys) { message += "; did you mean rules.\(suggestion)?" }
    problems.append(message)
  }
  var disables = ruleCodes("disable")
  let enables = ruleCodes("enable")
  if let value = members["severity"], !value.isNull {
    if case .object(let entries) = value {
      for id in entries.keys.sorted() {
        guard let code = RuleIDs.code(of: id) else {
          problems.append("setting rules.severity: \(RuleIDs.unknown(id))")
          continue
        }
        let word = entries[id]?.stringValue
        if word == "off" {
          disables.append(code)
        } else if let word, let severity = Severity(rawValue: word) {
          editor.setSeverity(code, severity)
        } else {
          let words = ProjectConfiguration.severityWords.joined(separator: ", ")
          problems.append("setting rules.severity.\(id) must be one of \(words)")
        }
      }
    } else {
      problems.append("setting rules.severity must be an object from rule ids to severities")
    }
  }
  for code in enables {
    if disables.contains(code) {
      problems.append("setting rules.enable: `\(code)` is also disabled; disabled wins")
    } else {
      editor.enable(code)
    }
  }
  for code in disables { editor.disable(code) }
  if let value = members["trustedRegistries"], !value.isNull {
    if case .array(let elements) = value, elements.allSatisfy({ $0.stringValue?.isEmpty == false }) {
      editor.options.settings.trustedRegistries = elements.compactMap(\.stringValue)
    } else {
      problems.append("setting rules.trustedRegistries must be a list of registry patterns (non-empty strings)")
    }
  }
  return (editor.options, problems)
}
