// The rule catalog as the command line shows it: `dockerfile-lsp explain RULE` (one rule's page in a terminal)
// and `dockerfile-lsp rules --format json` (every descriptor, for tools and documentation sites).
import DockerfileAnalysis
import LanguageServerProtocol

/// Why `explain` cannot show a rule.
public struct UnknownRuleError: Error, Sendable, Equatable {
  /// "no rule answers to `x`", with a suggestion when one is close.
  public var message: String
}

/// The documentation of the rule `id` (a code, name or alias) names, as plain text for a terminal.
public func explainRule(_ id: String) -> Result<String, UnknownRuleError> {
  guard let rule = RuleRegistry.rule(id) else { return .failure(UnknownRuleError(message: RuleIDs.unknown(id))) }
  let d = rule.descriptor
  var out = "\(d.code) \(d.name)\n\n"
  if !d.aliases.isEmpty { out += "  aliases:   \(d.aliases.joined(separator: ", "))\n" }
  out += "  severity:  \(d.severity.rawValue)\(d.enabledByDefault ? "" : " (off by default)")\n"
  out += "  category:  \(d.category.rawValue)\n"
  out += "  docs:      \(d.documentationURL)\n\n"
  out += "\(d.summary)\n\n"
  out += wrap(d.documentation.why, width: 100) + "\n\n"
  out += "Reported:\n\n" + indent(d.documentation.bad) + "\n"
  out += "Not reported:\n\n" + indent(d.documentation.good)
  return .success(out)
}

/// Every rule descriptor as a JSON array (sorted keys, one line, ending in a newline): code, name, aliases,
/// severity, category, summary, enabledByDefault, documentationURL, and documentation {why, bad, good}.
public func ruleCatalogJSON() -> String {
  let rules = RuleRegistry.all.map { rule -> JSONValue in
    let d = rule.descriptor
    return .object([
      "code": .string(d.code),
      "name": .string(d.name),
      "aliases": .array(d.aliases.map(JSONValue.string)),
      "severity": .string(d.severity.rawValue),
      "category": .string(d.category.rawValue),
      "summary": .string(d.summary),
      "enabledByDefault": .bool(d.enabledByDefault),
      "documentationURL": .string(d.documentationURL),
      "documentation": .object([
        "why": .string(d.documentation.why),
        "bad": .string(d.documentation.bad),
        "good": .string(d.documentation.good),
      ]),
    ])
  }
  return String(decoding: serializeJSON(.array(rules)), as: UTF8.self) + "\n"
}

/// `text` with every line indented by four spaces (an example Dockerfile under its heading).
private func indent(_ text: String) -> String {
  var out = ""
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
    out += line.isEmpty ? "\n" : "    \(line)\n"
  }
  if text.hasSuffix("\n") { out.removeLast() }
  return out
}

/// `text` with its paragraphs' lines wrapped at `width` columns between words.
private func wrap(_ text: String, width: Int) -> String {
  text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
    var lines: [String] = []
    var current = ""
    for word in line.split(separator: " ") {
      if !current.isEmpty && current.count + 1 + word.count > width {
        lines.append(current)
        current = ""
      }
      current += current.isEmpty ? String(word) : " " + word
    }
    lines.append(current)
    return lines.joined(separator: "\n")
  }.joined(separator: "\n")
}
