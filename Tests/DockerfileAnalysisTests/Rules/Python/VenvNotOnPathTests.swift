// DF410 venv-not-on-path.
import Testing

@testable import DockerfileAnalysis

@Suite("DF410 venv-not-on-path")
struct VenvNotOnPathTests {
  static let build = "FROM python:3.12-slim AS build\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install flask\n"

  static let fires = [
    "\(build)FROM python:3.12-slim\nCOPY --from=build 1️⃣/opt/venv2️⃣ /opt/venv\nCMD [\"python\", \"app.py\"]\n",
    "FROM python:3.12-slim\nWORKDIR /app\nRUN 1️⃣uv sync2️⃣ --locked\nCMD [\"python\", \"-m\", \"app\"]\n",
    "FROM python:3.12-slim\nRUN python -m venv /venv && 1️⃣/venv/bin/pip2️⃣ install flask\nCMD [\"python3\", \"app.py\"]\n",
    "FROM python:3.12-slim\nRUN pip install --no-cache-dir 1️⃣--user2️⃣ gunicorn\nCMD [\"gunicorn\", \"app:app\"]\n",
    "FROM python:3.12-slim AS b\nRUN pip install --user gunicorn\nFROM python:3.12-slim\n"
      + "COPY --from=b 1️⃣/root/.local2️⃣ /root/.local\nCMD gunicorn app:app\n",
    "\(build)FROM python:3.12-slim\nCOPY --from=build 1️⃣/opt/venv2️⃣ /opt/venv\n"
      + "ENTRYPOINT [\"tini\", \"--\"]\nCMD [\"python\", \"app.py\"]\n",
    "\(build)FROM python:3.12-slim\nCOPY --from=build 1️⃣/opt/venv2️⃣ /venv\nENV PATH=\"/opt/venv/bin:$PATH\"\n"
      + "CMD [\"uvicorn\", \"app:app\"]\n",
  ]

  static let silent = [
    "\(build)FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"\n"
      + "CMD [\"python\", \"app.py\"]\n",
    "\(build)FROM python:3.12-slim\nENV VIRTUAL_ENV=/opt/venv\nENV PATH=\"$VIRTUAL_ENV/bin:${PATH}\"\n"
      + "COPY --from=build /opt/venv /opt/venv\nCMD [\"python\", \"app.py\"]\n",
    "\(build)FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\nCMD [\"/opt/venv/bin/python\", \"app.py\"]\n",
    "\(build)FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\nCMD [\"./start.sh\"]\n",
    "\(build)FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\nCMD . /opt/venv/bin/activate && python app.py\n",
    "\(build)FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\nENV PYTHONPATH=/opt/venv/lib/python3.12/site-packages\n"
      + "CMD [\"python\", \"app.py\"]\n",
    "\(build)FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\n",
    "FROM python:3.12-slim\nRUN pip install --user flask\nCMD [\"python\", \"app.py\"]\n",
    "FROM python:3.12-slim\nRUN uv sync --locked\nCMD [\"uv\", \"run\", \"app.py\"]\n",
    "FROM python:3.12-slim\nENV UV_PROJECT_ENVIRONMENT=/usr/local\nRUN uv sync\nCMD [\"python\", \"app.py\"]\n",
    "FROM python:3.12-slim\nWORKDIR /app\nENV PATH=\"/app/.venv/bin:$PATH\"\nRUN uv sync\nCMD [\"python\", \"app.py\"]\n",
    "\(build)FROM python:3.12-slim\nCOPY --from=build /app /app\nCMD [\"python\", \"app.py\"]\n",
    "\(build)FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\nENV PATH=$UNKNOWN:$PATH\n"
      + "CMD [\"python\", \"app.py\"]\n",
    "\(build)FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\nCMD [\"nginx\"]\n",
    "\(build)FROM python:3.12-slim AS base\nENV PATH=/opt/venv/bin:$PATH\nFROM base\n"
      + "COPY --from=build /opt/venv /opt/venv\nCMD [\"python\", \"app.py\"]\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF410", source) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF410", source) }

  @Test func suggestsThePathEntry() {
    let messages = pythonMessages(
      "DF410", "\(Self.build)FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\nCMD [\"python\", \"a.py\"]\n"
    )
    #expect(messages.first?.hasSuffix("add ENV PATH=\"/opt/venv/bin:$PATH\"") == true)
  }
}

extension VenvNotOnPathTests {
  static let unknownBases = [
    "FROM continuumio/miniconda3\nRUN /opt/conda/bin/pip install x\nCMD [\"python\", \"app.py\"]\n",
    "FROM python:3.12-slim AS build\nRUN python -m venv /opt/venv\nFROM mycompany/python-base:1\n"
      + "COPY --from=build /opt/venv /opt/venv\nCMD [\"python\", \"app.py\"]\n",
    "FROM python:3.12-slim\nRUN /usr/local/bin/pip install x\nCMD [\"python\", \"app.py\"]\n",
  ]

  @Test(arguments: unknownBases)
  func staysSilentWhenPathIsUnknownOrStandard(_ source: String) { expectPythonFindings("DF410", source) }
}
