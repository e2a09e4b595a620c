// In-file suppression comments: `# dockerfile-lsp: ignore=...` and hadolint's `# hadolint ignore=...`
// pragmas. (BuildKit's `# check=` comments are handled in CheckDirective.swift.) The grammars are in
// SuppressionComment.swift; this file decides which findings each comment covers.
//
// Ours:
// - `# dockerfile-lsp: ignore=IDS` covers the next instruction, whole: its continuation lines, heredoc bodies and
//   what ONBUILD wraps. Other comment lines may stand between the comment and the instruction (so that several
//   suppression comments, or a reason, can be stacked), but a blank line ends it: a comment followed by a blank
//   line (or by the end of the file) covers nothing, and DF005 says so. A finding belongs to the instruction
//   whose bytes hold the finding's first byte.
// - `# dockerfile-lsp: ignore-file=IDS` covers the whole file, wherever the comment is.
// - IDS are codes, names or aliases (case-insensitive), or `all`.
//
// hadolint's, exactly as hadolint applies them (src/Hadolint/Process.hs): every finding has the line where its
// instruction starts (1-based), and
// - `# hadolint ignore=CODES` on line L covers findings on line L + 1 only (so a blank or comment line between
//   the pragma and the instruction makes it cover nothing);
// - `# hadolint global ignore=CODES` covers the whole file;
// - `# hadolint stage ignore=CODES` on line L records CODES at key L + 1, and every FROM line records an empty
//   set at its own line unless a pragma already recorded that key; a finding on line N is covered by the set of
//   the greatest key strictly below N. So the pragma above a FROM covers that stage (not the FROM line itself),
//   and a pragma in the middle of a stage covers the lines after the next one, up to the next FROM.
// hadolint codes name our rules through their aliases (`DL3008`); codes that name no rule here (ShellCheck's
// `SC2086`, hadolint rules we do not have) are accepted and cover nothing.
import DockerfileSyntax

/// The suppression comments of one file.
struct Suppressions {
  /// The tree the comments were read from (for the node holding a finding).
  private let tree: SyntaxTree
  /// IDs that cover the whole file (ours `ignore-file`, hadolint's `global ignore`), lower-cased.
  private var fileIDs: [String] = []
  /// IDs (lower-cased) covering each instruction node, by node index.
  private var instructionIDs: [Int: [String]] = [:]
  /// hadolint `ignore` codes by the line they cover.
  private var lineCodes: [Int: [String]] = [:]
  /// hadolint `stage ignore` keys (ascending lines) and their codes (empty for a FROM line).
  private var stageKeys: [Int] = []
  private var stageCodes: [[String]] = []
  /// The 1-based line each node starts on, when hadolint's line-based pragmas need it.
  private var nodeLines: [Int] = []

  /// Reads the comments of the context's tree.
  init(context: RuleContext) {
    self.init(tree: context.tree)
  }

  /// Reads the comments of `tree`.
  init(tree: SyntaxTree) {
    self.tree = tree
    var pending: [String] = []
    var fromLines: [Int] = []
    var stagePragmas: [(key: Int, codes: [String])] = []
    var lines: [Int] = []
    lines.reserveCapacity(tree.nodes.count)
    var line = 1
    for (index, node) in tree.nodes.enumerated() {
      lines.append(line)
      defer { line += node.newlineCount }
      switch node.kind {
      case .comment:
        guard let comment = readSuppressionComment(tree.source, lineStart: tree.nodeStarts[index]) else { continue }
        let ids = comment.ids.map { $0.lowercased() }
        guard !ids.isEmpty else { continue }
        switch comment.scope {
        case .nextInstruction: pending += ids
        case .file, .hadolintGlobal: fileIDs += ids
        case .hadolintNextLine: lineCodes[line + 1] = ids
        case .hadolintStage: stagePragmas.append((line + 1, ids))
        }
      case .directive:
        break
      case .blank:
        pending = []
      case .instruction:
        if !pending.isEmpty {
          instructionIDs[index] = pending
          pending = []
        }
        if node.instruction?.kind == .from { fromLines.append(line) }
      }
    }
    if !lineCodes.isEmpty || !stagePragmas.isEmpty { nodeLines = lines }
    if !stagePragmas.isEmpty {
      // Pragma keys win over FROM keys on the same line; both lists are ascending.
      var merged: [Int: [String]] = [:]
      for l in fromLines { merged[l] = [] }
      for p in stagePragmas { merged[p.key] = p.codes }
      stageKeys = merged.keys.sorted()
      stageCodes = stageKeys.map { merged[$0] ?? [] }
    }
  }

  /// Whether there is nothing to suppress.
  var isEmpty: Bool { fileIDs.isEmpty && instructionIDs.isEmpty && lineCodes.isEmpty && stageKeys.isEmpty }

  /// Whether a finding of rule `descriptor` at `range` is suppressed.
  func suppresses(_ descriptor: RuleDescriptor, range: Range<Int>) -> Bool {
    func covers(_ ids: [String]) -> Bool {
      ids.contains {
        $0 == "all" || descriptor.answers(to: $0) || hadolintReplacements[$0.uppercased()] == descriptor.code
      }
    }
    if covers(fileIDs) { return true }
    guard !tree.nodes.isEmpty else { return false }
    let node = tree.nodeIndex(containing: range.lowerBound)
    if let ids = instructionIDs[node], covers(ids) { return true }
    guard !nodeLines.isEmpty else { return false }
    let line = nodeLines[node]
    if let codes = lineCodes[line], covers(codes) { return true }
    // The greatest stage key strictly below the line.
    var lo = 0
    var hi = stageKeys.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if stageKeys[mid] < line { lo = mid + 1 } else { hi = mid }
    }
    return lo > 0 && covers(stageCodes[lo - 1])
  }
}

/// hadolint rules that are off by default here because a default rule reports the same mistake, by DL code,
/// with that rule's code: a `# hadolint ignore=DL3025` written for hadolint also silences DF209, which
/// reports what DL3025 would.
let hadolintReplacements: [String: String] = [
  "DL3000": "DF210", "DL3002": "DF301", "DL3011": "DF016", "DL3023": "DF018", "DL3024": "DF204",
  "DL3025": "DF209", "DL3043": "DF019", "DL3061": "DF021", "DL3063": "DF205", "DL3064": "DF216",
  "DL3065": "DF211", "DL4003": "DF219", "DL4004": "DF219",
]
