// DF011 unknown-flag.
//
// BuildKit defines a fixed set of `--flags` per instruction (`instructions/bflag.go` and the parse functions in
// `instructions/parse.go`) and fails the build on any other, suggesting the closest defined flag. Most
// instructions define none. ARG, STOPSIGNAL and `HEALTHCHECK NONE` never look at their flags, so anything is
// accepted there.
import DockerfileSyntax

/// Reports flags an instruction does not define.
public struct UnknownFlag: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF011.
  public let descriptor = RuleDescriptor(
    code: "DF011", name: "unknown-flag", aliases: [], severity: .error, category: .correctness,
    summary: "A flag the instruction does not define",
    documentation: RuleDocumentation(
      why: """
        Each instruction accepts only its own flags: `ADD --chown --chmod --link --keep-git-dir --checksum \
        --unpack --exclude`, `COPY --from --chown --chmod --link --parents --exclude`, `RUN --mount --network \
        --security --device`, `FROM --platform` and `HEALTHCHECK --interval --timeout --start-period \
        --start-interval --retries`. BuildKit fails the build on any other flag (a typo, or a flag of another \
        instruction) and suggests the closest one it knows.
        """,
      bad: "FROM alpine:3.20\nCOPY --chmown=app:app app.py /app/\n",
      good: "FROM alpine:3.20\nCOPY --chown=app:app app.py /app/\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) where !ins.syntax.flags.isEmpty {
      guard let specs = DispatchSupport.flagSpecs(ins) else { continue }
      let names = specs.map(\.name)
      for flag in ins.flags where !names.contains(flag.name) {
        report(flag.nameRange, "unknown flag: --\(flag.name)\(DispatchSupport.didYouMean(flag.name, names))")
      }
    }
  }
}
