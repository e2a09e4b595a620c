// Every rule, in one list, and the one entry point that both `dockerfile-lsp check` and the language server
// call to get findings.
import DockerfileSyntax

/// The rules, in code order.
public enum RuleRegistry {
  /// Every rule.
  public static let all: [any Rule] = [
    ParserFindingRule.syntaxError, ParserFindingRule.unknownInstruction, ParserFindingRule.emptyContinuation,
    StageNameCasing(), FromAsCasing(), ConsistentInstructionCasing(), DuplicateStageName(), ReservedStageName(),
    MaintainerDeprecated(), LegacyKeyValueFormat(), ExposeProtoCasing(),
    FinalStageRoot(), PipNoCacheDir(),
  ]

  /// The rule a code, name or alias names.
  public static func rule(_ id: String) -> (any Rule)? { all.first { $0.descriptor.answers(to: id) } }
}

/// Which rules run and how serious their findings are.
public struct AnalysisOptions: Sendable, Equatable {
  /// Rules turned off (codes, names or aliases).
  public var disabled: Set<String> = []
  /// Rules turned on that are off by default.
  public var enabled: Set<String> = []
  /// Severity overrides by code, name or alias.
  public var severity: [String: Severity] = [:]

  /// Default options.
  public init() {}

  func isEnabled(_ d: RuleDescriptor) -> Bool {
    if disabled.contains(where: d.answers(to:)) { return false }
    return d.enabledByDefault || enabled.contains(where: d.answers(to:))
  }

  func severity(of d: RuleDescriptor) -> Severity {
    severity.first { d.answers(to: $0.key) }?.value ?? d.severity
  }
}

/// Runs every enabled rule over a tree; findings are sorted by position, then code.
public func analyze(_ tree: SyntaxTree, options: AnalysisOptions = AnalysisOptions()) -> [Finding] {
  let context = RuleContext(tree: tree)
  var findings: [Finding] = []
  for rule in RuleRegistry.all where options.isEnabled(rule.descriptor) {
    let d = rule.descriptor
    let severity = options.severity(of: d)
    rule.check(context) { range, message in
      findings.append(Finding(code: d.code, range: range, message: message, severity: severity))
    }
  }
  return findings.sorted { ($0.range.lowerBound, $0.code) < ($1.range.lowerBound, $1.code) }
}

extension RuleRegistry {
  /// `docs/rules.md`, generated from the rules' own documentation.
  public static func markdown() -> String {
    var out = "# Rules\n\nGenerated from the rule registry (`dockerfile-lsp rules --format markdown`); do not edit.\n\n"
    out += "| code | name | aliases | severity | category | summary |\n|---|---|---|---|---|---|\n"
    for r in all {
      let d = r.descriptor
      out += "| [\(d.code)](#\(d.code.lowercased())) | \(d.name) | \(d.aliases.joined(separator: ", ")) | "
      out += "\(d.severity.rawValue) | \(d.category.rawValue) | \(d.summary) |\n"
    }
    for r in all {
      let d = r.descriptor
      out += "\n## \(d.code)\n\n**\(d.name)**"
      if !d.aliases.isEmpty { out += " (also: \(d.aliases.joined(separator: ", ")))" }
      out += ", \(d.severity.rawValue), \(d.category.rawValue)"
      if !d.enabledByDefault { out += ", off by default" }
      out += ".\n\n\(d.documentation.why)\n\nReported:\n\n```dockerfile\n\(d.documentation.bad)```\n\n"
      out += "Not reported:\n\n```dockerfile\n\(d.documentation.good)```\n"
    }
    return out
  }
}
