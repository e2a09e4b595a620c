// The semantic model: stages, bases, and ARG/ENV scopes with BuildKit's rules.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("Semantic model")
struct SemanticModelTests {
  let text = """
    ARG PY=3.12
    ARG BASE=python:${PY}-slim
    FROM ${BASE} AS Build
    ARG PY
    ENV VENV=/venv PATH=/venv/bin:$PATH
    RUN python -m venv $VENV
    FROM build AS test
    ENV EXTRA=1
    RUN pytest
    FROM scratch
    COPY --from=build /venv /venv

    """

  @Test func stagesAndBases() {
    let m = SemanticModel(tree: SyntaxTree(text))
    #expect(m.stages.count == 3)
    #expect(m.globalArgs.map(\.name) == ["PY", "BASE"])
    #expect(m.stages[0].name == "Build")
    #expect(m.stages[0].base == .image("${BASE}"))
    #expect(m.stages[1].base == .stage(0))
    #expect(m.stages[2].base == .scratch)
    #expect(m.stage(named: "BUILD")?.index == 0)
    #expect(m.stage(named: "1")?.index == 1)
    #expect(m.finalStage?.index == 2)
    #expect(m.ancestors(of: m.stages[1]).map(\.index) == [0])
    #expect(m.stages[0].instructionIndices == [3, 4, 5])
  }

  @Test func variableScopes() {
    let m = SemanticModel(tree: SyntaxTree(text))
    // FROM sees the global ARGs.
    #expect(Set(m.visibleVariables(at: 2).keys) == ["PY", "BASE"])
    // Inside the stage: only the redeclared ARG and earlier ENV.
    #expect(Set(m.visibleVariables(at: 3).keys) == [])
    #expect(Set(m.visibleVariables(at: 5).keys) == ["PY", "VENV", "PATH"])
    // A child stage inherits its parent's ENV, not its ARGs.
    #expect(Set(m.visibleVariables(at: 8).keys) == ["VENV", "PATH", "EXTRA"])
    if case .env(let e)? = m.visibleVariables(at: 8)["VENV"] {
      #expect(e.value == "/venv")
    } else {
      Issue.record("VENV")
    }
  }

  @Test func singleLookupsAgreeWithTheTable() {
    let m = SemanticModel(tree: SyntaxTree(text))
    for i in m.instructions.indices {
      let table = m.visibleVariables(at: i)
      for name in ["PY", "BASE", "VENV", "PATH", "EXTRA", "NOPE"] {
        #expect(m.definition(of: name, visibleAt: i) == table[name], "\(name) at \(i)")
      }
    }
  }

  @Test func instructionsBeforeFromAndEmptyFiles() {
    let m = SemanticModel(tree: SyntaxTree("ARG A\nARG B=1\n"))
    #expect(m.stages.isEmpty)
    #expect(m.globalArgs.count == 2)
    #expect(Set(m.visibleVariables(at: 1).keys) == ["A"])
    #expect(SemanticModel(tree: SyntaxTree("")).stages.isEmpty)
  }
}
