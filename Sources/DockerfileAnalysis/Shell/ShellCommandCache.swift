// The shell commands of RUN (and shell-form CMD/ENTRYPOINT/HEALTHCHECK) nodes, kept per node across versions of a
// document: parsing a RUN's shell is among the costliest facts, and an unchanged node keeps its commands.
import DockerfileSyntax

extension AnalysisCache {
  /// The shell commands of the instruction node at `index` of the aligned tree, absolute, computed by
  /// `compute` the first time.
  func shellCommands(ofNode index: Int, start: Int, compute: () -> [ShellCommand]) -> [ShellCommand] {
    if let cached = nodeData[index].commands { return shift(cached, by: start) }
    let fresh = compute()
    nodeData[index].commands = shift(fresh, by: -start)
    return fresh
  }

  private func shift(_ commands: [ShellCommand], by delta: Int) -> [ShellCommand] {
    if delta == 0 || commands.isEmpty { return commands }
    func s(_ r: Range<Int>) -> Range<Int> { (r.lowerBound + delta)..<(r.upperBound + delta) }
    return commands.map { c in
      var m = c
      m.range = s(c.range)
      m.words = c.words.map { ShellWord(range: s($0.range), value: $0.value, isLiteral: $0.isLiteral) }
      m.assignments = c.assignments.map { ShellWord(range: s($0.range), value: $0.value, isLiteral: $0.isLiteral) }
      m.redirections = c.redirections.map(s)
      return m
    }
  }
}
