// DF026 heredoc-destination.
//
// A heredoc (`<<EOF`) can be a source of COPY or ADD (an inline file), but not the destination: BuildKit fails
// the instruction when the last argument is a heredoc (`parseSourcesAndDest` in `instructions/parse.go`). It
// usually means the destination was forgotten.
import DockerfileSyntax

/// Reports COPY and ADD instructions whose destination is a heredoc.
public struct HeredocDestination: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF026.
  public let descriptor = RuleDescriptor(
    code: "DF026", name: "heredoc-destination", aliases: [], severity: .error, category: .correctness,
    summary: "A COPY or ADD whose destination is a heredoc",
    documentation: RuleDocumentation(
      why: """
        With heredocs, COPY and ADD can create a file from inline text: `COPY <<EOF /etc/app.conf`. The heredoc \
        is a source; the last argument must still be the destination path. BuildKit fails the build when the \
        heredoc comes last.
        """,
      bad: "FROM alpine:3.20\nCOPY /etc/app.conf <<EOF\nkey=value\nEOF\n",
      good: "FROM alpine:3.20\nCOPY <<EOF /etc/app.conf\nkey=value\nEOF\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) where ins.kind == .copy || ins.kind == .add {
      let args = ins.arguments
      guard args.count >= 2, let last = args.last, DispatchSupport.isHeredocOpener(last.value) else { continue }
      report(last.range, "\(ins.kind.keyword) cannot accept a heredoc as a destination")
    }
  }
}
