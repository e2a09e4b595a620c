// What rules read: the tree, the semantic model, each RUN's shell commands parsed once and mapped back to
// source ranges (so that no rule tokenises text itself), the configuration that rules take (trusted
// registries), and the build context when the caller can read it.
import DockerfileSyntax

/// Configuration values that rules read (as opposed to which rules run, which `AnalysisOptions` decides).
public struct RuleSettings: Sendable, Equatable {
  /// Registries images may come from (DL3026); empty means the rule is inactive. Patterns: `*` matches any,
  /// `*.example.com` a suffix, `docker.*` a prefix, otherwise an exact host (`docker.io` also allows Docker
  /// Hub images written without a registry).
  public var trustedRegistries: [String] = []

  /// Default settings.
  public init(trustedRegistries: [String] = []) {
    self.trustedRegistries = trustedRegistries
  }
}

/// The shared, lazily computed inputs of every rule.
public final class RuleContext: @unchecked Sendable {
  /// The syntax tree.
  public let tree: SyntaxTree
  /// The semantic model (built the first time a rule asks for it).
  public private(set) lazy var model = SemanticModel(tree: tree)
  /// Configuration values for rules.
  public let settings: RuleSettings
  /// The files beside the Dockerfile, when the caller can read them; rules that need them stay silent
  /// without.
  public let buildContext: (any BuildContext)?
  /// The tree's syntax errors (`SyntaxTree.errors`), read through the cache's list of nodes that have any when
  /// there is a cache (then without visiting every node), worked out once for the rules that report them.
  public private(set) lazy var syntaxErrors: [SyntaxError] = {
    guard let cache, cache.revision == tree.revision else { return tree.errors }
    return tree.errors(ofNodes: cache.errorNodes)
  }()
  /// BuildKit's `# check=` comment options by instruction start (worked out on first use).
  lazy var instructionChecks: [Int: CheckOptions] = perInstructionCheckOptions(tree)
  /// False when the analysis knows that no comment mentions `hadolint` or `dockerfile-lsp`, so there is no
  /// suppression pragma to read.
  var mayHavePragmas = true
  let cache: AnalysisCache?

  /// Creates a context for `tree`.
  public init(
    tree: SyntaxTree, settings: RuleSettings = RuleSettings(), buildContext: (any BuildContext)? = nil,
    cache: AnalysisCache? = nil
  ) {
    self.tree = tree
    self.settings = settings
    self.buildContext = buildContext
    self.cache = cache
  }

  /// Whether the comment node at `index` may be a suppression pragma (it mentions `hadolint` or
  /// `dockerfile-lsp`), from the flags the analysis worked out for the node; true without a cache.
  func commentMayBePragma(atNode index: Int) -> Bool {
    guard let cache else { return true }
    return cache.commentFlags(atNode: index) & commentMentionsPragma != 0
  }

  /// The instruction that does the work: the innermost one under ONBUILD chains, otherwise `ins` itself.
  static func effective(_ ins: Instruction) -> Instruction {
    var current = ins
    var rounds = 0
    while current.kind == .onbuild, let child = current.child, rounds < 64 {
      current = child
      rounds += 1
    }
    return current
  }

  /// The facts an `InstructionRule` reads about the instruction at `index` of `model.instructions`.
  public func facts(ofInstructionAt index: Int) -> InstructionFacts {
    facts(ofNode: tree.nodeIndex(containing: model.instructions[index].start))
  }

  /// The facts of the instruction node at `index` of `tree.nodes` (which must be an instruction); shell
  /// commands come from the cache, which must be aligned with the tree.
  func facts(ofNode index: Int) -> InstructionFacts {
    if let last = lastFacts, last.node == index { return last.facts }
    if cache == nil, let known = factsByNode[index] { return known }
    let facts = computeFacts(ofNode: index)
    lastFacts = (index, facts)
    if cache == nil { factsByNode[index] = facts }
    return facts
  }

  /// Without a cache (a context made for one rule's `check`, in tests and benchmarks): every fact worked out,
  /// so that rules run one after another do not parse the same shell commands again.
  private var factsByNode: [Int: InstructionFacts] = [:]

  /// The facts asked for last. The analysis asks for each node's facts in one pass for all sequential rules,
  /// then for the nodes whose instruction-rule findings are not cached, so facts are not kept for the whole
  /// file (on an 18,000-line file they took 9 MiB).
  private var lastFacts: (node: Int, facts: InstructionFacts)?

  private func computeFacts(ofNode index: Int) -> InstructionFacts {
    let ins = tree.instruction(atNode: index)!
    let effective = Self.effective(ins)
    let commands: [ShellCommand]
    if let cache {
      commands = cache.shellCommands(ofNode: index, start: ins.start) { Self.computeShellCommands(effective) }
    } else {
      commands = Self.computeShellCommands(effective)
    }
    return InstructionFacts(
      instruction: ins, effective: effective, commands: commands, checkComment: instructionChecks[ins.start])
  }

  /// The shell commands of a shell-form RUN, or of the RUN under an ONBUILD (and of heredoc scripts it feeds
  /// to a shell), with ranges in the source. Exec-form RUNs and other instructions give none. Computed once
  /// per instruction (and once per unchanged syntax node when the analysis has a cache).
  public func shellCommands(ofInstructionAt index: Int) -> [ShellCommand] {
    facts(ofInstructionAt: index).commands
  }

  /// Parses the shell commands of a RUN instruction view.
  static func computeShellCommands(_ ins: Instruction) -> [ShellCommand] {
    guard ins.kind == .run && ins.form != .json else { return [] }
    var out: [ShellCommand] = []
    let logical = ins.syntax.argumentText
    let script = parseShell(ins.text(logical))
    func map(_ r: Range<Int>) -> Range<Int> {
      ins.sourceRange((logical.lowerBound + r.lowerBound)..<(logical.lowerBound + r.upperBound))
    }
    for c in script.expanded {
      var m = c
      m.range = map(c.range)
      m.words = c.words.map { ShellWord(range: map($0.range), value: $0.value, isLiteral: $0.isLiteral) }
      m.assignments = c.assignments.map {
        ShellWord(range: map($0.range), value: $0.value, isLiteral: $0.isLiteral)
      }
      m.redirections = c.redirections.map(map)
      out.append(m)
    }
    // A heredoc body is a shell script when the RUN runs it (`RUN <<EOF`, `RUN bash <<EOF`); otherwise it is
    // data (`RUN python3 <<EOF`, `RUN cat <<EOF > file`). Leading tabs (`<<-`) do not change shell meaning,
    // so the body is parsed as written and its ranges are the source's.
    let shells: Set<String> = ["sh", "bash", "dash", "ash", "zsh", "ksh"]
    let commandWords = script.commands.flatMap(\.words)
    let runsBody =
      commandWords.isEmpty
      || (script.commands.count == 1 && commandWords.count == 1
        && shells.contains(String(commandWords[0].stringValue.split(separator: "/").last ?? "")))
    if runsBody, let h = ins.heredocs.first {
      out.append(contentsOf: parseShell(h.content, baseOffset: h.bodyRange.lowerBound).expanded)
    }
    return out
  }
}
