// DF407 alpine-compiled-wheels.
import Testing

@testable import DockerfileAnalysis

@Suite("DF407 alpine-compiled-wheels")
struct AlpineCompiledWheelsTests {
  static let fires = [
    "FROM python:3.12-alpine\nRUN pip install --no-cache-dir 1️⃣pyarrow==17.02️⃣\n",
    "FROM alpine:3.20\nRUN apk add --no-cache python3 py3-pip\nRUN pip install 1️⃣torch2️⃣\n",
    "FROM python:3.12-alpine\nRUN apk add --no-cache 1️⃣gcc2️⃣ musl-dev\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12-alpine\nRUN pip install 1️⃣numpy==1.21.02️⃣ 3️⃣Pillow==8.4.04️⃣\n",
    "FROM python:3.12-alpine\nONBUILD RUN pip install 1️⃣pyarrow2️⃣\n",
    "FROM python:3.12-alpine AS base\nFROM base\nRUN python3 -m pip install 1️⃣opencv_python2️⃣\n",
    "FROM python:3.12-alpine AS build\nRUN apk add --virtual .deps 1️⃣build-base2️⃣ && pip wheel -w /w -r r.txt\n"
      + "FROM python:3.12-slim\n",
    "ARG PY=3.12-alpine\nFROM python:${PY}\nRUN uv pip install --system 1️⃣numba2️⃣\n",
  ]

  static let silent = [
    "FROM python:3.12-slim\nRUN pip install pyarrow\n",
    "FROM python:3.12-alpine\nRUN pip install numpy pillow==10.4.0 cryptography lxml\n",
    "FROM python:3.12-alpine\nRUN pip install numpy==1.26.4\n",
    "FROM python:3.12-alpine\nRUN apk add --no-cache gcc musl-dev\n",
    "FROM alpine:3.20\nRUN apk add --no-cache gcc\nRUN pip install pyarrow\n",
    "FROM python:3.12-alpine\nRUN pip install pyarrow-hotfix\n",
    "FROM python:3.12-alpine\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12-alpine AS a\nRUN apk add gcc\nFROM python:3.12-slim\nRUN pip install x\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF407", source) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF407", source) }

  @Test func namesTheFirstMuslRelease() {
    #expect(
      pythonMessages("DF407", "FROM python:3.12-alpine\nRUN pip install numpy==1.24.0\n").first?.hasPrefix(
        "`numpy` has no musllinux wheel before 1.25.0,") == true)
  }
}

extension AlpineCompiledWheelsTests {
  /// Findings that later instructions decide: Python from apk after the install, a compiler before the installs,
  /// and what stages inherit from the stages they build on (but not the other way round).
  static let laterFixtures = [
    "FROM alpine:3.20\nRUN pip install 1️⃣pyarrow2️⃣\nRUN apk add python3\n",
    "FROM alpine:3.20\nRUN apk add 1️⃣gcc2️⃣\nRUN apk add python3\nRUN pip install x\n",
    "FROM python:3.12-alpine\nRUN apk add 1️⃣build-base2️⃣\nRUN apk add gcc\nRUN pip install x\n",
    "FROM alpine:3.20 AS a\nRUN apk add python3 && pip install x\nFROM a\nRUN apk add 1️⃣gcc2️⃣\n",
    "FROM alpine:3.20 AS a\nRUN apk add gcc\nFROM a\nRUN apk add python3\nRUN pip install 1️⃣torch2️⃣\n",
    "FROM python:3.12-alpine AS a\nRUN apk add gcc\nFROM a\nRUN pip install x\n",
    "FROM alpine:3.20\nONBUILD RUN apk add python3\nRUN apk add gcc\nRUN pip install torch\n",
    "FROM alpine:3.20\nRUN apk add gcc\nFROM python:3.12-slim\nRUN apk add python3 && pip install torch\n",
  ]

  @Test(arguments: laterFixtures)
  func decidesAtTheEndOfTheStage(_ source: String) { expectPythonFindings("DF407", source) }
}
