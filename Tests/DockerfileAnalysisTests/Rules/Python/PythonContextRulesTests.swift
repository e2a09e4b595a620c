// DF412 python-env-defaults, DF413 missing-build-context-file, DF414 no-dockerignore.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF412 python-env-defaults")
struct PythonEnvDefaultsTests {
  static let run = "CMD [\"python\", \"app.py\"]\n"

  static let fires = [
    "FROM 1️⃣python:3.12-slim2️⃣\n\(run)",
    "FROM python:3.12-slim AS base\nENV PYTHONUNBUFFERED=1\nFROM 1️⃣base2️⃣\n\(run)",
    "FROM 1️⃣ghcr.io/astral-sh/uv:python3.12-bookworm-slim2️⃣\nENV PYTHONUNBUFFERED=\n\(run)",
  ]

  static let silent = [
    "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\n\(run)",
    "FROM python:3.12-slim AS base\nENV PYTHONUNBUFFERED=1\nENV PYTHONDONTWRITEBYTECODE=1\nFROM base\n\(run)",
    "FROM python:3.12-slim\n",
    "FROM node:22\n\(run)",
    "FROM python:3.12-windowsservercore\n\(run)",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF412", source) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF412", source) }

  @Test func isOffByDefaultAndNamesWhatIsMissing() {
    #expect(!analyze(SyntaxTree("FROM python:3.12-slim\n\(Self.run)")).contains { $0.code == "DF412" })
    #expect(
      pythonMessages("DF412", "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\n\(Self.run)") == [
        "the final stage does not set PYTHONDONTWRITEBYTECODE=1: Python writes __pycache__ files at run time"
      ])
  }
}

@Suite("DF413 missing-build-context-file")
struct MissingBuildContextFileTests {
  static let context = InMemoryBuildContext(files: ["requirements.txt", "pyproject.toml", "app/main.py"])

  static let fires = [
    "FROM python:3.12\nCOPY 1️⃣requirements-dev.txt2️⃣ .\n",
    "FROM python:3.12\nCOPY pyproject.toml 1️⃣poetry.lock2️⃣ ./\n",
    "FROM python:3.12\nADD 1️⃣./setup.py2️⃣ /app/\n",
    "FROM python:3.12\nCOPY [\"requirements.txt\", 1️⃣\"uv.lock\"2️⃣, \"./\"]\n",
    "FROM python:3.12\nCOPY 1️⃣requirements/prod.txt2️⃣ 3️⃣/Pipfile4️⃣ ./\n",
  ]

  static let silent = [
    "FROM python:3.12\nCOPY requirements.txt ./requirements.txt\n",
    "FROM python:3.12\nCOPY ./pyproject.toml /app/\n",
    "FROM python:3.12\nCOPY $REQ .\n",
    "FROM python:3.12\nCOPY requirements*.txt .\n",
    "FROM python:3.12 AS b\nFROM python:3.12\nCOPY --from=b /requirements-dev.txt .\n",
    "FROM python:3.12\nCOPY main.py .\n",
    "FROM python:3.12\nCOPY ../requirements.txt .\n",
    "FROM python:3.12\nCOPY <<EOF requirements-dev.txt\nflask\nEOF\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF413", source, buildContext: Self.context) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF413", source, buildContext: Self.context) }

  /// A context that cannot answer.
  struct UnknownContext: BuildContext {
    var dockerignore: [UInt8]? { nil }
    func exists(_ path: String) -> Bool? { nil }
  }

  @Test func staysSilentWithoutAnAnswer() {
    expectPythonFindings("DF413", "FROM python:3.12\nCOPY requirements-dev.txt .\n")
    expectPythonFindings("DF413", "FROM python:3.12\nCOPY requirements-dev.txt .\n", buildContext: UnknownContext())
  }
}

@Suite("DF414 no-dockerignore")
struct NoDockerignoreTests {
  static let bare = InMemoryBuildContext(files: ["app.py"])

  static let fires = [
    "FROM python:3.12\nCOPY 1️⃣.2️⃣ .\nCOPY . /again\n",
    "FROM python:3.12\nADD 1️⃣./2️⃣ /app\n",
    "FROM python:3.12\nCOPY --chown=app 1️⃣.2️⃣ /app\n",
    "FROM python:3.12 AS b\nFROM python:3.12\nCOPY --from=b . .\nCOPY [1️⃣\".\"2️⃣, \"/app\"]\n",
  ]

  static let silent = [
    "FROM python:3.12\nCOPY src .\n",
    "FROM python:3.12 AS b\nFROM python:3.12\nCOPY --from=b . .\n",
    "FROM python:3.12\nONBUILD COPY . /app\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF414", source, buildContext: Self.bare) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF414", source, buildContext: Self.bare) }

  @Test func needsAReadableContextWithoutAnIgnoreFile() {
    let source = "FROM python:3.12\nCOPY . .\n"
    expectPythonFindings("DF414", source)
    expectPythonFindings(
      "DF414", source, buildContext: InMemoryBuildContext(files: ["app.py"], dockerignore: ".git\n"))
    expectPythonFindings("DF414", source, buildContext: MissingBuildContextFileTests.UnknownContext())
  }
}

extension NoDockerignoreTests {
  @Test func reportsOnlyTheFirstCopyOfTheContextInTheFile() {
    expectPythonFindings(
      "DF414", "FROM python:3.12 AS a\nCOPY src .\nCOPY 1️⃣./2️⃣ .\nFROM a\nCOPY . /app\nADD . /b\n",
      buildContext: Self.bare)
  }
}
