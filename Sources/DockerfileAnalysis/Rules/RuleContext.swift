// What rules read: the tree, the semantic model, and each RUN's shell commands parsed once and mapped back to
// source ranges, so that no rule tokenises text itself.
import DockerfileSyntax

/// The shared, lazily computed inputs of every rule.
public final class RuleContext: @unchecked Sendable {
  /// The syntax tree.
  public let tree: SyntaxTree
  /// The semantic model.
  public let model: SemanticModel
  private var shellCache: [Int: [ShellCommand]] = [:]

  /// Creates a context for `tree`.
  public init(tree: SyntaxTree) {
    self.tree = tree
    self.model = SemanticModel(tree: tree)
  }

  /// The shell commands of a shell-form RUN (and of heredoc scripts it feeds to a shell), with ranges in the
  /// source. Exec-form RUNs and other instructions give none. Computed once per instruction.
  public func shellCommands(ofInstructionAt index: Int) -> [ShellCommand] {
    if let cached = shellCache[index] { return cached }
    let ins = model.instructions[index]
    var out: [ShellCommand] = []
    if ins.kind == .run && ins.form != .json {
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
    }
    shellCache[index] = out
    return out
  }
}
