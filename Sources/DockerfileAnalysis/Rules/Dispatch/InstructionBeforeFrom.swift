// DF021 instruction-before-from.
//
// Before the first FROM, BuildKit accepts only ARG (declaring values for FROM lines). Any other instruction there
// belongs to no stage, and BuildKit fails with "no build stage in current context" (`instructions.Parse`). The rule
// reads the instructions in order and remembers only whether a FROM has been seen.
import DockerfileSyntax

/// Reports instructions other than ARG before the first FROM.
public struct InstructionBeforeFrom: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF021.
  public let descriptor = RuleDescriptor(
    code: "DF021", name: "instruction-before-from", aliases: [], severity: .error, category: .correctness,
    summary: "An instruction other than ARG before the first FROM",
    documentation: RuleDocumentation(
      why: """
        Instructions act on a stage, and a stage begins with FROM. Only ARG may come before the first FROM (to \
        declare values FROM lines use); BuildKit fails the build on anything else there, such as an ENV or LABEL \
        meant for the whole file.
        """,
      bad: "ENV APP_HOME=/app\nFROM alpine:3.20\n",
      good: "FROM alpine:3.20\nENV APP_HOME=/app\nUSER nobody\n"))

  /// Whether a FROM has been seen.
  public typealias State = Bool

  public func initialState(_ file: FileFacts) -> Bool { false }

  public func step(_ state: inout Bool, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    guard !state else { return }
    let ins = facts.instruction
    if ins.kind == .from {
      state = true
      return
    }
    guard ins.kind != .arg, ins.kind != .unknown, !DispatchSupport.isRefusedByParser(ins) else { return }
    out.report(ins.keyword.range, "no build stage in current context")
  }
}
