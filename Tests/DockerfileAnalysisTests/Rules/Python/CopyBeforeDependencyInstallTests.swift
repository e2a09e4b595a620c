// DF403 copy-before-dependency-install.
import Testing

@testable import DockerfileAnalysis

@Suite("DF403 copy-before-dependency-install")
struct CopyBeforeDependencyInstallTests {
  static let fires = [
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY 1️⃣.2️⃣ .\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12-slim\nADD 1️⃣.2️⃣ /app\nWORKDIR /app\nRUN poetry install --no-interaction\n",
    "FROM python:3.12-slim\nCOPY 1️⃣src2️⃣ src\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12-slim\nCOPY 1️⃣./2️⃣ /app/\nRUN python -m pip install --no-cache-dir -r /app/requirements.txt\n",
    "FROM python:3.12-slim\nCOPY --chown=app:app 1️⃣.2️⃣ .\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n",
    "FROM python:3.12-slim\nCOPY 1️⃣kserve2️⃣ kserve\nRUN pip install ./kserve\n",
    "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY 1️⃣.2️⃣ .\n"
      + "RUN pip install -r requirements-dev.txt\n",
    "FROM python:3.12-slim\nENV REQ=/app/requirements.txt\nCOPY 1️⃣.2️⃣ /app\nRUN pip install -r $REQ\n",
    "FROM python:3.12-slim\nCOPY 1️⃣main.py src2️⃣ ./\nRUN pip install -e .\n",
    "FROM python:3.12-slim AS a\nCOPY 1️⃣.2️⃣ .\nRUN pip install .\nFROM python:3.12-slim\nCOPY 3️⃣.4️⃣ .\n"
      + "RUN pipenv install --system --deploy\n",
    "FROM python:3.12-slim\nCOPY 1️⃣.2️⃣ .\nRUN pip install \".[dev]\"\n",
    "FROM python:3.12-slim\nCOPY 1️⃣.2️⃣ .\nRUN pip install .[dev] && pip install -r requirements.txt\n",
    "FROM python:3.12-slim\nCOPY 1️⃣.2️⃣ .\nRUN pdm install --prod\n",
    "FROM python:3.12-slim\nCOPY 1️⃣*2️⃣ ./\nRUN pip wheel --wheel-dir /wheels -r requirements.txt\n",
  ]

  static let silent = [
    "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n"
      + "RUN pip install --no-deps .\n",
    "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN pip install -e .\n",
    "FROM python:3.12-slim\nRUN --mount=type=bind,source=uv.lock,target=uv.lock \\\n"
      + "    --mount=type=bind,source=pyproject.toml,target=pyproject.toml uv sync --no-install-project\n"
      + "COPY . /app\nRUN uv sync --locked\n",
    "FROM python:3.12-slim\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\nCOPY . .\n"
      + "RUN poetry install --only-root\n",
    "FROM python:3.12-slim\nCOPY . .\nRUN pip install flask gunicorn\n",
    "FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-deps -e .\n",
    "FROM python:3.12-slim\nCOPY . .\nRUN pip install /wheels/*.whl && pip install dist/app-1.0.tar.gz\n",
    "FROM python:3.12-slim AS src\nCOPY . /src\nFROM python:3.12-slim\nRUN pip install -r /requirements.txt\n",
    "FROM python:3.12-slim AS build\nCOPY . .\nFROM python:3.12-slim\nCOPY --from=build . .\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12-slim AS deps\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nFROM deps\nCOPY . .\n"
      + "RUN pip install .\n",
    "FROM python:3.12-slim\nCOPY . .\nONBUILD RUN pip install -r requirements.txt\n",
    "FROM python:3.12-slim\nCOPY config/ /etc/app/\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12-slim\nRUN pip install -r requirements.txt\nCOPY . .\n",
    "FROM python:3.12-slim\nCOPY $SRC .\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12-slim\nCOPY . .\nRUN pip install -r $UNKNOWN\n",
    "FROM python:3.12-slim\nCOPY . .\nRUN pipenv install requests\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF403", source) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF403", source) }

  @Test func messageNamesTheInstall() {
    let messages = pythonMessages("DF403", "FROM python:3.12-slim\nCOPY . .\n\nRUN pip install -r requirements.txt\n")
    #expect(
      messages == [
        "`COPY . .` comes before `pip install -r requirements.txt` in the same stage, so every source edit reinstalls the "
          + "dependencies; copy requirements.txt first and install from it before copying the rest"
      ])
    let uv = pythonMessages("DF403", "FROM python:3.12-slim\nCOPY . .\nRUN uv sync\n")
    #expect(uv.first?.hasSuffix("run `uv sync --no-install-project` before copying the rest") == true)
  }
}

extension CopyBeforeDependencyInstallTests {
  @Test func readsUvPipSyncOperands() {
    expectPythonFindings("DF403", "FROM python:3.12-slim\nCOPY 1️⃣.2️⃣ .\nRUN uv pip sync --system requirements.txt\n")
    expectPythonFindings(
      "DF403",
      "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN uv pip sync requirements.txt\nCOPY . .\n"
        + "RUN uv pip sync requirements.txt\n")
  }
}

extension CopyBeforeDependencyInstallTests {
  /// What stages built on stages installed (through variables too), and copies blamed by later installs.
  static let stageFixtures = [
    "ARG B=deps\nFROM python:3.12-slim AS deps\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
      + "FROM ${B}\nCOPY . .\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12-slim AS deps\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nFROM deps AS mid\n"
      + "FROM mid\nCOPY . .\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12-slim AS deps\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nFROM deps\n"
      + "COPY 1️⃣.2️⃣ .\nRUN pip install -r dev.txt\n",
    "FROM python:3.12-slim\nCOPY 1️⃣.2️⃣ .\nRUN pip install -r requirements.txt\nCOPY 3️⃣src4️⃣ src\n"
      + "RUN pip install -r dev.txt\n",
    "FROM python:3.12-slim\nCOPY 1️⃣.2️⃣ .\nCOPY 3️⃣src4️⃣ src\nRUN pip install -r requirements.txt\n"
      + "RUN pip install -r dev.txt\n",
    "FROM python:3.12-slim AS a\nCOPY . .\nFROM python:3.12-slim\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12-slim\nENV R=requirements.txt\nARG R\nCOPY . .\nRUN pip install -r $R\n",
    "FROM python:3.12-slim AS a\nENV R=requirements.txt\nFROM a\nCOPY 1️⃣.2️⃣ .\nRUN pip install -r ${R}\n",
  ]

  @Test(arguments: stageFixtures)
  func followsStages(_ source: String) { expectPythonFindings("DF403", source) }

  @Test func blamesACopyOfTwoDirectoriesOncePerInstall() {
    let messages = pythonMessages(
      "DF403", "FROM python:3.12-slim\nCOPY pkg lib2 ./\nRUN pip install ./pkg\nRUN pip install ./lib2\n")
    #expect(messages.count == 2)
    #expect(messages.allSatisfy { $0.hasPrefix("`COPY pkg lib2 ./` comes before `pip install ./") })
  }
}
