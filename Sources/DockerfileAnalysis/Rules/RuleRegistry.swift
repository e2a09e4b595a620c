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

  /// Per rule index: the place of its code in code order (findings at one offset are sorted by code).
  static let codeRank: [Int] = {
    var rank = Array(repeating: 0, count: all.count)
    for (r, i) in indexByRank.enumerated() { rank[i] = r }
    return rank
  }()

  /// Per rule index: its code, its descriptor, whether per-instruction `# check=` comments apply to it.
  static let codes: [String] = all.map(\.descriptor.code)
  static let descriptors: [RuleDescriptor] = all.map(\.descriptor)
  static let followsInstructionChecks: [Bool] = registered.map(\.followsInstructionChecks)

  /// The rule index of each code rank.
  static let indexByRank: [Int] = all.indices.sorted { all[$0].descriptor.code < all[$1].descriptor.code }

  /// Rules by their exact code.
  static let byCode: [String: any Rule] = Dictionary(
    all.map { ($0.descriptor.code, $0) }, uniquingKeysWith: { a, _ in a })

  /// The rule with exactly this code (a dictionary lookup, for findings).
  public static func rule(code: String) -> (any Rule)? { byCode[code] }

  /// The rule a code, name or alias names.
  public static func rule(_ id: String) -> (any Rule)? { all.first { $0.descriptor.answers(to: id) } }
}

/// A rule and the facts about it that `analyze` reads for every file.
final class RegisteredRule: Sendable {
  let rule: any Rule
  let descriptor: RuleDescriptor
  /// The rule as an instruction rule, when it is one (its findings are cached per node).
  let local: (any InstructionRule)?
  /// The rule as a sequential rule, when it is one (it is re-run incrementally).
  let sequential: (any SequentialRule)?
  /// Whether it reads the build context.
  let readsBuildContext: Bool
  /// Whether it is a BuildKit check (then `# check=` options apply to it).
  let isBuildKitCheck: Bool
  /// Whether per-instruction `# check=` comments apply to its findings.
  let followsInstructionChecks: Bool

  init(_ rule: any Rule) {
    self.rule = rule
    descriptor = rule.descriptor
    local = rule as? any InstructionRule
    sequential = rule as? any SequentialRule
    readsBuildContext = sequential?.readsBuildContext ?? false
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
/// the previous version's results, so that a keystroke costs work in proportion to the edit.
public func analyze(
  _ tree: SyntaxTree, options: AnalysisOptions = AnalysisOptions(), buildContext: (any BuildContext)? = nil,
  cache: AnalysisCache? = nil
) -> [Finding] {
  // Without a document cache nothing is reused, so no checkpoints are kept.
  let cache = cache ?? AnalysisCache(checkpointSpacing: 1 << 40)
  let diff = cache.align(to: tree)
  let context = RuleContext(tree: tree, settings: options.settings, buildContext: buildContext, cache: cache)
  // BuildKit's check options: the directive (or the override), then per-instruction comments.
  let checkValue =
    options.checkOverride
    ?? tree.directives.last { $0.name == "check" }.map { String(decoding: $0.value, as: UTF8.self) }
  let fileChecks = checkValue.flatMap(CheckOptions.init) ?? CheckOptions()
  // Comments can matter only when some comment mentions `check`, `hadolint` or `dockerfile-lsp`.
  let comments = cache.commentSummary()
  if comments & commentMentionsCheck == 0 { context.instructionChecks = [:] }
  if comments & commentMentionsPragma == 0 { context.mayHavePragmas = false }
  let instructionChecks = context.instructionChecks
  var instructionRules: [(index: Int, entry: RegisteredRule, severity: Severity)] = []
  let file = cache.fileFacts(context)
  let spacing = cache.checkpointSpacing(forNodes: tree.nodes.count)
  let input = SequentialInput(tree: tree, file: file, spacing: spacing.sparse, denseSpacing: spacing.dense)
  let buildContextChanged = cache.runsBuildContextGeneration != cache.buildContextGeneration
  cache.runsBuildContextGeneration = cache.buildContextGeneration
  // Steps may read the settings (trusted registries): runs made with other settings start over.
  if cache.runsSettings != options.settings {
    cache.runs = []
    cache.runsSettings = options.settings
  }
  if cache.runs.count != RuleRegistry.registered.count {
    cache.runs = Array(repeating: nil, count: RuleRegistry.registered.count)
  }
  var liveRuns = [Bool](repeating: false, count: RuleRegistry.registered.count)
  var sequentialRuns: [(index: Int, entry: RegisteredRule, run: any SequentialRun, severity: Severity, rank: Int)] =
    []
  // Sequential rules also see the `# check=` comment above an instruction, which is another node: an edit
  // re-steps the first instruction after the replaced nodes too.
  let runDiff = diff.map { $0.extended(toInstructionIn: tree.nodes) }
  func skippedByComment(_ entry: RegisteredRule, _ range: Range<Int>) -> Bool {
    guard entry.followsInstructionChecks, !instructionChecks.isEmpty, !tree.nodes.isEmpty else { return false }
    let node = tree.nodeIndex(containing: range.lowerBound)
    return instructionChecks[tree.nodeStarts[node]]?.skips(entry.descriptor) == true
  }
  let plan = cache.plan(options: options, fileChecks: fileChecks)
  // Findings of the rules that read the whole file at once, in the order found, with the rank of their code.
  var whole = CollectedFindings()
  for planned in plan.rules {
    let ruleIndex = planned.index
    let entry = RuleRegistry.registered[ruleIndex]
    let severity = planned.severity
    let rank = RuleRegistry.codeRank[ruleIndex]
    if entry.local != nil {
      instructionRules.append((ruleIndex, entry, severity))
      continue
    }
    if let sequential = entry.sequential {
      liveRuns[ruleIndex] = true
      var run = cache.runs[ruleIndex]
      if run == nil || (buildContextChanged && entry.readsBuildContext) {
        run = sequential.makeRun()
        cache.runs[ruleIndex] = run
      }
      sequentialRuns.append((ruleIndex, entry, run!, severity, rank))
      continue
    }
    let code = RuleRegistry.codes[ruleIndex]
    entry.rule.check(context) { range, message in
      if skippedByComment(entry, range) { return }
      whole.append(Finding(code: code, range: range, message: message, severity: severity), rank: rank)
    }
  }
  // Sequential rules: one walk over the nodes for all of them (see `SequentialRun`).
  walkSequentialRuns(sequentialRuns.map(\.run), input: input, diff: runDiff, context: context)
  for r in sequentialRuns { r.run.end(input) }
  // A run whose update read an entry its saved states may hold stale is walked again from the start.
  let restarted = sequentialRuns.indices.filter { sequentialRuns[$0].run.needsRestart }
  if !restarted.isEmpty {
    for k in restarted {
      let fresh = sequentialRuns[k].entry.sequential!.makeRun()
      cache.runs[sequentialRuns[k].index] = fresh
      sequentialRuns[k].run = fresh
    }
    walkSequentialRuns(restarted.map { sequentialRuns[$0].run }, input: input, diff: nil, context: context)
    for k in restarted { sequentialRuns[k].run.end(input) }
  }
  // A run not brought up to date by this analysis cannot follow later edits.
  for k in cache.runs.indices where !liveRuns[k] && cache.runs[k] != nil { cache.runs[k] = nil }
  if !instructionRules.isEmpty {
    let key = instructionRules.map(\.index)
    if key != cache.findingsKey {
      cache.findingsKey = key
      for k in cache.nodeData.indices { cache.nodeData[k].findings = nil }
      cache.localStrays = false
    }
  }
  // Per rule index: severity when enabled here (read by index, so that no registry entry is copied per finding).
  var severityOf = [Severity?](repeating: nil, count: RuleRegistry.registered.count)
  for r in instructionRules { severityOf[r.index] = r.severity }
  // Messages found in this analysis: repeated ones (the same advice on many lines) share one string.
  var messages: Set<String> = []
  /// Instruction rules' findings of node `i`, computed only when the cache does not have them.
  func localFindings(ofNode i: Int, into out: inout CollectedFindings) {
    guard !instructionRules.isEmpty, tree.nodes[i].kind == .instruction else { return }
    let start = tree.nodeStarts[i]
    if cache.nodeData[i].findings == nil {
      let facts = context.facts(ofNode: i)
      let length = tree.nodes[i].length
      var found: [LocalFinding] = []
      for r in instructionRules {
        r.entry.local!.check(facts) { range, message in
          if !liesInNode(range, start: start, end: start + length) { cache.localStrays = true }
          let relative = (range.lowerBound - start)..<(range.upperBound - start)
          found.append(
            LocalFinding(rule: r.index, range: relative, message: messages.insert(message).memberAfterInsert))
        }
      }
      cache.nodeData[i].findings = found
    }
    guard let local = cache.nodeData[i].findings, !local.isEmpty else { return }
    let check = instructionChecks.isEmpty ? nil : instructionChecks[start]
    for result in local {
      let index = result.rule
      guard let severity = severityOf[index] else { continue }
      if let check, RuleRegistry.followsInstructionChecks[index], check.skips(RuleRegistry.descriptors[index]) {
        continue
      }
      let range = (result.range.lowerBound + start)..<(result.range.upperBound + start)
      out.append(
        Finding(code: RuleRegistry.codes[index], range: range, message: result.message, severity: severity),
        rank: RuleRegistry.codeRank[index])
    }
  }
  /// The sequential rules' findings of the nodes in `nodes`.
  func sequentialFindings(ofNodes nodes: Range<Int>, into out: inout CollectedFindings) {
    for r in sequentialRuns {
      let code = RuleRegistry.codes[r.index]
      r.run.report(nodes: nodes) { range, message in
        if skippedByComment(r.entry, range) { return }
        out.append(Finding(code: code, range: range, message: message, severity: r.severity), rank: r.rank)
      }
    }
  }
  let suppressing = options.honourSuppressionComments && comments & commentMentionsPragma != 0
  let key = AnalysisCache.ResultKey(planGeneration: cache.planGeneration, suppressing: suppressing)
  defer {
    cache.lastWhole = whole.findings
    cache.lastResultKey = key
    cache.lastTextLength = tree.source.count
  }

  // After an edit, the findings outside the nodes that any rule looked at again are the previous ones (moved by
  // the edit's length after it): only those nodes' findings are collected and put in place of the previous ones.
  if let runDiff, !suppressing, cache.lastResultKey == key, !cache.localStrays {
    var spliced = true
    var nodes = runDiff.prefix..<runDiff.newEnd
    for r in sequentialRuns {
      guard let updated = r.run.updated, !r.run.strays else {
        spliced = false
        break
      }
      nodes = min(nodes.lowerBound, updated.lowerBound)..<max(nodes.upperBound, updated.upperBound)
    }
    if spliced {
      var region = CollectedFindings()
      let window = ByteWindow(tree: tree, nodes: nodes, byteDelta: runDiff.byteDelta)
      if window.wholeFindingsAgree(whole.findings, previous: cache.lastWhole) {
        for k in whole.findings.indices where window.contains(whole.findings[k].range) {
          region.append(whole.findings[k], rank: whole.ranks[k])
        }
        sequentialFindings(ofNodes: nodes, into: &region)
        for i in nodes { localFindings(ofNode: i, into: &region) }
        if region.findings.allSatisfy({ window.contains($0.range) }) {
          cache.splice(region.sorted(), into: window)
          return cache.lastFindings
        }
      }
    }
  }

  // Everything, collected afresh.
  var all = whole
  all.reserve(cache.lastFindings.count + 16)
  sequentialFindings(ofNodes: 0..<tree.nodes.count, into: &all)
  for i in tree.nodes.indices { localFindings(ofNode: i, into: &all) }
  if suppressing {
    let suppressions = Suppressions(context: context)
    if !suppressions.isEmpty {
      var kept = CollectedFindings()
      for k in all.findings.indices
      where !suppressions.suppresses(
        RuleRegistry.descriptors[RuleRegistry.indexByRank[all.ranks[k]]], range: all.findings[k].range)
      {
        kept.append(all.findings[k], rank: all.ranks[k])
      }
      all = kept
    }
  }
  cache.replaceFindings(with: all.sorted(), byteDelta: tree.source.count - cache.lastTextLength)
  return cache.lastFindings
}

/// Findings with the rank of their rule's code, in the order found.
struct CollectedFindings {
  var findings: [Finding] = []
  var ranks: [Int] = []

  mutating func append(_ finding: Finding, rank: Int) {
    findings.append(finding)
    ranks.append(rank)
  }

  mutating func reserve(_ capacity: Int) {
    findings.reserveCapacity(capacity)
    ranks.reserveCapacity(capacity)
  }

  /// The findings by position, then code, then the order found: integers sorted, not findings moved.
  func sorted() -> [Finding] {
    var order = findings.indices.map { (findings[$0].range.lowerBound, ranks[$0], $0) }
    order.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
    return order.map { findings[$0.2] }
  }
}

/// The bytes of some nodes after an edit, where an analysis collects findings afresh: `lower..<upper` in the
/// new text, `lower..<(upper - byteDelta)` in the previous one (the nodes from `upper` on moved by `byteDelta`).
struct ByteWindow {
  let lower: Int
  let upper: Int
  let byteDelta: Int

  init(tree: SyntaxTree, nodes: Range<Int>, byteDelta: Int) {
    let count = tree.nodes.count
    lower = nodes.lowerBound < count ? tree.nodeStarts[nodes.lowerBound] : tree.source.count
    upper = nodes.upperBound < count ? tree.nodeStarts[nodes.upperBound] : tree.source.count
    self.byteDelta = byteDelta
  }

  /// Whether a finding with `range` belongs in the window: it starts in it (not at its end) and ends in it.
  func contains(_ range: Range<Int>) -> Bool {
    range.lowerBound >= lower && range.upperBound <= upper && range.lowerBound < upper
  }

  /// Whether the whole-file rules' findings outside the window are the previous ones (moved after it), and none
  /// reaches into it from outside.
  func wholeFindingsAgree(_ new: [Finding], previous: [Finding]) -> Bool {
    guard !new.isEmpty || !previous.isEmpty else { return true }
    var outsideNew: [Finding] = []
    for f in new where !contains(f.range) {
      if f.range.lowerBound < lower {
        guard f.range.upperBound <= lower else { return false }
        outsideNew.append(f)
      } else if f.range.lowerBound >= upper {
        outsideNew.append(f.moved(by: -byteDelta))
      } else {
        return false
      }
    }
    let outsidePrevious = previous.filter { $0.range.lowerBound < lower || $0.range.lowerBound >= upper - byteDelta }
    return outsideNew == outsidePrevious
  }
}

/// Which rules an analysis runs, with their severities: worked out from the options and the file's `# check=`
/// directive, which seldom change between keystrokes, so a document's cache keeps the last plan.
struct AnalysisPlan {
  /// What the plan was made for.
  let options: AnalysisOptions
  let fileChecks: CheckOptions
  /// The enabled rules in registry order, by index, with their severities.
  let rules: [(index: Int, severity: Severity)]

  init(options: AnalysisOptions, fileChecks: CheckOptions) {
    self.options = options
    self.fileChecks = fileChecks
    let hasFileSkips = fileChecks.skipAll || !fileChecks.skip.isEmpty
    let hasOptions = options != AnalysisOptions()
    var rules: [(index: Int, severity: Severity)] = []
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
      rules.append((ruleIndex, severity))
    }
    self.rules = rules
  }
}

extension AnalysisCache {
  /// The plan for these options and file checks: the last one when they are the same.
  func plan(options: AnalysisOptions, fileChecks: CheckOptions) -> AnalysisPlan {
    if let last = lastPlan, last.options == options, last.fileChecks == fileChecks { return last }
    let plan = AnalysisPlan(options: options, fileChecks: fileChecks)
    lastPlan = plan
    planGeneration += 1
    return plan
  }
}

/// Brings sequential runs up to date in one pass over the nodes: each run joins at the node its `begin` gives
/// and leaves when its `visit` says it has caught up; an instruction's facts are worked out once, for the runs
/// that step its kind, and dropped after it.
func walkSequentialRuns(
  _ runs: [any SequentialRun], input: SequentialInput, diff: NodeDiff?, context: RuleContext
) {
  guard !runs.isEmpty else { return }
  let nodes = input.tree.nodes
  let order = runs.indices.map { (start: runs[$0].begin(input, diff: diff), run: $0) }.sorted { $0.start < $1.start }
  var next = 0
  var active: [(run: any SequentialRun, mask: UInt32)] = []
  // The kinds some active run steps.
  var wanted: UInt32 = 0
  var i = order[0].start
  while i < nodes.count {
    if next < order.count && order[next].start <= i {
      repeat {
        let run = runs[order[next].run]
        active.append((run, run.kindMask ?? ~0))
        wanted |= active[active.count - 1].mask
        next += 1
      } while next < order.count && order[next].start <= i
    } else if active.isEmpty {
      guard next < order.count else { break }
      i = order[next].start
      continue
    }
    var facts: InstructionFacts?
    var bit: UInt32 = 0
    if let syntax = nodes[i].instruction {
      bit = 1 << UInt32(syntax.kind.ordinal)
      if wanted & bit != 0 { facts = context.facts(ofNode: i) }
    }
    var k = 0
    var left = false
    while k < active.count {
      if active[k].run.visit(i, input, facts, steps: active[k].mask & bit != 0) {
        k += 1
      } else {
        active.remove(at: k)
        left = true
      }
    }
    if left { wanted = active.reduce(0) { $0 | $1.mask } }
    i += 1
  }
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
