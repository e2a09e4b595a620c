// DF001 syntax-error, DF002 unknown-instruction, DF003 no-empty-continuation: the parser's findings, given
// codes, names and documentation like every other rule so that they can be listed, configured and explained.
import DockerfileSyntax

/// Reports the parser's problems of one kind.
public struct ParserFindingRule: Rule {
  /// The rule's facts.
  public let descriptor: RuleDescriptor
  /// The parser's code for the problems this rule reports.
  let parserCode: String

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    for e in context.syntaxErrors where e.code == parserCode { report(e.range, e.message) }
  }

  /// DF001: what BuildKit's parser rejects.
  public static let syntaxError = ParserFindingRule(
    descriptor: RuleDescriptor(
      code: "DF001", name: "syntax-error", aliases: [], severity: .error, category: .correctness,
      summary: "BuildKit's parser rejects the file",
      documentation: RuleDocumentation(
        why: """
          BuildKit refuses to build a Dockerfile its parser cannot read: an unterminated heredoc, a JSON \
          array holding something other than strings, ENV or LABEL without a value, a repeated or invalid \
          parser directive, a line longer than 64 KiB, a file without instructions. The message is BuildKit's.
          """,
        bad: "FROM alpine\nRUN <<EOF\necho never closed\n",
        good: "FROM alpine:3.20\nRUN <<EOF\necho closed\nEOF\nUSER nobody\n")),
    parserCode: "syntax-error")

  /// DF002: an instruction BuildKit does not know.
  public static let unknownInstruction = ParserFindingRule(
    descriptor: RuleDescriptor(
      code: "DF002", name: "unknown-instruction", aliases: [], severity: .error, category: .correctness,
      summary: "An instruction BuildKit does not know",
      documentation: RuleDocumentation(
        why: """
          BuildKit parses any word at the start of a line as an instruction, then fails the build on words it \
          does not know. The message suggests the nearest keyword.
          """,
        bad: "FROM alpine\nRUNN echo hi\n", good: "FROM alpine:3.20\nRUN echo hi\nUSER nobody\n")),
    parserCode: "unknown-instruction")

  /// DF003: BuildKit's NoEmptyContinuation warning.
  public static let emptyContinuation = ParserFindingRule(
    descriptor: RuleDescriptor(
      code: "DF003", name: "no-empty-continuation", aliases: ["NoEmptyContinuation"], severity: .warning,
      category: .correctness,
      summary: "An empty line inside a continued instruction",
      documentation: RuleDocumentation(
        why: """
          An empty line after a line-continuation character is skipped today, but BuildKit warns that it \
          will become an error: it usually means a continuation was left behind when a line was deleted.
          """,
        bad: "FROM alpine\nRUN apk add curl \\\n\n    && echo done\n",
        good: "FROM alpine:3.20\nRUN echo start \\\n    && echo done\nUSER nobody\n")),
    parserCode: "empty-continuation-line")
}
