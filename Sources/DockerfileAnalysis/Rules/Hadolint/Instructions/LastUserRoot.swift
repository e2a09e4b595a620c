// DF502 last-user-root (hadolint DL3002).
//
// hadolint's view of running as root: in every stage (not only the final one), the last USER instruction
// must not switch to root (`root`, `0`, `root:<group>`, `0:<group>`, compared literally). A stage without
// USER is not reported. DF301 (final-stage-root, on by default) covers the image that ships, including the
// common case of no USER at all, so this variant is off by default.
import DockerfileSyntax

/// Reports, per stage, a last USER that switches to root.
public struct LastUserRoot: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF502.
  public let descriptor = RuleDescriptor(
    code: "DF502", name: "last-user-root", aliases: ["DL3002"], severity: .warning, category: .security,
    summary: "The last USER of a stage should not be root",
    documentation: RuleDocumentation(
      why: """
        A stage whose last USER is root runs its commands, and its container if it is the image that ships, \
        with full privileges. Switch back to an unprivileged user after the steps that need root. This is \
        hadolint's form of the check: it looks at every stage and only at explicit `USER root` or `USER 0`. \
        DF301 (final-stage-root, on by default) covers the final stage, including a stage with no USER, so \
        this rule is off by default.
        """,
      bad: "FROM alpine:3.20\nUSER root\nCOPY app /srv/app\n",
      good: "FROM alpine:3.20\nUSER root\nCOPY app /srv/app\nUSER nobody\n"),
    enabledByDefault: false)

  /// Whether a USER value names root, literally.
  static func isRoot(_ user: String) -> Bool {
    user == "root" || user == "0" || user.hasPrefix("root:") || user.hasPrefix("0:")
  }

  /// Whether a stage has begun, the root USER that ends the current stage so far, and those of all stages.
  public struct State: Equatable, Sendable {
    var inStage = false
    var current: ObjectIdentifier? = nil
    var rootAtEnd: Set<ObjectIdentifier> = []
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .user] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<ObjectIdentifier>
  ) {
    let ins = facts.instruction
    if ins.kind == .from {
      state.inStage = true
      state.current = nil
      return
    }
    guard ins.kind == .user, state.inStage else { return }
    // A later USER of the stage decides instead of the earlier one.
    if let previous = state.current { state.rootAtEnd.remove(previous) }
    state.current = nil
    guard Self.isRoot(ins.hadolintArgumentString) else { return }
    let id = ObjectIdentifier(ins.node)
    state.current = id
    state.rootAtEnd.insert(id)
    out.candidate(ins.arguments.first?.range ?? ins.keyword.range, key: id)
  }

  public func resolve(_ key: ObjectIdentifier, _ state: State) -> String? {
    state.rootAtEnd.contains(key)
      ? "the stage ends as root; switch to an unprivileged user after the steps that need root" : nil
  }
}
