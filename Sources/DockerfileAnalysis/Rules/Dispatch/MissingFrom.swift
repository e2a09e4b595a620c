// DF020 missing-from.
//
// A Dockerfile builds its stages; without a FROM there is none, and BuildKit fails with "dockerfile contains no
// stages to build". This rule covers files made only of ARG instructions; any other instruction before a FROM is
// DF021's.
import DockerfileSyntax

/// Reports a Dockerfile whose instructions are all ARG, with no FROM.
public struct MissingFrom: Rule {
  /// Creates the rule.
  public init() {}

  /// DF020.
  public let descriptor = RuleDescriptor(
    code: "DF020", name: "missing-from", aliases: [], severity: .error, category: .correctness,
    summary: "A Dockerfile without any FROM",
    documentation: RuleDocumentation(
      why: """
        Every build starts from a FROM, which begins a stage. ARG instructions before the first FROM only \
        declare values for FROM lines; a Dockerfile made of nothing else has no stage to build, and BuildKit \
        fails.
        """,
      bad: "ARG VERSION=3.20\n",
      good: "ARG VERSION=3.20\nFROM alpine:${VERSION}\nUSER nobody\n"))

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let instructions = context.model.instructions
    guard let first = instructions.first, instructions.allSatisfy({ $0.kind == .arg }) else { return }
    report(first.keyword.range, "dockerfile contains no stages to build")
  }
}
