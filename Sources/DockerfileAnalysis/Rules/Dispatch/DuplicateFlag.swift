// DF012 duplicate-flag.
//
// BuildKit accepts `--mount`, `--device` and `--exclude` more than once; every other flag may appear once per
// instruction, and a second `--chown`, `--from`, `--platform`, `--network`, ... fails the build
// (`instructions/bflag.go`), even with the same value.
import DockerfileSyntax

/// Reports a flag given twice where BuildKit allows it once.
public struct DuplicateFlag: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF012.
  public let descriptor = RuleDescriptor(
    code: "DF012", name: "duplicate-flag", aliases: [], severity: .error, category: .correctness,
    summary: "A flag given twice where BuildKit allows it once",
    documentation: RuleDocumentation(
      why: """
        Only `--mount`, `--device` and `--exclude` may be repeated. BuildKit fails the build when any other flag \
        appears twice in one instruction, even with the same value, rather than guess which one was meant.
        """,
      bad: "FROM alpine:3.20\nCOPY --chown=app --chown=root app.py /app/\n",
      good: "FROM alpine:3.20\nCOPY --chown=app app.py /app/\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) where ins.syntax.flags.count > 1 {
      guard let specs = DispatchSupport.flagSpecs(ins) else { continue }
      var seen: Set<String> = []
      for flag in ins.flags {
        guard let spec = specs.first(where: { $0.name == flag.name }), spec.type != .strings else { continue }
        if !seen.insert(flag.name).inserted { report(flag.range, "duplicate flag specified: --\(flag.name)") }
      }
    }
  }
}
