// DF658, DF659, DF661 and DF663 as sequential rules: fixtures for what the fold has to carry (the previous RUN,
// stages built on stages, the ONBUILD pass with its own FROM, candidates decided by a later FROM), and a check
// that the states and candidate keys do not depend on positions.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("Shell rules as folds")
struct SequentialShellRulesTests {
  static let fires: [(code: String, source: String)] = [
    // Only the previous instruction counts: a multi-command RUN in between breaks the pair.
    ("DF658", "FROM debian:12\nRUN a\nRUN b && c\nRUN d\n1️⃣RUN2️⃣ e\n"),
    ("DF658", "FROM debian:12\nRUN --network=none a\n1️⃣RUN2️⃣ --network=none b\nRUN c\n"),
    // A stage that a FROM much later builds on is reported; an unused one in between is not.
    ("DF659", "FROM node:22 AS a\nRUN 1️⃣yarn install2️⃣\nFROM node:22 AS b\nRUN yarn install\nFROM a\n"),
    ("DF659", "FROM node:22\nRUN 1️⃣yarn install2️⃣\nFROM scratch AS x\nFROM node:22\n"),
    // The ONBUILD pass keeps its own stage: a curl under ONBUILD after a wget under ONBUILD.
    ("DF661", "FROM debian:12\nONBUILD RUN wget a\nRUN curl b\nONBUILD RUN 1️⃣curl2️⃣ c\n"),
    ("DF661", "FROM debian:12\nRUN wget a\nONBUILD FROM x\nRUN 1️⃣curl2️⃣ b\n"),
    // ONBUILD does not change the stage's SHELL for the RUNs that follow.
    ("DF663", "FROM debian:12\nONBUILD SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a 1️⃣|2️⃣ b\n"),
    ("DF663", "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nFROM c\nRUN d 1️⃣|2️⃣ e\n"),
  ]

  static let silent: [(code: String, source: String)] = [
    ("DF658", "FROM debian:12\nRUN a\nRUN b && c\nRUN d\nONBUILD RUN e\nRUN f\n"),
    // The ONBUILD pass has its own FROMs: a trigger in an unused ONBUILD stage is not the last one.
    ("DF659", "FROM node:22\nONBUILD FROM node:22 AS x\nONBUILD RUN yarn install\nONBUILD FROM scratch\n"),
    ("DF659", "FROM node:22 AS a\nRUN yarn install\nFROM node:22 AS b\nCOPY --from=a / /\n"),
    ("DF661", "FROM debian:12\nONBUILD RUN wget a\nONBUILD FROM x\nONBUILD RUN curl b\n"),
    ("DF663", "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nUSER x\nRUN a | b\n"),
  ]

  @Test(arguments: fires) func reports(_ fixture: (code: String, source: String)) {
    let (bytes, expected) = markedRanges(fixture.source)
    #expect(findingRanges(fixture.code, in: bytes) == expected, "\(fixture.code) on \(fixture.source.debugDescription)")
  }

  @Test(arguments: silent) func staysSilent(_ fixture: (code: String, source: String)) {
    #expect(
      findingRanges(fixture.code, in: Array(fixture.source.utf8)).isEmpty,
      "\(fixture.code) on \(fixture.source.debugDescription)")
  }

  static let shifted = [
    "FROM node:22 AS a\nRUN yarn install\nRUN wget a | sh\nRUN curl b\nONBUILD RUN yarn install\n"
      + "ONBUILD RUN curl c\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM a AS b\nRUN --network=none x\n"
      + "RUN --network=none y\nFROM b\n",
    "RUN yarn install\nRUN a\nRUN b\nONBUILD FROM x AS y\nONBUILD RUN yarn install\nFROM z\n",
  ]

  /// Text inserted above and between instructions changes no state and no candidate key.
  @Test(arguments: shifted) func statesIgnorePositions(_ source: String) {
    expectSameTrace(ConsecutiveRun(), source)
    expectSameTrace(YarnCacheClean(), source)
    expectSameTrace(CurlAndWget(), source)
    expectSameTrace(Pipefail(), source)
  }
}

/// The states after each step and the candidate keys of `rule` over `source`.
private func trace<R: SequentialRule>(_ rule: R, _ source: String) -> (states: [R.State], keys: [R.CandidateKey]) {
  let context = RuleContext(tree: SyntaxTree(Array(source.utf8)))
  let file = FileFacts(context)
  var state = rule.initialState(file)
  var states: [R.State] = []
  var keys: [R.CandidateKey] = []
  for (index, ins) in context.model.instructions.enumerated() where rule.stepKinds?.contains(ins.kind) ?? true {
    var out = StepOutput<R.CandidateKey>()
    rule.step(&state, context.facts(ofInstructionAt: index), file, &out)
    states.append(state)
    keys += out.candidates.map(\.key)
  }
  return (states, keys)
}

/// Checks that comments and blank lines above and between the instructions leave the trace unchanged.
private func expectSameTrace<R: SequentialRule>(
  _ rule: R, _ source: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  let moved =
    "# a comment\n\n"
    + source.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n\n# note\n")
  let a = trace(rule, source)
  let b = trace(rule, moved)
  #expect(a.states == b.states, "\(rule.descriptor.code)", sourceLocation: sourceLocation)
  #expect(a.keys == b.keys, "\(rule.descriptor.code)", sourceLocation: sourceLocation)
  #expect(!a.states.isEmpty, sourceLocation: sourceLocation)
}
