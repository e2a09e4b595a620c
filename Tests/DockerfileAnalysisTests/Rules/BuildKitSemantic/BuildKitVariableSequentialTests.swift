// The BuildKit checks that are sequential rules (DF213 undefined-var, DF214, DF215, DF216, DF218): findings decided
// at the end of the file (TARGETSTAGE, the last stage's name), and states that hold no positions (the same states
// after blank lines, comments and unrelated instructions are inserted).
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

/// The state after each instruction the rule steps, except after a `RUN true` (the filler `paddedSource` adds).
func stateTrace<R: SequentialRule>(_ rule: R, _ source: String, buildContext: (any BuildContext)? = nil) -> [R.State] {
  let context = RuleContext(tree: SyntaxTree(source), buildContext: buildContext)
  let file = FileFacts(context)
  var state = rule.initialState(file)
  var trace: [R.State] = []
  for (i, ins) in context.model.instructions.enumerated() {
    if let kinds = rule.stepKinds, !kinds.contains(ins.kind) { continue }
    var out = StepOutput<R.CandidateKey>()
    rule.step(&state, context.facts(ofInstructionAt: i), file, &out)
    if ins.kind != .run || ins.arguments.map(\.string) != ["true"] { trace.append(state) }
  }
  return trace
}

/// `source` with blank lines and a comment before every line, and `RUN true` after every FROM.
func paddedSource(_ source: String) -> String {
  var out = ""
  for line in source.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
    out += "\n# note\n\n" + line + "\n"
    if line.hasPrefix("FROM") { out += "RUN true\n" }
  }
  return out
}

@Suite("BuildKit variable rules as folds")
struct BuildKitVariableSequentialTests {
  static let sources = [
    "ARG BASE=alpine\nARG TAG\nFROM $BASE:${TAG:-3.20} AS base\nARG TAG\nENV DIR=/app PATH=$PATH:/x\n"
      + "COPY $DIR/a $DIRS/\nFROM base AS build\nENV MORE=$DIR/more\nARG PASSWORD\nLABEL a=$MOR\n"
      + "FROM scratch\nCOPY --from=build $MORE /\nWORKDIR $HOME\n",
    "ARG X=${TARGETSTAGE}\nFROM $X:1 AS first\nARG TARGETSTAGE\nENV $TARGETSTAGE=1 API_TOKEN=2\n"
      + "COPY $TARGETSTAGE /x\nFROM first AS last\nCOPY $first ${API_TOKEN} /y\n",
    "FROM python:3.12 AS a\nENV A=1\nFROM node AS a\nENV B=2\nFROM a\nLABEL x=$A y=$B z=$NODE_VERSION\n",
  ]

  static let ignore = InMemoryBuildContext(dockerignore: "app\nlast\n")

  @Test(arguments: sources)
  func statesHoldNoPositions(_ source: String) {
    let padded = paddedSource(source)
    #expect(stateTrace(UndefinedVar(), source) == stateTrace(UndefinedVar(), padded))
    #expect(stateTrace(UndefinedArgInFrom(), source) == stateTrace(UndefinedArgInFrom(), padded))
    #expect(stateTrace(InvalidDefaultArgInFrom(), source) == stateTrace(InvalidDefaultArgInFrom(), padded))
    #expect(stateTrace(SecretsUsedInArgOrEnv(), source) == stateTrace(SecretsUsedInArgOrEnv(), padded))
    #expect(
      stateTrace(CopyIgnoredFile(), source, buildContext: Self.ignore)
        == stateTrace(CopyIgnoredFile(), padded, buildContext: Self.ignore))
    // The findings are the same, moved.
    for code in ["DF213", "DF214", "DF215", "DF216", "DF218"] {
      var options = AnalysisOptions()
      options.enabled = [code]
      let messages = { (text: String) in
        analyze(SyntaxTree(text), options: options, buildContext: Self.ignore).map(\.message)
      }
      #expect(messages(source) == messages(padded), "\(code)")
    }
  }

  @Test func undefinedVarStatesConvergeAfterAnUnrelatedEdit() {
    // Editing a RUN or a value leaves the state after it as it was.
    let a = stateTrace(UndefinedVar(), "FROM alpine\nENV A=1\nRUN echo 1\nENV B=2\n")
    let b = stateTrace(UndefinedVar(), "FROM alpine\nENV A=22\nRUN echo 12\nENV B=2\n")
    #expect(a == b)
  }

  static let targetStageFires = [
    // TARGETSTAGE is the last stage's name, or `default` when it has none.
    "FROM 1️⃣${TARGETSTAGE}:2️⃣\nFROM alpine AS final\n",
    "FROM 1️⃣${TARGETSTAGE}-2️⃣\nFROM alpine\n",
    "ARG IMAGE=${TARGETSTAGE}\nFROM 1️⃣$IMAGE2️⃣\nFROM alpine AS a..b\n",
  ]

  static let targetStageSilent = [
    "FROM ${TARGETSTAGE}:1\nFROM alpine AS final\n",
    "ARG IMAGE=${TARGETSTAGE}\nFROM $IMAGE\nFROM alpine AS ab\n",
  ]

  @Test(arguments: targetStageFires)
  func invalidDefaultArgInFromResolvesTargetStage(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF215", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: targetStageSilent)
  func invalidDefaultArgInFromResolvesTargetStageSilently(_ source: String) {
    #expect(findingRanges("DF215", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func copyIgnoredFileResolvesTargetStage() {
    let context = InMemoryBuildContext(dockerignore: "final\n")
    let (bytes, expected) = markedRanges("FROM alpine AS final\nARG TARGETSTAGE\nCOPY 1️⃣$TARGETSTAGE/x2️⃣ /x\n")
    #expect(findingRanges("DF218", in: bytes, buildContext: context) == expected)
    let messages = analyze(SyntaxTree(bytes), buildContext: context).filter { $0.code == "DF218" }.map(\.message)
    #expect(messages == ["Attempting to Copy file \"final/x\" that is excluded by .dockerignore"])
    // The same COPY is fine when a later stage is the target.
    let later = "FROM alpine AS final\nARG TARGETSTAGE\nCOPY $TARGETSTAGE/x /x\nFROM alpine AS other\n"
    #expect(findingRanges("DF218", in: Array(later.utf8), buildContext: context).isEmpty)
  }
}
