// DF602 apt-lists-not-removed (alias DL3009).
//
// `apt-get update` downloads the package lists into /var/lib/apt/lists: tens of megabytes that nothing in the
// running container needs. Unless the same RUN deletes them, they stay in its layer, and deleting them later
// does not shrink the image. hadolint's rule, followed exactly: a RUN that has an `apt-get`, `apt` or `aptitude`
// command with the argument `update`, and no `rm` command with an argument `-rf` or `/var/lib/apt/lists/*`, is
// remembered with its stage, unless a BuildKit cache or tmpfs mount covers /var/lib/apt/lists (or both
// /var/lib/apt and /var/cache/apt). At the end, a remembered RUN is reported when its stage is the last one
// (the same FROM as the last FROM), or when its stage name is used as the image of some FROM in the file:
// lists left behind in a builder stage that nothing builds on never reach the image. `COPY --from` does not
// count as use. A second pass does the same over the instructions inside ONBUILD, which sees no FROM outside
// ONBUILD and so reports every such `ONBUILD RUN`. Both passes run as one fold: the state keeps, per pass, the
// last FROM and the image names of the FROMs so far; a RUN is a candidate keyed by its pass and its FROM, which
// the final state decides.
import DockerfileSyntax

/// Reports `apt-get update` in a RUN that leaves the package lists in an image that ships.
public struct AptListsNotRemoved: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF602.
  public let descriptor = RuleDescriptor(
    code: "DF602", name: "apt-lists-not-removed", aliases: ["DL3009"], severity: .info, category: .size,
    summary: "apt-get update should be followed by removing /var/lib/apt/lists in the same RUN",
    documentation: RuleDocumentation(
      why: """
        `apt-get update` fills /var/lib/apt/lists with package indexes, often tens of megabytes, that the \
        running container never uses. They become part of the layer of the RUN that downloaded them, and \
        deleting them in a later RUN does not make the image smaller. Remove them at the end of the same RUN \
        with `rm -rf /var/lib/apt/lists/*`, or mount a BuildKit cache on /var/lib/apt/lists. Builder stages \
        that no other stage builds on are not reported, since their files never reach the image.
        """,
      bad: """
        FROM debian:12
        RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12
        USER 65534

        """,
      good: """
        FROM debian:12
        RUN apt-get update \\
         && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 \\
         && rm -rf /var/lib/apt/lists/*
        USER 65534

        """))

  /// What hadolint compares to decide whether a RUN's stage is the last one: the whole FROM.
  struct StageKey: Hashable, Sendable {
    var image: String
    var alias: String?
    var platform: String?

    /// The stage hadolint assumes before the first FROM.
    static let beforeFirstFrom = StageKey(image: "scratch", alias: nil, platform: nil)
  }

  /// What one of hadolint's two passes remembers: the last FROM it saw and the image names of all its FROMs.
  struct PassState: Equatable, Sendable {
    var lastFrom = StageKey.beforeFirstFrom
    var imageNames = PersistentSet<String>()
  }

  /// The main pass (top-level instructions) and the ONBUILD pass (the instructions inside ONBUILD).
  public struct State: Equatable, Sendable {
    var main = PassState()
    var onbuild = PassState()
  }

  /// A remembered RUN: its pass, its stage, and the `apt-get update` words for the message.
  public struct CandidateKey: Hashable, Sendable {
    var onbuild: Bool
    var stage: StageKey
    var invocation: String
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .run, .onbuild] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<CandidateKey>
  ) {
    let onbuild = facts.instruction.kind == .onbuild
    guard let view = (onbuild ? PackagePass.onbuild : .main).view(of: facts.instruction) else { return }
    switch view.kind {
    case .from:
      guard let from = FromInstruction(view) else { return }
      let image = from.image?.string ?? ""
      let stage = StageKey(image: image, alias: from.stageName?.string, platform: from.platform?.stringValue)
      let name = hadolintImageName(image)
      if onbuild {
        state.onbuild.lastFrom = stage
        state.onbuild.imageNames.insert(name)
      } else {
        state.main.lastFrom = stage
        state.main.imageNames.insert(name)
      }
    case .run:
      let commands = facts.commands.lazy.filter { !$0.isInScriptArgument }
      guard let update = commands.first(where: Self.isUpdate) else { return }
      if commands.contains(where: { $0.isNamed("rm", withAnyArgument: ["-rf", "/var/lib/apt/lists/*"]) }) {
        return
      }
      if view.hasCacheMount(targetContaining: "/var/lib/apt/lists")
        || (view.hasCacheMount(targetContaining: "/var/lib/apt")
          && view.hasCacheMount(targetContaining: "/var/cache/apt"))
      {
        return
      }
      let stage = onbuild ? state.onbuild.lastFrom : state.main.lastFrom
      out.candidate(
        update.wordsRange(through: ["update"]),
        key: CandidateKey(onbuild: onbuild, stage: stage, invocation: update.invocation(through: ["update"])))
    default:
      return
    }
  }

  /// A remembered RUN is reported when its stage is the pass's last FROM, or is named and used as an image.
  public func resolve(_ key: CandidateKey, _ state: State) -> String? {
    let pass = key.onbuild ? state.onbuild : state.main
    let used = key.stage.alias.map { pass.imageNames.contains($0) } ?? false
    guard key.stage == pass.lastFrom || used else { return nil }
    return "the package lists that `\(key.invocation)` downloads stay in this layer; "
      + "remove them in the same RUN with `rm -rf /var/lib/apt/lists/*`"
  }

  /// hadolint's update command: `apt-get`, `apt` or `aptitude` with an argument `update`.
  static func isUpdate(_ command: ShellCommand) -> Bool {
    (command.isNamed("apt-get") || command.isNamed("apt") || command.isNamed("aptitude"))
      && command.hasArgument("update")
  }

}
