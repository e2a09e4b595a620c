// Every rule, in one list, and the one entry point that both `dockerfile-lsp check` and the language server
// call to get findings.
import DockerfileSyntax

/// The rules, in code order.
public enum RuleRegistry {
  /// Every rule.
  public static let all: [any Rule] =
    [
      ParserFindingRule.syntaxError, ParserFindingRule.unknownInstruction, ParserFindingRule.emptyContinuation,
      InvalidCheckDirective(), InvalidSuppressionComment(),
      StageNameCasing(), FromAsCasing(), ConsistentInstructionCasing(), DuplicateStageName(), ReservedStageName(),
      MaintainerDeprecated(), LegacyKeyValueFormat(), ExposeProtoCasing(), JSONArgsRecommended(),
      WorkdirRelativePath(), RedundantTargetPlatform(), ExposeInvalidFormat(),
      FinalStageRoot(), PipNoCacheDir(),
    ]
    + DispatchRules.all + BuildKitSemanticChecks.all + PythonRules.all + InstructionRules.all
    + PackageManagerRules.all + ShellCommandRules.all

  /// Rules by their exact code.
  static let byCode: [String: any Rule] = Dictionary(
    all.map { ($0.descriptor.code, $0) }, uniquingKeysWith: { a, _ in a })

  /// The rule with exactly this code (a dictionary lookup, for findings).
  public static func rule(code: String) -> (any Rule)? { byCode[code] }

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
  /// BuildKit check options that replace the file's `# check=` directive (BuildKit's
  /// `BUILDKIT_DOCKERFILE_CHECK` build argument).
  public var checkOverride: String? = nil
  /// Values rules read (trusted registries).
  public var settings = RuleSettings()
  /// Whether in-file suppression comments (`# dockerfile-lsp: ignore=`, `# hadolint ignore=`) are honoured.
  public var honourSuppressionComments = true

  /// Default options.
  public init() {}

  func isDisabled(_ d: RuleDescriptor) -> Bool { disabled.contains(where: d.answers(to:)) }

  func isEnabled(_ d: RuleDescriptor) -> Bool {
    if isDisabled(d) { return false }
    return d.enabledByDefault || enabled.contains(where: d.answers(to:))
  }

  func severity(of d: RuleDescriptor) -> Severity {
    severity.first { d.answers(to: $0.key) }?.value ?? d.severity
  }
}

/// Runs every enabled rule over a tree; findings are sorted by position, then code. `buildContext` gives
/// context-aware rules the files beside the Dockerfile; `cache` (one per document) lets an analysis reuse
/// per-node results of the previous version of the same document.
public func analyze(
  _ tree: SyntaxTree, options: AnalysisOptions = AnalysisOptions(), buildContext: (any BuildContext)? = nil,
  cache: AnalysisCache? = nil
) -> [Finding] {
  let context = RuleContext(tree: tree, settings: options.settings, buildContext: buildContext, cache: cache)
  // BuildKit's check options: the directive (or the override), then per-instruction comments.
  let checkValue =
    options.checkOverride
    ?? tree.directives.last { $0.name == "check" }.map { String(decoding: $0.value, as: UTF8.self) }
  let fileChecks = checkValue.flatMap(CheckOptions.init) ?? CheckOptions()
  let instructionChecks = perInstructionCheckOptions(tree)
  var findings: [Finding] = []
  var instructionRules: [(index: Int, rule: any InstructionRule, severity: Severity)] = []
  for (ruleIndex, rule) in RuleRegistry.all.enumerated() {
    let d = rule.descriptor
    guard options.isEnabled(d) || (fileChecks.enablesExperimental(d) && !options.isDisabled(d)) else { continue }
    if fileChecks.skips(d) { continue }
    var severity = options.severity(of: d)
    if d.buildKitName != nil && fileChecks.error && options.severity.first(where: { d.answers(to: $0.key) }) == nil {
      severity = .error
    }
    if let local = rule as? any InstructionRule {
      instructionRules.append((ruleIndex, local, severity))
      continue
    }
    rule.check(context) { range, message in
      if !d.isGlobalBuildKitCheck, d.buildKitName != nil, !tree.nodes.isEmpty {
        let node = tree.nodeIndex(containing: range.lowerBound)
        if instructionChecks[tree.nodeStarts[node]]?.skips(d) == true { return }
      }
      findings.append(Finding(code: d.code, range: range, message: message, severity: severity))
    }
  }
  // Instruction rules: per node, from the cache when the node is unchanged.
  if !instructionRules.isEmpty {
    let key = instructionRules.map(\.index)
    let byIndex = Dictionary(uniqueKeysWithValues: instructionRules.map { ($0.index, $0) })
    for (i, ins) in context.model.instructions.enumerated() {
      let compute = { () -> [(rule: Int, range: Range<Int>, message: String)] in
        let facts = context.facts(ofInstructionAt: i)
        var out: [(rule: Int, range: Range<Int>, message: String)] = []
        for entry in instructionRules {
          entry.rule.check(facts) { range, message in out.append((entry.index, range, message)) }
        }
        return out
      }
      let results = cache?.findings(of: ins, key: key, compute: compute) ?? compute()
      for r in results {
        let entry = byIndex[r.rule]!
        let d = entry.rule.descriptor
        if !d.isGlobalBuildKitCheck, d.buildKitName != nil, instructionChecks[ins.start]?.skips(d) == true { continue }
        findings.append(Finding(code: d.code, range: r.range, message: r.message, severity: entry.severity))
      }
    }
  }
  cache?.prune(keeping: tree)
  if options.honourSuppressionComments {
    let suppressions = Suppressions(context: context)
    if !suppressions.isEmpty {
      findings.removeAll { suppressions.suppresses(RuleRegistry.rule(code: $0.code)!.descriptor, range: $0.range) }
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
