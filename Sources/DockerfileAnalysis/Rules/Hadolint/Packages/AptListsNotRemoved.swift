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
// ONBUILD and so reports every such `ONBUILD RUN`.
import DockerfileSyntax

/// Reports `apt-get update` in a RUN that leaves the package lists in an image that ships.
public struct AptListsNotRemoved: Rule {
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
  struct StageKey: Equatable {
    var image: String
    var alias: String?
    var platform: String?

    /// The stage hadolint assumes before the first FROM.
    static let beforeFirstFrom = StageKey(image: "scratch", alias: nil, platform: nil)
  }

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    for pass in PackagePass.allCases { check(context, pass: pass, report: report) }
  }

  /// One of hadolint's two passes: over top-level instructions, or over those inside ONBUILD.
  func check(_ context: RuleContext, pass: PackagePass, report: (Range<Int>, String) -> Void) {
    var lastFrom = StageKey.beforeFirstFrom
    var imageNames: Set<String> = []
    var remembered: [(update: ShellCommand, stage: StageKey)] = []
    for (index, ins) in context.model.instructions.enumerated() {
      guard let view = pass.view(of: ins) else { continue }
      switch view.kind {
      case .from:
        guard let from = FromInstruction(view) else { continue }
        let image = from.image?.string ?? ""
        lastFrom = StageKey(image: image, alias: from.stageName?.string, platform: from.platform?.stringValue)
        imageNames.insert(hadolintImageName(image))
      case .run:
        let commands = context.shellCommands(ofInstructionAt: index).lazy.filter { !$0.isInScriptArgument }
        guard let update = commands.first(where: Self.isUpdate) else { continue }
        if commands.contains(where: { $0.isNamed("rm", withAnyArgument: ["-rf", "/var/lib/apt/lists/*"]) }) {
          continue
        }
        if view.hasCacheMount(targetContaining: "/var/lib/apt/lists")
          || (view.hasCacheMount(targetContaining: "/var/lib/apt")
            && view.hasCacheMount(targetContaining: "/var/cache/apt"))
        {
          continue
        }
        remembered.append((update, lastFrom))
      default:
        continue
      }
    }
    for entry in remembered {
      let used = entry.stage.alias.map { imageNames.contains($0) } ?? false
      guard entry.stage == lastFrom || used else { continue }
      report(
        entry.update.wordsRange(through: ["update"]),
        "the package lists that `\(entry.update.invocation(through: ["update"]))` downloads stay in this layer; "
          + "remove them in the same RUN with `rm -rf /var/lib/apt/lists/*`")
    }
  }

  /// hadolint's update command: `apt-get`, `apt` or `aptitude` with an argument `update`.
  static func isUpdate(_ command: ShellCommand) -> Bool {
    (command.isNamed("apt-get") || command.isNamed("apt") || command.isNamed("aptitude"))
      && command.hasArgument("update")
  }

}
