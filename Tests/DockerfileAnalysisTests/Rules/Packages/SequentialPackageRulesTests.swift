// DF602, DF610 and DF616 as sequential rules: fixtures for what the fold has to carry (stages built on stages,
// names taken twice, the ONBUILD pass with its own FROM, ENV and ARG, candidates decided by a later FROM), and a
// check that the states and candidate keys do not depend on positions.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("Package rules as folds")
struct SequentialPackageRulesTests {
  static let fires: [(code: String, source: String)] = [
    // A stage that a FROM much later builds on is reported; an unused one in between is not.
    ("DF602", "FROM debian:12 AS a\nRUN 1️⃣apt-get update2️⃣\nFROM debian:12 AS b\nRUN apt-get update\nFROM a\n"),
    // A chain of stages: the used one and the last one.
    ("DF602", "FROM debian:12 AS a\nRUN 1️⃣apt-get update2️⃣\nFROM a AS b\nRUN 3️⃣apt update4️⃣\n"),
    // The decision is the last FROM's, even when an earlier stage has the very same FROM.
    ("DF602", "FROM debian:12\nRUN 1️⃣apt-get update2️⃣\nFROM scratch AS x\nFROM debian:12\n"),
    // ENV names pass along a chain of stages, each named after the one before.
    ("DF610", "FROM centos:7 AS a\nENV V=1\nFROM a AS b\nFROM b\nRUN yum install -y git-${V} 1️⃣x-${W}2️⃣\n"),
    // A name taken twice: only the first stage with it passes its ENV names on.
    ("DF610", "FROM centos:7 AS a\nFROM centos:7 AS a\nENV V=1\nFROM a\nRUN yum install -y 1️⃣git-${V}2️⃣\n"),
    // An ARG declared after the RUN is not known yet.
    ("DF610", "FROM centos:7\nRUN yum install -y 1️⃣git-${V}2️⃣\nARG V\n"),
    // The ONBUILD pass does not see top-level ENV, and its own FROM starts a stage without ENV names.
    ("DF616", "FROM fedora:41\nONBUILD ENV V=1\nONBUILD FROM fedora:41\nONBUILD RUN dnf install -y 1️⃣a-${V}2️⃣\n"),
    ("DF616", "FROM fedora:41 AS a\nENV V=1\nFROM fedora:41\nRUN microdnf install 1️⃣b-$V2️⃣\nFROM a\n"),
  ]

  static let silent: [(code: String, source: String)] = [
    // The ONBUILD pass has its own FROMs: a trigger in an unused ONBUILD stage is not the last one.
    ("DF602", "FROM debian:12\nONBUILD FROM debian:12 AS x\nONBUILD RUN apt-get update\nONBUILD FROM scratch\n"),
    ("DF602", "FROM debian:12 AS a\nRUN apt-get update\nFROM debian:12 AS b\nCOPY --from=a / /\n"),
    ("DF610", "FROM centos:7 AS a\nENV V=1\nFROM a AS b\nENV W=2\nFROM b\nRUN yum install -y git-${V} x-$W\n"),
    ("DF610", "ARG A\nFROM centos:7 AS a\nFROM centos:7\nRUN yum install -y git-${A}\n"),
    ("DF616", "FROM fedora:41\nONBUILD ARG V\nONBUILD RUN dnf install -y a-${V}\n"),
    // ENV names before the first FROM belong to hadolint's stage 0, which no stage inherits from by name.
    ("DF616", "ENV V=1\nFROM fedora:41\nRUN dnf install -y a-1\n"),
    // An ARG without a name does not start stage 0, so the first stage takes the name "" that a FROM without an
    // image then builds on.
    ("DF610", "ARG\nFROM\nENV V=1\nFROM\nRUN yum install -y git-${V}\n"),
  ]

  @Test(arguments: fires) func reports(_ fixture: (code: String, source: String)) {
    expectMarkedFindings(fixture.code, fixture.source)
  }

  @Test(arguments: silent) func staysSilent(_ fixture: (code: String, source: String)) {
    expectNoFindings(fixture.code, fixture.source)
  }

  static let shifted = [
    "FROM debian:12 AS a\nENV V=1\nARG A\nRUN apt-get update && yum install -y git-${V} b && dnf install c-$A\n"
      + "ONBUILD RUN apt-get update\nONBUILD ENV W=1\nFROM a AS b\nRUN apt update\nFROM b\n",
    "ARG A\nENV V=1\nRUN apt-get update\nFROM centos:7\nONBUILD FROM x AS y\nONBUILD RUN yum install z\n",
  ]

  /// Text inserted above and between instructions changes no state and no candidate key.
  @Test(arguments: shifted) func statesIgnorePositions(_ source: String) {
    expectSameTrace(AptListsNotRemoved(), source)
    expectSameTrace(YumPinVersions(), source)
    expectSameTrace(DnfPinVersions(), source)
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
