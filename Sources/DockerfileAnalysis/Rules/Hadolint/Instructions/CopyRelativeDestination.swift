// DF516 copy-relative-destination (hadolint DL3045).
//
// A relative COPY destination lands in the working directory, which, until the Dockerfile sets one with
// WORKDIR, is whatever the base image chose. hadolint reports a COPY whose destination (quotes dropped) does
// not start with `/`, a variable (`$`) or a Windows drive, in a stage where no WORKDIR has been set.
//
// hadolint tracks WORKDIR per stage identity (the stage name, or the image name when there is none), and a
// FROM inherits the flag of the identity it builds on. So `FROM base` inherits from stage `base`, and two
// unnamed `FROM debian:12` stages share the identity `debian`: the second inherits the first's WORKDIR. A
// WORKDIR before any FROM only counts for COPYs before any FROM. Instructions inside ONBUILD neither set nor
// need a WORKDIR here.
import DockerfileSyntax

/// Reports COPY to a relative destination in a stage without WORKDIR.
public struct CopyRelativeDestination: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF516.
  public let descriptor = RuleDescriptor(
    code: "DF516", name: "copy-relative-destination", aliases: ["DL3045"], severity: .warning,
    category: .correctness,
    summary: "COPY to a relative destination needs a WORKDIR",
    documentation: RuleDocumentation(
      why: """
        A relative destination is resolved against the working directory, and until the Dockerfile sets one \
        with WORKDIR that is whatever the base image chose, often `/`. A different base image, or a new \
        version of it, then silently moves the files. Set WORKDIR first (it is inherited by stages built on \
        this one) or use an absolute destination.
        """,
      bad: "FROM alpine:3.20\nCOPY app.py app.py\n",
      good: "FROM alpine:3.20\nWORKDIR /srv/app\nCOPY app.py app.py\nUSER nobody\n"))

  /// The stage hadolint's state is keyed by: none before the first FROM, else the stage identity.
  enum StageKey: Hashable, Sendable {
    case beforeFrom
    case stage(String)
  }

  /// The current stage (nil until the first FROM or WORKDIR, hadolint's empty state) and the stages with a
  /// WORKDIR.
  public struct State: Equatable, Sendable {
    var current: StageKey? = nil
    var workdirSet: Set<StageKey> = []
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .workdir, .copy] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    switch ins.kind {
    case .from:
      guard let from = HadolintFrom(ins) else { return }
      let key = StageKey.stage(from.identity)
      // The first FROM starts with an empty table; later ones take the flag of the stage their image names.
      if state.current != nil {
        if state.workdirSet.contains(.stage(from.split.name)) {
          state.workdirSet.insert(key)
        } else {
          state.workdirSet.remove(key)
        }
      }
      state.current = key
    case .workdir:
      let key = state.current ?? .beforeFrom
      state.current = key
      state.workdirSet.insert(key)
    case .copy:
      guard let copy = CopyInstruction(ins), let destination = copy.destination else { return }
      if let key = state.current, state.workdirSet.contains(key) { return }
      let path = hadolintDropQuotes(destination.string)
      if path.hasPrefix("/") || path.hasPrefix("$") || hadolintIsWindowsAbsolute(path) { return }
      out.report(
        destination.range,
        "COPY to relative destination \(destination.string) before any WORKDIR in this stage; "
          + "set WORKDIR or use an absolute path")
    default:
      return
    }
  }
}
