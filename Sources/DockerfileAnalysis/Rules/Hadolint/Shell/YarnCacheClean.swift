// DF659 yarn-cache-clean (alias DL3060).
//
// `yarn install` keeps a copy of every package in yarn's cache, which ends up in the layer of the RUN that ran
// it. `yarn cache clean` later in the same RUN removes it; a BuildKit cache mount on yarn's cache directory
// keeps it out of the image altogether. hadolint records a RUN that has a `yarn ... install` command and
// either no `yarn` command with a `cache` or `clean` argument (and no cache or tmpfs mount whose target
// contains `.cache/yarn`), or one that comes before the install. It then reports, at the end, each recorded
// RUN whose stage is the last one (compared by its whole FROM) or has a name that some FROM uses as its image:
// a stage that nothing builds on does not reach the final image. `ONBUILD RUN` triggers are checked in a
// separate pass that sees no FROM, so they are always reported.
import DockerfileSyntax

/// Reports `yarn install` without `yarn cache clean` in a stage that reaches an image.
public struct YarnCacheClean: Rule {
  /// Creates the rule.
  public init() {}

  /// DF659.
  public let descriptor = RuleDescriptor(
    code: "DF659", name: "yarn-cache-clean", aliases: ["DL3060"], severity: .info, category: .size,
    summary: "yarn install without yarn cache clean leaves yarn's cache in the image",
    documentation: RuleDocumentation(
      why: """
        yarn install stores a copy of every package it fetches in yarn's cache, and that cache is written into \
        the layer of the RUN that ran it, where no later instruction can remove it. Run `yarn cache clean` after \
        the install in the same RUN, or mount a BuildKit cache on yarn's cache directory so it is reused \
        between builds without entering the image. Stages that no other stage builds on and that are not the \
        last one are not reported.
        """,
      bad: """
        FROM node:22-slim
        COPY package.json yarn.lock ./
        RUN yarn install --frozen-lockfile
        USER node

        """,
      good: """
        FROM node:22-slim
        WORKDIR /app
        COPY package.json yarn.lock ./
        RUN yarn install --frozen-lockfile && yarn cache clean
        USER node

        """))

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    check(context, onbuild: false, report: report)
    check(context, onbuild: true, report: report)
  }

  /// One of hadolint's passes: top-level instructions, or the instructions under ONBUILD.
  func check(_ context: RuleContext, onbuild: Bool, report: (Range<Int>, String) -> Void) {
    let placeholder = StageRecord(image: "scratch", alias: nil, platform: nil)
    var current = placeholder
    var imageNames: Set<String> = []
    var recorded: [(range: Range<Int>, stage: StageRecord)] = []
    for (index, top) in context.model.instructions.enumerated() {
      guard let ins = onbuild ? ShellRuleSupport.onbuildTrigger(top) : top else { continue }
      switch ins.kind {
      case .from:
        guard let from = FromInstruction(ins) else { continue }
        current = StageRecord(
          image: from.image?.string, alias: from.stageName?.string, platform: from.platform?.stringValue)
        if let image = from.image?.string { imageNames.insert(ShellRuleSupport.imageName(image)) }
      case .run:
        let commands = context.shellCommands(ofInstructionAt: index).filter { !$0.isInScriptArgument }
        if let range = Self.forgottenClean(commands, in: ins) { recorded.append((range, current)) }
      default:
        break
      }
    }
    for entry in recorded {
      let reused = entry.stage.alias.map(imageNames.contains) ?? false
      if entry.stage == current || reused {
        report(entry.range, "`yarn install` leaves yarn's cache in the image; run `yarn cache clean` after it")
      }
    }
  }

  /// The `yarn ... install` words of a RUN that does not clean yarn's cache after installing, if it is one.
  static func forgottenClean(_ commands: [ShellCommand], in ins: Instruction) -> Range<Int>? {
    func isYarn(_ command: ShellCommand) -> Bool { ShellRuleSupport.name(command)?.name == "yarn" }
    guard let install = commands.firstIndex(where: { isYarn($0) && $0.hasArgument("install") }) else { return nil }
    let clean = commands.firstIndex { isYarn($0) && $0.hasArgument(["cache", "clean"]) }
    if let clean {
      guard clean < install else { return nil }
    } else if ins.hasCacheMount(targetContaining: ".cache/yarn") {
      return nil
    }
    let command = commands[install]
    guard let (_, nameIndex) = ShellRuleSupport.name(command),
      let word = command.words.dropFirst().first(where: { $0.stringValue == "install" })
    else { return command.range }
    let name = command.words[nameIndex].range
    return name.lowerBound..<max(name.upperBound, word.range.upperBound)
  }
}

/// A FROM as hadolint compares stages: its image as written, its name and its platform.
private struct StageRecord: Equatable {
  var image: String?
  var alias: String?
  var platform: String?
}
