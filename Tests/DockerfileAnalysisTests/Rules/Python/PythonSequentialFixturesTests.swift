// Fixtures for what the conversion of DF404-DF406 and DF408-DF412 to sequential rules touched: stages built on
// stages, findings registered in one stage and decided by the final one, ONBUILD, stage references by number.
import Testing

@testable import DockerfileAnalysis

@Suite("Python sequential rules: stage chains and candidates")
struct PythonSequentialFixturesTests {
  static let run = "CMD [\"python\", \"a.py\"]\n"

  /// Rule code and marked source.
  static let cases: [(String, String)] = [
    // DF404: the image named by the top of the final chain; CMD inherited from a parent stage.
    ("DF404", "FROM python:1️⃣3.122️⃣ AS base\nFROM base AS app\nFROM app\n\(run)"),
    ("DF404", "FROM python:1️⃣3.122️⃣ AS base\n\(run)FROM base\n"),
    ("DF404", "FROM python:3.12 AS base\n\(run)FROM python:3.12-slim\n\(run)"),
    ("DF404", "FROM python:3.12 AS base\nONBUILD \(run)FROM base\n"),
    // DF405/DF406: reported where the image is named, in every stage, not where a stage builds on it.
    ("DF405", "FROM python:1️⃣latest2️⃣ AS a\nFROM a\nFROM a\n"),
    // A stage's ARG is not a global one: both FROMs read the global default.
    ("DF406", "ARG T=3-slim\nFROM 1️⃣python:${T}2️⃣ AS a\nARG T=3.12\nFROM 3️⃣python:${T}4️⃣\n"),
    // DF408: a build package kept in a parent of the final stage counts; in another stage, not.
    ("DF408", "FROM python:3.12-slim AS base\nRUN apt-get install -y 1️⃣gcc2️⃣\nFROM base\n\(run)"),
    ("DF408", "FROM python:3.12-slim AS base\nRUN apt-get install -y gcc\nFROM python:3.12-slim\n\(run)"),
    ("DF408", "FROM debian:12 AS base\nRUN apt-get install -y 1️⃣gcc2️⃣\nFROM base\nRUN pip install x\n\(run)"),
    ("DF408", "FROM debian:12 AS base\nRUN apt-get install -y gcc\nFROM base\nONBUILD RUN pip install x\n\(run)"),
    // DF409: `--from=0` is the first stage unless a stage is named `0`.
    ("DF409", "FROM python:3.11-slim\nRUN python -m venv /venv\nFROM python:3.12-slim\nCOPY --from=0 1️⃣/venv2️⃣ /venv\n"),
    (
      "DF409",
      "FROM python:3.11-slim\nRUN python -m venv /venv\nFROM python:3.12-slim\nCOPY --from=0 /venv /venv\n"
        + "FROM python:3.12 AS 0\n"
    ),
    // DF410: a venv created further down the chain makes an earlier bin/pip a venv install; only the first
    // finding of the chain is reported.
    (
      "DF410",
      "FROM python:3.12-slim AS b\nRUN 1️⃣/opt/v/bin/pip2️⃣ install x\nFROM b\nRUN virtualenv /opt/v\n\(run)"
    ),
    ("DF410", "FROM python:3.12-slim\nRUN 1️⃣uv sync2️⃣\nRUN pip install --user gunicorn\nCMD gunicorn app\n"),
    (
      "DF410",
      "FROM python:3.12-slim AS b\nRUN python -m venv /v\nFROM python:3.12-slim AS base\nENV PATH=/v/bin:$PATH\n"
        + "FROM base\nCOPY --from=b /v /v\n\(run)"
    ),
    // DF411: chmod anywhere in the final chain opens /root; a stage outside the chain does not count.
    ("DF411", "FROM python:3.12-slim AS base\nRUN pip install --user x\nFROM base\nRUN chmod 755 /root\nUSER app\n"),
    ("DF411", "FROM python:3.12-slim AS a\nRUN pip install --user x\nUSER app\nFROM python:3.12-slim\nUSER app\n"),
    (
      "DF411",
      "FROM python:3.12-slim AS base\nRUN pip install 1️⃣--user2️⃣ x\nFROM base\nRUN pip install --user y\nUSER app\n"
    ),
    // DF412: ENV inherited from a stage named in FROM counts; from another stage, not.
    ("DF412", "FROM python:3.12-slim AS base\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nFROM base\n\(run)"),
    (
      "DF412",
      "FROM python:3.12-slim AS a\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nFROM 1️⃣python:3.12-slim2️⃣\n\(run)"
    ),
  ]

  @Test(arguments: cases)
  func findings(_ code: String, _ source: String) { expectPythonFindings(code, source) }
}
