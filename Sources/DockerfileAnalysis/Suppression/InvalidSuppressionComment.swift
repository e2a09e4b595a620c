// DF005 invalid-suppression-comment.
//
// A suppression comment that does not do what it says is worse than none: the finding it was meant to silence
// comes back, or (with a typo in the rule id) a reviewer believes a rule was considered when it was not. This
// rule reports our `# dockerfile-lsp:` comments with an unknown rule id, an unknown verb or a broken list, an
// `ignore=` comment that no instruction follows directly (a blank line ends its reach), and hadolint pragmas that
// hadolint drops whole because one code in them is not a code (`# hadolint ignore=DL3008,pip`). hadolint codes
// that are well formed but name no rule here (ShellCheck's SC codes, hadolint rules we do not have) are not
// reported: the same file may be linted by hadolint too.
import DockerfileSyntax

/// Reports suppression comments that are malformed, name unknown rules, or cover nothing.
public struct InvalidSuppressionComment: Rule {
  /// Creates the rule.
  public init() {}

  /// DF005.
  public let descriptor = RuleDescriptor(
    code: "DF005", name: "invalid-suppression-comment", aliases: [], severity: .warning, category: .correctness,
    summary: "A suppression comment that names an unknown rule or covers nothing",
    documentation: RuleDocumentation(
      why: """
        `# dockerfile-lsp: ignore=ID,...` silences the listed rules for the instruction directly below it (other \
        comment lines may come between, a blank line may not), and `# dockerfile-lsp: ignore-file=ID,...` for the \
        whole file; an ID is a rule's code, name or alias, or `all`. A comment with a misspelt ID, or one that no \
        instruction follows, silences nothing, so the finding it was written for comes back. hadolint's \
        `# hadolint ignore=...` pragmas are honoured too, and hadolint drops a whole pragma when any entry in its \
        list is not a code.
        """,
      bad: "# dockerfile-lsp: ignore-file=final-stage-rot\nFROM alpine:3.20\n",
      good: "# The tools in this image need root.\n# dockerfile-lsp: ignore-file=final-stage-root\nFROM alpine:3.20\n"))

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    guard context.mayHavePragmas else { return }
    let tree = context.tree
    // `ignore=` comments waiting for their instruction.
    var pending: [Range<Int>] = []
    func reportDangling() {
      for range in pending {
        report(range, "this suppression comment covers nothing: no instruction follows it directly")
      }
      pending = []
    }
    for (index, node) in tree.nodes.enumerated() {
      switch node.kind {
      case .comment:
        guard context.commentMayBePragma(atNode: index),
          let comment = readSuppressionComment(tree.source, lineStart: tree.nodeStarts[index])
        else { continue }
        for problem in comment.problems { report(problem.range, problem.message) }
        if comment.scope == .nextInstruction && !comment.ids.isEmpty { pending.append(comment.range) }
      case .directive:
        break
      case .blank:
        reportDangling()
      case .instruction:
        pending = []
      }
    }
    reportDangling()
  }
}
