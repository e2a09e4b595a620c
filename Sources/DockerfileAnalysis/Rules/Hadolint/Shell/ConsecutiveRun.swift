// DF658 consecutive-run (alias DL3059).
//
// Each RUN makes a layer and a cache step. Two RUNs in a row that each run a single command and use the same
// options (`--mount`, `--network`, `--security`) can usually be one RUN joined with `&&`, which makes fewer
// layers and keeps related steps together. hadolint's reading: a RUN right after another RUN (comments may lie
// between; any other instruction, ONBUILD included, breaks the run), with identical options, where neither has
// more than one simple command. RUNs that already chain commands were split on purpose and are left alone.
// Off by default: splitting RUNs is often deliberate, to cache slow steps separately. The rule reads every
// instruction in order, remembering only the options of the previous instruction when it is a single-command RUN.
import DockerfileSyntax

/// Reports a single-command RUN right after another single-command RUN with the same options.
public struct ConsecutiveRun: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF658.
  public let descriptor = RuleDescriptor(
    code: "DF658", name: "consecutive-run", aliases: ["DL3059"], severity: .info, category: .style,
    summary: "Consecutive single-command RUNs could be one RUN",
    documentation: RuleDocumentation(
      why: """
        Every RUN adds a layer and a build step. Two RUNs in a row that each run one command with the same \
        options can usually be joined with `&&` into one RUN, giving fewer layers and keeping related steps \
        together. RUNs that already chain several commands, or that use different mounts or network options, \
        are not reported, since they were most likely split on purpose. Off by default, because splitting a \
        slow step into its own RUN to cache it separately is a legitimate choice.
        """,
      bad: """
        FROM python:3.12-slim
        RUN mkdir /data
        RUN chown nobody /data
        USER nobody

        """,
      good: """
        FROM python:3.12-slim
        RUN mkdir /data && chown nobody /data
        USER nobody

        """),
    enabledByDefault: false)

  /// The options of the previous instruction when it is a RUN with at most one command (nil otherwise).
  public struct State: Equatable, Sendable {
    fileprivate var previousSingleRun: RunOptions?
  }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    guard ins.kind == .run else {
      state.previousSingleRun = nil
      return
    }
    let named = facts.commands.lazy.filter { !$0.isInScriptArgument && ShellRuleSupport.name($0) != nil }
    guard named.dropFirst().isEmpty else {
      state.previousSingleRun = nil
      return
    }
    let options = RunOptions(ins)
    if state.previousSingleRun == options {
      out.report(ins.keyword.range, "this RUN follows another single-command RUN; consider joining them with `&&`")
    }
    state.previousSingleRun = options
  }
}

/// The options of a RUN that hadolint compares: its mounts (as a set), network and security.
private struct RunOptions: Equatable, Sendable {
  var mounts: Set<[String]>
  var network: String?
  var security: String?

  init(_ ins: Instruction) {
    let run = RunInstruction(ins)
    mounts = Set(
      (run?.mounts ?? []).map { mount in
        ["type=" + mount.type]
          + mount.options.filter { $0.key != "type" }.map { $0.key + "=" + ($0.value ?? "") }.sorted()
      })
    network = run?.network?.stringValue
    security = run?.security?.stringValue
  }
}
