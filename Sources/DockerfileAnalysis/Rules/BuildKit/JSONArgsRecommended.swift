// DF209 json-args-recommended (BuildKit's JSONArgsRecommended).
//
// A shell-form CMD or ENTRYPOINT runs as `/bin/sh -c "..."`: the shell becomes PID 1, and most shells do not
// pass SIGTERM on to the program, so `docker stop` waits for its timeout and then kills the container. The JSON
// (exec) form runs the program itself as PID 1. A SHELL instruction earlier in the stage (or in a stage it
// builds on) shows the shell form is deliberate, and BuildKit then stays quiet.
import DockerfileSyntax

/// Reports shell-form CMD and ENTRYPOINT in stages without a SHELL.
public struct JSONArgsRecommended: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF209.
  public let descriptor = RuleDescriptor(
    code: "DF209", name: "json-args-recommended", aliases: ["JSONArgsRecommended"], severity: .warning,
    category: .correctness,
    summary: "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
    documentation: RuleDocumentation(
      why: """
        Shell-form CMD and ENTRYPOINT run under `/bin/sh -c`, which becomes PID 1 and usually does not forward \
        SIGTERM to the program, so stopping the container waits for the timeout and then kills it. Use the JSON \
        form, which runs the program directly. A SHELL instruction earlier in the stage marks the shell form as \
        deliberate.
        """,
      bad: "FROM python:3.12-slim\nCMD python -m app\n",
      good: "FROM python:3.12-slim\nUSER nobody\nCMD [\"python\", \"-m\", \"app\"]\n"))

  /// FROM (stages and their bases), SHELL, CMD and ENTRYPOINT.
  public var stepKinds: Set<InstructionKind>? { [.from, .shell, .cmd, .entrypoint] }

  /// No stage yet. The flag: a SHELL in the stage so far or in a stage it builds on.
  public func initialState(_ file: FileFacts) -> InheritedStageFlag { InheritedStageFlag() }

  public func step(
    _ state: inout InheritedStageFlag, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>
  ) {
    let ins = facts.instruction
    switch ins.kind {
    case .from:
      if let from = FromInstruction(ins) { state.enter(from) }
    case .shell:
      if state.inStage { state.isSet = true }
    case .cmd, .entrypoint:
      guard state.inStage, !state.isSet, ins.form == .shell else { return }
      let keyword = String(decoding: ins.keyword.text, as: UTF8.self)
      out.report(
        ins.argumentText.range,
        "JSON arguments recommended for \(keyword) to prevent unintended behavior related to OS signals")
    default:
      break
    }
  }
}

/// A per-stage flag that holds once an instruction of the stage, or of a stage it builds on (`FROM <stage>`,
/// transitively), sets it: a SHELL for DF209, a WORKDIR for DF210. Tracked in file order without positions:
/// besides the current stage, it keeps the lower-cased names of the stages for which the flag ended up set
/// (for a name used twice, the latest stage counts, as it is the one a later FROM resolves to).
public struct InheritedStageFlag: Equatable, Sendable {
  /// Whether a FROM has been read (instructions before the first one belong to no stage).
  var inStage = false
  /// The current stage's name, lower-cased.
  var name: String?
  /// Whether the flag holds for the current stage so far.
  var isSet = false
  /// The lower-cased names of the finished stages for which the flag holds.
  var namesSet: Set<String> = []

  /// Finishes the current stage and starts the one of `from`, which inherits the flag when it builds on a
  /// named stage for which the flag holds.
  mutating func enter(_ from: FromInstruction) {
    if inStage, let name {
      if isSet { namesSet.insert(name) } else { namesSet.remove(name) }
    }
    inStage = true
    if let base = from.image?.string.lowercased(), base != "scratch" {
      isSet = namesSet.contains(base)
    } else {
      isSet = false
    }
    name = from.stageName?.string.lowercased()
  }
}
