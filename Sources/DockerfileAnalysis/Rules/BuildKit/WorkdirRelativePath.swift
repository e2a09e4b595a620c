// DF210 workdir-relative-path (BuildKit's WorkdirRelativePath).
//
// A relative WORKDIR is resolved against the working directory the base image happens to set. When the base
// image changes it (or a new version does), every relative path in the build moves with it. The first WORKDIR
// of a stage lineage should therefore be absolute; later relative ones are relative to a directory the
// Dockerfile itself chose.
import DockerfileSyntax

/// Reports the first WORKDIR of a stage lineage when it is relative.
public struct WorkdirRelativePath: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF210.
  public let descriptor = RuleDescriptor(
    code: "DF210", name: "workdir-relative-path", aliases: ["WorkdirRelativePath"], severity: .warning,
    category: .correctness,
    summary:
      "Relative workdir without an absolute workdir declared within the build can have unexpected results if "
      + "the base image changes",
    documentation: RuleDocumentation(
      why: """
        A relative WORKDIR is resolved against whatever working directory the base image sets, so a different \
        base image, or a new version of it, silently moves every relative path in the build. Make the first \
        WORKDIR of a stage (and of the stages it builds on) absolute. A path built from variables is not judged.
        """,
      bad: "FROM python:3.12-slim\nWORKDIR app\n",
      good: "FROM python:3.12-slim\nWORKDIR /app\nWORKDIR src\nUSER nobody\n"))

  /// FROM (stages and their bases) and WORKDIR.
  public var stepKinds: Set<InstructionKind>? { [.from, .workdir] }

  /// No stage yet. The flag: a WORKDIR in the stage so far or in a stage it builds on.
  public func initialState(_ file: FileFacts) -> InheritedStageFlag { InheritedStageFlag() }

  public func step(
    _ state: inout InheritedStageFlag, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>
  ) {
    let ins = facts.instruction
    switch ins.kind {
    case .from:
      if let from = FromInstruction(ins) { state.enter(from) }
    case .workdir:
      // Only the first WORKDIR of a lineage is judged.
      guard state.inStage, !state.isSet else { return }
      state.isSet = true
      guard let path = ins.arguments.first else { return }
      let text = path.string
      if text.contains("$") || text.hasPrefix("/") { return }
      out.report(path.range, "Relative workdir \"\(text)\" can have unexpected results if the base image changes")
    default:
      break
    }
  }
}
