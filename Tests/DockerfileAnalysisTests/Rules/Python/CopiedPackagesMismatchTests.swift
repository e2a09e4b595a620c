// DF409 copied-python-packages-mismatch.
import Testing

@testable import DockerfileAnalysis

@Suite("DF409 copied-python-packages-mismatch")
struct CopiedPackagesMismatchTests {
  static let fires = [
    "FROM python:3.11-slim AS build\nRUN python -m venv /opt/venv\nFROM python:3.12-slim\n"
      + "COPY --from=build 1️⃣/opt/venv2️⃣ /opt/venv\n",
    "FROM python:3.12-alpine AS build\nRUN pip install --user x\nFROM python:3.12-slim\n"
      + "COPY --from=build 1️⃣/root/.local2️⃣ /root/.local\n",
    "FROM python:3.11 AS builder\nRUN pip install --prefix=/install -r r.txt\nFROM python:3.12-slim\n"
      + "COPY --from=builder 1️⃣/install2️⃣ /usr/local\n",
    "FROM ubuntu:24.04 AS b\nFROM python:3.12-slim\n"
      + "COPY --from=b 1️⃣/usr/local/lib/python3.11/site-packages2️⃣ /usr/local/lib/python3.12/site-packages\n",
    "ARG PY=3.11\nFROM python:${PY}-slim AS b\nFROM python:3.12-slim\nCOPY --from=b 1️⃣/app/.venv2️⃣ /app/.venv\n",
    "FROM ghcr.io/astral-sh/uv:python3.11-bookworm-slim AS b\nFROM python:3.12-slim\nCOPY --from=b 1️⃣/venv2️⃣ /venv\n",
    "FROM python:3.12-slim AS b\nENV VIRTUAL_ENV=/srv/env\nFROM gcr.io/distroless/python3-debian12\n"
      + "COPY --from=b 1️⃣/srv/env2️⃣ /srv/env\n",
    "FROM python:3.11-slim AS base\nFROM base AS b\nRUN uv venv /opt/app\nFROM python:3.12-slim\n"
      + "COPY --from=b 1️⃣/opt/app2️⃣ /opt/app\nCOPY --from=b 3️⃣/opt/venv/4️⃣ /opt/venv\n",
  ]

  static let silent = [
    "FROM python:3.12-slim AS build\nRUN python -m venv /opt/venv\nFROM python:3.12-slim\n"
      + "COPY --from=build /opt/venv /opt/venv\n",
    "FROM python:3.12 AS build\nFROM python:3.12.4-slim-bookworm\nCOPY --from=build /opt/venv /opt/venv\n",
    "FROM ubuntu:24.04 AS build\nFROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\n",
    "FROM python:3.11-slim AS build\nFROM python:3.12-slim\nCOPY --from=build /app /app\n",
    "FROM python:3.12-slim\nCOPY --from=python:3.11 /usr/local/lib/python3.11/site-packages /x\n",
    "FROM python:3.11-slim AS build\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=build /opt/venv /opt/venv\n",
    "FROM python:3.11-slim AS build\nFROM ${BASE}\nCOPY --from=build /opt/venv /opt/venv\n",
    "FROM python:3.11-slim AS build\nFROM python:3.12-slim\nCOPY --from=build /opt/$VENV /opt/venv\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF409", source) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF409", source) }

  @Test func messagesNameBothSides() {
    let version = pythonMessages(
      "DF409", "FROM python:3.11-slim AS build\nFROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\n")
    #expect(
      version == [
        "`/opt/venv` holds packages installed by Python 3.11 in stage `build`, but this stage runs Python 3.12; "
          + "build them on the same Python version"
      ])
    let libc = pythonMessages(
      "DF409", "FROM python:3.12-alpine\nFROM python:3.12-slim\nCOPY --from=0 /opt/venv /opt/venv\n")
    #expect(libc.first?.contains("built against musl (Alpine) in stage 0, but this stage uses glibc") == true)
  }
}
