// DF218 copy-ignored-file (BuildKit's CopyIgnoredFile).
//
// `.dockerignore` removes files from the build context before the build sees it, so a COPY or ADD of an ignored
// path fails with "not found" (or, with a wildcard, silently copies less). BuildKit checks each source copied from
// the context (no `--from`, not a URL or git source) against the ignore patterns, including its parent
// directories. It does not check at all when the ignore file has `!` exceptions, since a directory may be ignored
// while a file inside it is re-included. The context root (`.` or `/`) is only reported when a pattern ignores
// everything (`*`, `**` or `**/*`). Needs the build context; silent without one.
//
// A sequential rule: the state is the parsed ignore file and the dispatch so far with values (sources are expanded
// with the stage's variables). A source that uses TARGETSTAGE (the last stage's name) is decided at the end.
import DockerfileSyntax

/// Reports COPY/ADD sources that `.dockerignore` excludes.
public struct CopyIgnoredFile: SequentialRule {
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

  /// COPY and ADD, and what changes the variables they are expanded with.
  public var stepKinds: Set<InstructionKind>? { [.from, .arg, .env, .copy, .add] }

  /// Reads `.dockerignore`.
  public var readsBuildContext: Bool { true }

  /// The parsed ignore file (nil when the check does not run) and the dispatch so far, with values.
  public struct State: Equatable, Sendable {
    var ignore: IgnoreFile?
    var dispatch = StageDispatchState()
  }

  /// A source whose value depends on TARGETSTAGE: COPY or ADD, and the value with the placeholder.
  public struct CandidateKey: Hashable, Sendable {
    var verb: String
    var source: String
  }

  public func initialState(_ file: FileFacts) -> State {
    State(ignore: file.buildContext?.dockerignore.flatMap(IgnoreFile.init))
  }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<CandidateKey>
  ) {
    guard let ignore = state.ignore else { return }
    let ins = facts.instruction
    let escape = Unicode.Scalar(file.escape)
    state.dispatch.step(ins, escape: file.escape, tracksValues: true) { step, vars in
      guard case .instruction = step, ins.kind == .copy || ins.kind == .add, ins.flag("from") == nil else { return }
      let evaluator = BuildKitWordEvaluator(escape: escape, lookup: { vars.lookup($0) })
      let verb = ins.kind == .add ? "Add" : "Copy"
      for i in ExpandedWord.copySourceIndices(of: ins) {
        guard let word = ExpandedWord.argument(i, of: ins), let source = evaluator.evaluate(word.text) else { continue }
        if source.dependsOnTargetStage {
          out.candidate(word.sourceRange(in: ins), key: CandidateKey(verb: verb, source: source))
        } else if let message = ignore.message(verb: verb, source: source) {
          out.report(word.sourceRange(in: ins), message)
        }
      }
    }
  }

  public func resolve(_ key: CandidateKey, _ state: State) -> String? {
    let target = targetStageValue(lastStageName: state.dispatch.currentName)
    return state.ignore?.message(verb: key.verb, source: key.source.resolvingTargetStage(target))
  }

  /// A parsed `.dockerignore` the check runs with (one without `!` exceptions), compared by its text.
  final class IgnoreFile: Equatable, Sendable {
    let text: [UInt8]
    let ignore: DockerIgnore
    /// Whether a pattern ignores everything, the context root included.
    let ignoresRoot: Bool

    /// Parses `text`; nil when it has no patterns or has exceptions (BuildKit does not check then).
    init?(_ text: [UInt8]) {
      let ignore = DockerIgnore(contents: text)
      guard !ignore.patterns.isEmpty, !ignore.patterns.contains(where: \.isExclusion) else { return nil }
      self.text = text
      self.ignore = ignore
      self.ignoresRoot = ignore.patterns.contains { ["*", "**", "**/*"].contains($0.text) }
    }

    static func == (a: IgnoreFile, b: IgnoreFile) -> Bool { a === b || a.text == b.text }

    /// The finding for a source copied from the context, or nil when it is not ignored.
    func message(verb: String, source: String) -> String? {
      if CopyIgnoredFile.isRemote(source) { return nil }
      let cleaned = CopyIgnoredFile.clean(source)
      let excluded = cleaned == "." || cleaned == "/" ? ignoresRoot : ignore.isExcluded(cleaned)
      guard excluded else { return nil }
      let quoted = String(decoding: goQuote(Array(cleaned.utf8)), as: UTF8.self)
      return "Attempting to \(verb) file \(quoted) that is excluded by .dockerignore"
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
