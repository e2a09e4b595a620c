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

  /// Every rule with the facts `analyze` needs, worked out once: a protocol cast and the alias scan behind
  /// `buildKitName` cost more than a small file's whole analysis when repeated per call.
  static let registered: [RegisteredRule] = all.map(RegisteredRule.init)

  /// Rules by their exact code.
  static let byCode: [String: any Rule] = Dictionary(
    all.map { ($0.descriptor.code, $0) }, uniquingKeysWith: { a, _ in a })

  /// The rule with exactly this code (a dictionary lookup, for findings).
  public static func rule(code: String) -> (any Rule)? { byCode[code] }

  /// The rule a code, name or alias names.
  public static func rule(_ id: String) -> (any Rule)? { all.first { $0.descriptor.answers(to: id) } }
}

/// A rule and the facts about it that `analyze` reads for every file.
struct RegisteredRule: Sendable {
  let rule: any Rule
  let descriptor: RuleDescriptor
  /// The rule as an instruction rule, when it is one (its findings are cached per node).
  let local: (any InstructionRule)?
  /// Whether it is a BuildKit check (then `# check=` options apply to it).
  let isBuildKitCheck: Bool
  /// Whether per-instruction `# check=` comments apply to its findings.
  let followsInstructionChecks: Bool

  init(_ rule: any Rule) {
    self.rule = rule
    descriptor = rule.descriptor
    local = rule as? any InstructionRule
    isBuildKitCheck = descriptor.buildKitName != nil
    followsInstructionChecks = isBuildKitCheck && !descriptor.isGlobalBuildKitCheck
  }
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
  var instructionRules: [(index: Int, entry: RegisteredRule, severity: Severity)] = []
  let hasFileSkips = fileChecks.skipAll || !fileChecks.skip.isEmpty
  let hasOptions = options != AnalysisOptions()
  for (ruleIndex, entry) in RuleRegistry.registered.enumerated() {
    let d = entry.descriptor
    if hasOptions || !d.enabledByDefault {
      guard options.isEnabled(d) || (fileChecks.enablesExperimental(d) && !options.isDisabled(d)) else { continue }
    }
    if hasFileSkips && fileChecks.skips(d) { continue }
    var severity = options.severity.isEmpty ? d.severity : options.severity(of: d)
    if entry.isBuildKitCheck && fileChecks.error && options.severity.first(where: { d.answers(to: $0.key) }) == nil {
      severity = .error
    }
    if entry.local != nil {
      instructionRules.append((ruleIndex, entry, severity))
      continue
    }
    entry.rule.check(context) { range, message in
      if entry.followsInstructionChecks, !instructionChecks.isEmpty, !tree.nodes.isEmpty {
        let node = tree.nodeIndex(containing: range.lowerBound)
        if instructionChecks[tree.nodeStarts[node]]?.skips(d) == true { return }
      }
      findings.append(Finding(code: d.code, range: range, message: message, severity: severity))
    }
  }
  // Instruction rules: per node, from the cache when the node is unchanged.
  if !instructionRules.isEmpty {
    let key = instructionRules.map(\.index)
    var position: [Int: Int] = [:]
    for (k, r) in instructionRules.enumerated() { position[r.index] = k }
    for (i, ins) in context.model.instructions.enumerated() {
      let compute = { () -> [(rule: Int, range: Range<Int>, message: String)] in
        let facts = context.facts(ofInstructionAt: i)
        var out: [(rule: Int, range: Range<Int>, message: String)] = []
        for r in instructionRules {
          r.entry.local!.check(facts) { range, message in out.append((r.index, range, message)) }
        }
        return out
      }
      let results = cache?.findings(of: ins, key: key, compute: compute) ?? compute()
      for result in results {
        let r = instructionRules[position[result.rule]!]
        let d = r.entry.descriptor
        if r.entry.followsInstructionChecks, instructionChecks[ins.start]?.skips(d) == true { continue }
        findings.append(Finding(code: d.code, range: result.range, message: result.message, severity: r.severity))
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
