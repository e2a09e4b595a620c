// DF508 copy-from-unknown-stage (hadolint DL3022).
//
// `COPY --from=name` should name a stage defined above it. hadolint accepts a value containing `:` (an image
// reference with a tag), a stage name defined by this or an earlier FROM (compared as written), and a number
// smaller than the count of FROMs so far (a stage index). Anything else is reported: a misspelt stage, a stage
// defined further down, or an untagged image name.
import DockerfileSyntax

/// Reports `COPY --from` naming no earlier stage.
public struct CopyFromUnknownStage: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF508.
  public let descriptor = RuleDescriptor(
    code: "DF508", name: "copy-from-unknown-stage", aliases: ["DL3022"], severity: .warning,
    category: .correctness,
    summary: "COPY --from should name a stage defined earlier",
    documentation: RuleDocumentation(
      why: """
        `COPY --from=<name>` copies from an earlier stage when one has that name; otherwise Docker treats the \
        name as an image and pulls it. A misspelt stage name, or a stage defined further down the file, \
        therefore turns into a pull of an unrelated (or non-existent) image. Name a stage defined above, a \
        stage index, or an image with an explicit tag.
        """,
      bad: "FROM alpine:3.20\nCOPY --from=build /out/app /srv/app\nFROM alpine:3.20 AS build\n",
      good: """
        FROM alpine:3.20 AS build
        RUN echo built > /out
        FROM alpine:3.20
        COPY --from=build /out /srv/app
        USER nobody

        """))

  /// The stage names defined so far and the count of FROMs.
  public struct State: Equatable, Sendable {
    var aliases = PersistentSet<String>()
    var fromCount = 0
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .copy] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    if ins.kind == .from {
      state.fromCount += 1
      if let alias = HadolintFrom.stageName(in: ins.arguments) { state.aliases.insert(alias.string) }
      return
    }
    guard let copy = CopyInstruction(ins), !copy.isAdd, let flag = copy.from, let source = flag.stringValue else {
      return
    }
    if hadolintDropQuotes(source).contains(Character(":")) || state.aliases.contains(source) { return }
    let digits = source.prefix { $0.isASCII && $0.isNumber }
    if !digits.isEmpty, digits.count < 19, let index = Int(digits), index < state.fromCount { return }
    out.report(flag.range, "--from=\(source) names no stage defined above this COPY")
  }
}
