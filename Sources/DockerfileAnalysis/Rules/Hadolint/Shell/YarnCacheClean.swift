// DF659 yarn-cache-clean (alias DL3060).
//
// `yarn install` keeps a copy of every package in yarn's cache, which ends up in the layer of the RUN that ran
// it. `yarn cache clean` later in the same RUN removes it; a BuildKit cache mount on yarn's cache directory
// keeps it out of the image altogether. hadolint records a RUN that has a `yarn ... install` command and
// either no `yarn` command with a `cache` or `clean` argument (and no cache or tmpfs mount whose target
// contains `.cache/yarn`), or one that comes before the install. It then reports, at the end, each recorded
// RUN whose stage is the last one (compared by its whole FROM) or has a name that some FROM uses as its image:
// a stage that nothing builds on does not reach the final image. `ONBUILD RUN` triggers are checked in a
// separate pass that sees no FROM, so they are always reported. Both passes run as one fold: the state keeps,
// per pass, the last FROM and the image names of the FROMs so far; a recorded RUN is a candidate keyed by its
// pass and its FROM, which the final state decides.
import DockerfileSyntax

/// Reports `yarn install` without `yarn cache clean` in a stage that reaches an image.
public struct YarnCacheClean: SequentialRule {
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

  /// What one of hadolint's passes remembers: its last FROM and the image names of its FROMs so far.
  fileprivate struct PassState: Equatable, Sendable {
    var current = StageRecord(image: "scratch", alias: nil, platform: nil)
    var imageNames = PersistentSet<String>()
  }

  /// The main pass (top-level instructions) and the ONBUILD pass (the instructions directly under ONBUILD).
  public struct State: Equatable, Sendable {
    fileprivate var main = PassState()
    fileprivate var onbuild = PassState()
  }

  /// A recorded RUN: its pass and the FROM of its stage.
  public struct CandidateKey: Hashable, Sendable {
    fileprivate var onbuild: Bool
    fileprivate var stage: StageRecord
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .run, .onbuild] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<CandidateKey>
  ) {
    let onbuild = facts.instruction.kind == .onbuild
    guard let ins = onbuild ? ShellRuleSupport.onbuildTrigger(facts.instruction) : facts.instruction else { return }
    switch ins.kind {
    case .from:
      guard let from = FromInstruction(ins) else { return }
      let stage = StageRecord(
        image: from.image?.string, alias: from.stageName?.string, platform: from.platform?.stringValue)
      let name = from.image.map { ShellRuleSupport.imageName($0.string) }
      if onbuild {
        state.onbuild.current = stage
        if let name { state.onbuild.imageNames.insert(name) }
      } else {
        state.main.current = stage
        if let name { state.main.imageNames.insert(name) }
      }
    case .run:
      let commands = facts.commands.filter { !$0.isInScriptArgument }
      guard let range = Self.forgottenClean(commands, in: ins) else { return }
      out.candidate(
        range, key: CandidateKey(onbuild: onbuild, stage: onbuild ? state.onbuild.current : state.main.current))
    default:
      break
    }
  }

  /// A recorded RUN is reported when its stage is its pass's last FROM, or is named and used as an image.
  public func resolve(_ key: CandidateKey, _ state: State) -> String? {
    let pass = key.onbuild ? state.onbuild : state.main
    let reused = key.stage.alias.map(pass.imageNames.contains) ?? false
    guard key.stage == pass.current || reused else { return nil }
    return "`yarn install` leaves yarn's cache in the image; run `yarn cache clean` after it"
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
private struct StageRecord: Hashable, Sendable {
  var image: String?
  var alias: String?
  var platform: String?
}
