// DF020 missing-from.
//
// A Dockerfile builds its stages; without a FROM there is none, and BuildKit fails with "dockerfile contains no
// stages to build". This rule covers files made only of ARG instructions; any other instruction before a FROM is
// DF021's. It reads the instructions in order: the first one, when it is an ARG, registers a candidate finding on its
// keyword, which is reported at the end if every instruction turned out to be an ARG.
import DockerfileSyntax

/// Reports a Dockerfile whose instructions are all ARG, with no FROM.
public struct MissingFrom: SequentialRule {
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

  /// What the instructions read so far are made of.
  public enum State: Equatable, Sendable {
    /// No instruction yet.
    case empty
    /// Only ARG instructions.
    case onlyArgs
    /// Something other than ARG.
    case other
  }

  public func initialState(_ file: FileFacts) -> State { .empty }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let isArg = facts.instruction.kind == .arg
    if state == .empty && isArg { out.candidate(facts.instruction.keyword.range, key: 0) }
    if state != .other { state = isArg ? .onlyArgs : .other }
  }

  public func resolve(_ key: Int, _ state: State) -> String? {
    state == .onlyArgs ? "dockerfile contains no stages to build" : nil
  }
}
