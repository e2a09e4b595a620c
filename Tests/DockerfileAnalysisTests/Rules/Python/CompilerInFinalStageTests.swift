// DF408 compiler-in-final-stage.
import Testing

@testable import DockerfileAnalysis

@Suite("DF408 compiler-in-final-stage")
struct CompilerInFinalStageTests {
  static let run = "CMD [\"python\", \"app.py\"]\n"

  static let fires = [
    "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y 1️⃣gcc2️⃣ && rm -rf /var/lib/apt/lists/*\n\(run)",
    "FROM python:3.12-alpine\nRUN apk add --no-cache 1️⃣build-base2️⃣ libffi-dev\n\(run)",
    "FROM python:3.12-slim AS base\nRUN apt-get install -y --no-install-recommends 1️⃣libpq-dev2️⃣\nFROM base\n\(run)",
    "FROM python:3.12-slim\nRUN apt-get install -y gcc 1️⃣libpq-dev2️⃣ && pip install x && apt-get purge -y gcc\n\(run)",
    "FROM rockylinux:9\nRUN dnf install -y python3-pip 1️⃣gcc-c++2️⃣ && pip3 install x\n\(run)",
    "FROM python:3.12-slim\nRUN apt-get install -y 1️⃣gcc-12=12.2.0-142️⃣\n\(run)",
    "FROM python:3.12-slim\nRUN apt-get install -y 1️⃣build-essential2️⃣\nRUN apt-get install -y 3️⃣python3-dev4️⃣\n\(run)",
    "FROM python:3.12-slim\nRUN sudo apt-get -o Dpkg::Options::=--force-confnew install -y 1️⃣clang2️⃣\n\(run)",
  ]

  static let silent = [
    "FROM python:3.12-slim AS build\nRUN apt-get install -y gcc\nFROM python:3.12-slim\n\(run)",
    "FROM python:3.12-alpine\nRUN apk add --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps\n\(run)",
    "FROM python:3.12-alpine\nRUN apk add -t .build-deps gcc && pip install x && apk del --purge .build-deps\n\(run)",
    "FROM python:3.12-slim\nRUN apt-get install -y gcc && pip install x && apt-get purge -y --auto-remove gcc\n\(run)",
    "FROM python:3.12-slim\nRUN apt-get install -y $BUILD_DEPS gcc && pip install x && apt-get purge -y $BUILD_DEPS\n\(run)",
    "FROM python:3.12-slim\nRUN savedAptMark=\"$(apt-mark showmanual)\" && apt-get install -y gcc && pip install x \\\n"
      + " && apt-mark auto '.*' > /dev/null && apt-mark manual $savedAptMark \\\n"
      + " && apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n\(run)",
    "FROM python:3.12-slim\nRUN apt-get install -y gcc\n",
    "FROM python:3.12-slim\nRUN apt-get install -y gcc\nCMD [\"bash\"]\n",
    "FROM golang:1.23\nRUN apt-get install -y gcc\nCMD [\"app\"]\n",
    "FROM python:3.12-slim\nRUN apt-get install -y libpq5 curl udev\n\(run)",
    "FROM mcr.microsoft.com/devcontainers/python:3.12\nRUN apt-get install -y gcc\n\(run)",
    "FROM python:3.12-windowsservercore\nRUN apt-get install -y gcc\n\(run)",
    "FROM python:3.12-slim\nONBUILD RUN apt-get install -y gcc\n\(run)",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF408", source) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF408", source) }

  @Test func namesThePackagesOnce() {
    let messages = pythonMessages(
      "DF408", "FROM python:3.12-slim\nRUN apt-get install -y gcc g++ libpq-dev libffi-dev curl\n\(Self.run)")
    #expect(
      messages == [
        "`gcc`, `g++` and 2 more build packages stay in the final image; compile in a builder stage and copy the "
          + "result, or remove them in this RUN"
      ])
    let one = pythonMessages("DF408", "FROM python:3.12-slim\nRUN apt-get install -y gcc\n\(Self.run)")
    #expect(one.first?.hasSuffix("remove it in this RUN") == true)
  }
}
