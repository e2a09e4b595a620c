// DF218 copy-ignored-file (BuildKit's CopyIgnoredFile).
//
// `.dockerignore` removes files from the build context before the build sees it, so a COPY or ADD of an ignored
// path fails with "not found" (or, with a wildcard, silently copies less). BuildKit checks each source copied from
// the context (no `--from`, not a URL or git source) against the ignore patterns, including its parent
// directories. It does not check at all when the ignore file has `!` exceptions, since a directory may be ignored
// while a file inside it is re-included. The context root (`.` or `/`) is only reported when a pattern ignores
// everything (`*`, `**` or `**/*`). Needs the build context; silent without one.
import DockerfileSyntax

/// Reports COPY/ADD sources that `.dockerignore` excludes.
public struct CopyIgnoredFile: Rule {
  /// Creates the rule.
  public init() {}

  /// DF218.
  public let descriptor = RuleDescriptor(
    code: "DF218", name: "copy-ignored-file", aliases: ["CopyIgnoredFile"], severity: .warning,
    category: .correctness, summary: "Attempting to Copy file that is excluded by .dockerignore",
    documentation: RuleDocumentation(
      why: """
        Files matched by .dockerignore never reach the builder, so copying one fails the build with "not found", \
        or copies less than intended when the source is a directory or a wildcard. Either stop ignoring the file \
        or stop copying it. The check needs the build context (the directory the Dockerfile is built from) and \
        is skipped when .dockerignore re-includes files with `!` patterns.
        """,
      bad: "FROM alpine:3.20\nCOPY .env /app/\n",
      good: "FROM alpine:3.20\nCOPY config.yaml /app/\nUSER nobody\n"))

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    guard let text = context.buildContext?.dockerignore else { return }
    let ignore = DockerIgnore(contents: text)
    guard !ignore.patterns.isEmpty, !ignore.patterns.contains(where: \.isExclusion) else { return }
    let ignoresRoot = ignore.patterns.contains { ["*", "**", "**/*"].contains($0.text) }
    let model = context.model
    let dispatch = StageDispatch(model: model, globals: GlobalArgs(model), tracksValues: true)
    let escape = Unicode.Scalar(model.tree.escape)
    dispatch.run { step, vars in
      guard case .instruction(let index) = step else { return }
      let ins = model.instructions[index]
      guard ins.kind == .copy || ins.kind == .add, ins.flag("from") == nil else { return }
      let evaluator = BuildKitWordEvaluator(escape: escape, lookup: { vars.lookup($0) })
      for i in ExpandedWord.copySourceIndices(of: ins) {
        guard let word = ExpandedWord.argument(i, of: ins), let source = evaluator.evaluate(word.text) else { continue }
        if Self.isRemote(source) { continue }
        let cleaned = Self.clean(source)
        let excluded = cleaned == "." || cleaned == "/" ? ignoresRoot : ignore.isExcluded(cleaned)
        guard excluded else { continue }
        let verb = ins.kind == .add ? "Add" : "Copy"
        let quoted = String(decoding: goQuote(Array(cleaned.utf8)), as: UTF8.self)
        report(word.sourceRange(in: ins), "Attempting to \(verb) file \(quoted) that is excluded by .dockerignore")
      }
    }
  }

  /// URLs and git sources do not come from the context.
  static func isRemote(_ source: String) -> Bool {
    ["http://", "https://", "git://", "git@", "ssh://"].contains { source.hasPrefix($0) }
  }

  /// Go's `filepath.Clean` on a slash-separated path.
  static func clean(_ path: String) -> String {
    if path.isEmpty { return "." }
    let rooted = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/") where part != "." {
      if part == ".." {
        if let last = parts.last, last != ".." {
          parts.removeLast()
        } else if !rooted {
          parts.append(part)
        }
      } else {
        parts.append(part)
      }
    }
    let joined = parts.joined(separator: "/")
    if rooted { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }
}
