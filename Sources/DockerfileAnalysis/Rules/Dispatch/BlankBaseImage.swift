// DF029 blank-base-image.
//
// FROM lines are expanded with the ARGs declared before the first FROM (and BuildKit's predefined platform
// arguments) only. A FROM whose image is made of variables that are not declared there expands to nothing, and
// BuildKit fails with "base name (...) should not be blank" (`dockerfile2llb/convert.go`), whatever `--build-arg`
// says: build arguments only set declared ARGs. Variables declared globally, even without a value, are left
// alone, since a build argument may set them. The rule reads the ARGs before the first FROM, then judges each FROM
// as it comes.
import DockerfileSyntax

/// Reports FROM images that expand to nothing.
public struct BlankBaseImage: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF029.
  public let descriptor = RuleDescriptor(
    code: "DF029", name: "blank-base-image", aliases: [], severity: .error, category: .correctness,
    summary: "A FROM image that expands to nothing",
    documentation: RuleDocumentation(
      why: """
        Variables in a FROM line come only from ARGs declared before the first FROM. An ARG declared inside a \
        stage, or not at all, is empty there, so `FROM ${BASE_IMAGE}` builds nothing and BuildKit fails. Declare \
        the ARG at the top of the file.
        """,
      bad: "FROM ${BASE_IMAGE}\n",
      good: "ARG BASE_IMAGE=alpine:3.20\nFROM ${BASE_IMAGE}\nUSER nobody\n"))

  /// The ARGs declared before the first FROM: their names.
  public struct State: Equatable, Sendable {
    /// The global ARGs read so far.
    var globals = DispatchSupport.GlobalArgScope(tracksValues: false)
  }

  public var stepKinds: Set<InstructionKind>? { [.arg, .from] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    state.globals.read(ins)
    guard ins.kind == .from, let from = DispatchSupport.dispatchedFrom(ins), let image = from.image,
      image.value.contains(0x24),
      let expanded = DispatchSupport.expandWithUndeclaredArgs(
        image.value, escape: ins.escapeCharacter, declared: state.globals.names)
    else { return }
    if expanded.value.isEmpty { out.report(image.range, "base name (\(image.string)) should not be blank") }
  }
}
