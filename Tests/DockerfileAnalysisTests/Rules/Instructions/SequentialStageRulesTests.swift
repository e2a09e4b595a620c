// Tests for the instruction family's rules written as folds over the instructions (`SequentialRule`): fixtures
// for what their state carries from one instruction to the next (stages built on stages, ONBUILD, findings
// decided at the end), and a simulated incremental re-run after random edits that must agree with a full run.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("Instruction rules: state carried across instructions")
struct SequentialStageRulesFixtureTests {
  /// (rule, fixture with the exact ranges that must be reported; none means silent).
  static let fixtures: [(String, String)] = [
    // DF502: the last USER of each stage decides; ONBUILD USER changes nothing; USER before FROM is ignored.
    ("DF502", "FROM a:1\nUSER 1️⃣root2️⃣\nONBUILD USER app\n"),
    ("DF502", "FROM a:1\nUSER 1️⃣root2️⃣\nFROM b:1\nUSER root\nUSER 3️⃣04️⃣\n"),
    ("DF502", "FROM a:1 AS x\nUSER 1️⃣root2️⃣\nFROM x\nUSER root\nUSER app\n"),
    ("DF502", "FROM a:1\nUSER root\nUSER 0\nUSER app\n"),
    ("DF502", "USER root\nFROM a:1\nUSER app\n"),
    // DF503: only earlier stage names count.
    ("DF503", "FROM 1️⃣debian2️⃣ AS debian2\nFROM debian2\nFROM 3️⃣debian34️⃣\n"),
    // DF508: stage indices count the FROMs so far.
    ("DF508", "FROM a:1\nFROM b:1\nCOPY --from=1 a b\nCOPY 1️⃣--from=22️⃣ a b\n"),
    // DF509: an unnamed FROM ends the named stage.
    ("DF509", "FROM node AS foo\nFROM node\nCOPY --from=foo a b\n"),
    // DF510: every repeat, not only the first.
    ("DF510", "FROM a:1 AS x\nFROM b:1 AS y\nFROM c:1 AS 1️⃣x2️⃣\nFROM d:1 AS 3️⃣x4️⃣\n"),
    // DF515: ARG and ENV names from anywhere earlier, not from ONBUILD.
    ("DF515", "FROM x:1\nENV A=0\nFROM y:1\nENV A=1 B=$A\n"),
    ("DF515", "FROM x:1\nENV 1️⃣A2️⃣=1 B=$A\nARG A\n"),
    ("DF515", "FROM x:1\nONBUILD ENV A=0\nENV 1️⃣A2️⃣=1 B=$A\n"),
    // DF516: a stage named like an earlier one takes the flag of the stage its image names, not the old one.
    ("DF516", "FROM debian:12 AS a\nWORKDIR /x\nFROM a AS b\nFROM alpine:3 AS a\nCOPY x 1️⃣y2️⃣\n"),
    ("DF516", "FROM debian:12\nWORKDIR /app\nFROM debian:11\nCOPY a b\n"),
    // DF518: candidates decided at the end, by HEALTHCHECKs further down.
    ("DF518", "FROM scratch AS base\nFROM base AS app\nHEALTHCHECK NONE\n"),
    ("DF518", "FROM scratch AS base\nFROM 1️⃣base2️⃣ AS other\nFROM base AS app\nHEALTHCHECK NONE\n"),
    ("DF518", "FROM debian\nFROM debian\nHEALTHCHECK NONE\n"),
    ("DF518", "FROM 1️⃣x:12️⃣ AS a\nFROM y:1 AS b\nHEALTHCHECK NONE\nFROM 3️⃣a4️⃣\n"),
    ("DF518", "FROM a:1 AS a\nFROM\nHEALTHCHECK NONE\n"),
    ("DF518", "FROM 1️⃣a:12️⃣\nONBUILD HEALTHCHECK NONE\nFROM 3️⃣b:14️⃣\n"),
    // DF519: nothing after the first FROM.
    ("DF519", "ARG A\n1️⃣ONBUILD2️⃣ RUN x\nFROM a\nONBUILD RUN y\nLABEL a=b\n"),
    // DF523: ONBUILD ARG declares nothing.
    ("DF523", "FROM a:1\nONBUILD ARG U\nUSER 1️⃣$U2️⃣\n"),
    // DF525, DF526: each stage starts afresh.
    ("DF525", "FROM a\nCMD a\nFROM b\nCMD b\n1️⃣CMD2️⃣ c\n"),
    ("DF526", "ENTRYPOINT a\nFROM b\nENTRYPOINT b\n1️⃣ENTRYPOINT2️⃣ c\nFROM c\nENTRYPOINT d\n"),
  ]

  @Test(arguments: fixtures) func fixture(_ c: (String, String)) { expectMarkedFindings(c.0, c.1) }

  @Test func trustedRegistryStageIndex() {
    let settings = RuleSettings(trustedRegistries: ["reg.io"])
    expectMarkedFindings(
      "DF512", "FROM reg.io/a:1\nFROM reg.io/b:1\nCOPY --from=1 a b\nCOPY 1️⃣--from=22️⃣ a b\n", settings: settings)
    expectMarkedFindings(
      "DF512", "FROM reg.io/a:1 AS x\nCOPY --from=x a b\nFROM 1️⃣y2️⃣\nCOPY 3️⃣--from=z4️⃣ a b\n", settings: settings)
  }
}

@Suite("Instruction rules: incremental re-runs")
struct SequentialStageRulesIncrementalTests {
  static let lines = [
    "FROM debian", "FROM debian AS base", "FROM base", "FROM base AS b2", "FROM b2", "FROM debian:12 AS base",
    "FROM scratch", "FROM alpine:3.20 as build", "FROM build AS build", "FROM ${IMG}", "FROM", "FROM reg.io/x/y",
    "FROM base AS debian", "USER root", "USER 0", "USER app", "USER $UID", "ONBUILD USER root",
    "COPY --from=base a b", "COPY --from=build a /b", "COPY --from=0 a b", "COPY --from=2 a b",
    "COPY --from=x.io/img:1 a b", "COPY a b", "ONBUILD COPY a b", "WORKDIR /app", "ONBUILD WORKDIR /x",
    "HEALTHCHECK NONE", "HEALTHCHECK CMD true", "ONBUILD HEALTHCHECK NONE", "ENV A=1 B=$A", "ENV A=1", "ARG A",
    "ARG UID=1", "CMD a", "ENTRYPOINT a", "ONBUILD CMD x", "LABEL a=b", "RUN echo",
    "RUN --mount=type=bind,from=base,target=/c echo", "RUN --mount=type=cache,from=x.io/y,target=/c echo",
    "# comment", "",
  ]

  static let rules: [any SequentialRule] = [
    LastUserRoot(), UntaggedImage(), CopyFromUnknownStage(), CopyFromOwnStage(), DuplicateStageAlias(),
    UntrustedRegistry(), EnvSameStatementReference(), CopyRelativeDestination(), MissingHealthcheck(),
    InstructionOrder(), NonNumericUser(), MultipleCmd(), MultipleEntrypoint(),
  ]

  /// A deterministic generator, so that a failure can be replayed.

  /// The findings of a rule's whole-file run, as sorted strings.
  static func fullRun(_ rule: some SequentialRule, _ tree: SyntaxTree, _ settings: RuleSettings) -> [String] {
    var out: [String] = []
    rule.check(RuleContext(tree: tree, settings: settings)) { out.append("\($0) \($1)") }
    return out.sorted()
  }

  /// One step's output with the instruction's node and start.
  struct Stepped<R: SequentialRule> {
    var node: ObjectIdentifier
    var start: Int
    var before: R.State
    var output: StepOutput<R.CandidateKey>
  }

  /// Every step of a whole-file fold, with the state before each step, and the final state.
  static func fold<R: SequentialRule>(_ rule: R, _ context: RuleContext) -> ([Stepped<R>], R.State) {
    let file = FileFacts(context)
    var state = rule.initialState(file)
    var steps: [Stepped<R>] = []
    for (index, ins) in context.model.instructions.enumerated() {
      if let kinds = rule.stepKinds, !kinds.contains(ins.kind) { continue }
      var out = StepOutput<R.CandidateKey>()
      let before = state
      rule.step(&state, context.facts(ofInstructionAt: index), file, &out)
      steps.append(Stepped(node: ObjectIdentifier(ins.node), start: ins.start, before: before, output: out))
    }
    return (steps, state)
  }

  /// Re-runs `rule` after `old` became `new` the way an incremental analysis does: resume from the state before
  /// the first changed instruction, step until the state equals the old state at the same point of the
  /// unchanged rest, then take the rest's old outputs moved by the edit's length. Returns the findings and
  /// whether it stopped early.
  static func incrementalRun<R: SequentialRule>(
    _ rule: R, old: SyntaxTree, new: SyntaxTree, _ settings: RuleSettings
  ) -> ([String], Bool) {
    let (oldSteps, oldFinal) = fold(rule, RuleContext(tree: old, settings: settings))
    let context = RuleContext(tree: new, settings: settings)
    let file = FileFacts(context)
    var newNodes: [(index: Int, node: ObjectIdentifier, start: Int)] = []
    for (index, ins) in context.model.instructions.enumerated() {
      if let kinds = rule.stepKinds, !kinds.contains(ins.kind) { continue }
      newNodes.append((index, ObjectIdentifier(ins.node), ins.start))
    }
    let delta = new.source.count - old.source.count
    // Unchanged instructions before the edit stay in place; those after it move by the edit's length.
    func same(_ o: Int, _ n: Int, moved: Int) -> Bool {
      oldSteps[o].node == newNodes[n].node && oldSteps[o].start + moved == newNodes[n].start
    }
    var prefix = 0
    while prefix < min(oldSteps.count, newNodes.count) && same(prefix, prefix, moved: 0) { prefix += 1 }
    var suffix = 0
    while suffix < min(oldSteps.count, newNodes.count) - prefix
      && same(oldSteps.count - 1 - suffix, newNodes.count - 1 - suffix, moved: delta)
    {
      suffix += 1
    }
    var findings: [(Range<Int>, String)] = []
    var candidates: [(Range<Int>, R.CandidateKey)] = []
    for s in oldSteps[..<prefix] {
      findings += s.output.findings.map { ($0.range, $0.message) }
      candidates += s.output.candidates.map { ($0.range, $0.key) }
    }
    var state = prefix < oldSteps.count ? oldSteps[prefix].before : oldFinal
    var j = prefix
    var converged = false
    while true {
      let oldIndex = j - newNodes.count + oldSteps.count
      if j >= newNodes.count - suffix {
        let oldState = oldIndex < oldSteps.count ? oldSteps[oldIndex].before : oldFinal
        if state == oldState {
          converged = true
          for s in oldSteps[oldIndex...] {
            func moved(_ r: Range<Int>) -> Range<Int> { (r.lowerBound + delta)..<(r.upperBound + delta) }
            findings += s.output.findings.map { (moved($0.range), $0.message) }
            candidates += s.output.candidates.map { (moved($0.range), $0.key) }
          }
          state = oldFinal
          break
        }
      }
      guard j < newNodes.count else { break }
      var out = StepOutput<R.CandidateKey>()
      rule.step(&state, context.facts(ofInstructionAt: newNodes[j].index), file, &out)
      findings += out.findings.map { ($0.range, $0.message) }
      candidates += out.candidates.map { ($0.range, $0.key) }
      j += 1
    }
    for (range, key) in candidates {
      if let message = rule.resolve(key, state) { findings.append((range, message)) }
    }
    return (findings.map { "\($0.0) \($0.1)" }.sorted(), converged)
  }

  /// A random edit of `tree`: a line replaced, inserted or deleted, or a byte typed somewhere.
  static func randomEdit(_ tree: SyntaxTree, _ rng: inout AnalysisRandom) -> TextEdit {
    let source = tree.source
    var lineStarts = [0]
    for (i, b) in source.enumerated() where b == UInt8(ascii: "\n") && i + 1 < source.count { lineStarts.append(i + 1) }
    let line = Int.random(in: 0..<lineStarts.count, using: &rng)
    let start = lineStarts[line]
    let end = line + 1 < lineStarts.count ? lineStarts[line + 1] : source.count
    let text = lines.randomElement(using: &rng)! + "\n"
    switch Int.random(in: 0..<4, using: &rng) {
    case 0: return TextEdit(range: start..<end, replacement: text)
    case 1: return TextEdit(range: start..<start, replacement: text)
    case 2: return TextEdit(range: start..<end, replacement: "")
    default:
      let at = Int.random(in: start...max(start, end - 1), using: &rng)
      return TextEdit(range: at..<at, replacement: ["x", " ", "\n", "=", ":"].randomElement(using: &rng)!)
    }
  }

  @Test(arguments: rules.indices) func agreesWithFullRun(_ r: Int) throws {
    let rule = Self.rules[r]
    var rng = AnalysisRandom(state: UInt64(r) &* 7919)
    let settingsList = [RuleSettings(), RuleSettings(trustedRegistries: ["reg.io", "docker.io"])]
    var convergedEarly = 0
    for _ in 0..<60 {
      let count = Int.random(in: 1...24, using: &rng)
      var tree = SyntaxTree(
        (0..<count).map { _ in Self.lines.randomElement(using: &rng)! }.joined(separator: "\n") + "\n")
      for _ in 0..<8 {
        let old = tree
        try tree.apply(Self.randomEdit(tree, &rng))
        for settings in settingsList {
          let (incremental, converged) = Self.incrementalRun(rule, old: old, new: tree, settings)
          let full = Self.fullRun(rule, tree, settings)
          #expect(
            incremental == full,
            "\(rule.descriptor.code) after editing \(String(decoding: old.source, as: UTF8.self).debugDescription)")
          if converged { convergedEarly += 1 }
        }
      }
    }
    // The runs must really resume and stop early, or the comparison says little.
    #expect(convergedEarly > 100, "\(rule.descriptor.code) converged early \(convergedEarly) times")
  }
}
