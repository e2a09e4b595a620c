// DF404 python-full-base-image, DF405 python-image-latest, DF406 python-floating-tag, and the tag parser they share.
import Testing

@testable import DockerfileAnalysis

@Suite("DF404 python-full-base-image")
struct PythonFullBaseImageTests {
  static let run = "CMD [\"python\", \"app.py\"]\n"

  static let fires = [
    "FROM python:1️⃣3.122️⃣\n\(run)",
    "FROM python:1️⃣3.12.4-bookworm2️⃣ AS base\nFROM base\n\(run)",
    "ARG V=3.12\nFROM 1️⃣python:${V}2️⃣\n\(run)",
    "FROM docker.io/library/python:1️⃣3.13-trixie2️⃣\n\(run)",
    "FROM public.ecr.aws/docker/library/python:1️⃣3.112️⃣\n\(run)",
    "FROM python:3.12-slim AS build\nFROM python:1️⃣3.122️⃣\nENTRYPOINT [\"gunicorn\"]\n",
    "FROM python:1️⃣3.122️⃣@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n\(run)",
  ]

  static let silent = [
    "FROM python:3.12-slim\n\(run)",
    "FROM python:3.12-alpine\n\(run)",
    "FROM python:3.12 AS build\nFROM python:3.12-slim\n\(run)",
    "FROM python:3.12\nRUN pip install x\n",
    "FROM python:3.12\nCMD [\"bash\"]\n",
    "FROM python:3.12\nCMD [\"sleep\", \"infinity\"]\n",
    "FROM python:latest\n\(run)",
    "FROM python:3.12-windowsservercore\n\(run)",
    "FROM ubuntu:24.04\n\(run)",
    "FROM mypython:3.12\n\(run)",
    "FROM python:${UNSET}\n\(run)",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF404", source) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF404", source) }

  @Test func suggestsTheSlimVariant() {
    #expect(
      pythonMessages("DF404", "FROM python:3.12-bookworm\n\(Self.run)") == [
        "`python:3.12-bookworm` is the full Debian image with compilers and headers; the final stage usually needs "
          + "only `python:3.12-slim`"
      ])
  }
}

@Suite("DF405 python-image-latest")
struct PythonImageLatestTests {
  static let fires = [
    "FROM 1️⃣python2️⃣\n",
    "FROM python:1️⃣latest2️⃣\n",
    "FROM python:1️⃣slim-bookworm2️⃣ AS build\nFROM python:3.12-slim\n",
    "FROM docker.io/1️⃣library/python2️⃣ AS a\nFROM python:3.12\n",
    "ARG TAG=alpine\nFROM 1️⃣python:${TAG}2️⃣\n",
    "FROM python:1️⃣alpine2️⃣ AS a\nFROM python:3️⃣slim4️⃣\n",
    "FROM --platform=$BUILDPLATFORM python:1️⃣bookworm2️⃣\n",
  ]

  static let silent = [
    "FROM python:3.12\n",
    "FROM python:3\n",
    "FROM python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
    "FROM pythonx:latest\n",
    "FROM myregistry.example.com/team/python:latest\n",
    "FROM ${IMAGE}\n",
    "FROM python:3.12 AS python\nFROM python\n",
    "FROM scratch\n",
    "",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF405", source) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF405", source) }

  @Test func keepsTheVariantInTheSuggestion() {
    #expect(pythonMessages("DF405", "FROM python:alpine\n").first?.hasSuffix("`python:3.12-alpine`)") == true)
  }
}

@Suite("DF406 python-floating-tag")
struct PythonFloatingTagTests {
  static let fires = [
    "FROM python:1️⃣32️⃣\n",
    "FROM python:1️⃣3-slim2️⃣ AS build\nFROM python:3.12-slim\n",
    "ARG VARIANT=3-bullseye\nFROM 1️⃣python:${VARIANT}2️⃣\n",
    "FROM python:1️⃣3-alpine3.202️⃣ AS a\nFROM python:3️⃣34️⃣\n",
  ]

  static let silent = [
    "FROM python:3.12\n",
    "FROM python:3.12.1-slim\n",
    "FROM python:3-windowsservercore\n",
    "FROM python:3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
    "FROM node:3\n",
    "FROM python:latest\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF406", source) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF406", source) }

  @Test func suggestsAMinorVersionWithTheSameVariant() {
    #expect(
      pythonMessages("DF406", "FROM python:3-slim-bookworm\n") == [
        "`python:3-slim-bookworm` moves to each new minor Python release; name the minor version (for example "
          + "`python:3.12-slim-bookworm`)"
      ])
  }
}

@Suite("Python image tags")
struct PythonTagTests {
  @Test func parsesTheOfficialTagShapes() {
    let tag = PythonTag("3.12.1-slim-bookworm")
    #expect(tag.version == [3, 12, 1] && tag.variant == .slim && tag.versionLength == 6)
    #expect(PythonTag("3-alpine3.20").variant == .alpine)
    #expect(PythonTag("3-alpine3.20").version == [3])
    #expect(PythonTag("latest").variant == .full)
    #expect(PythonTag("latest").version.isEmpty)
    #expect(PythonTag("slim").variant == .slim)
    #expect(PythonTag("3.15-rc-slim").variant == .slim)
    #expect(PythonTag("3.15-rc-slim").minorVersion == PythonVersion(major: 3, minor: 15))
    #expect(PythonTag("3.15.0rc1-alpine").variant == .alpine)
    #expect(PythonTag("3.12-windowsservercore-ltsc2022").variant == .windows)
    #expect(PythonTag("3.12-buster").variant == .full)
    #expect(PythonTag("3.12-onbuild").variant == .full)
    #expect(PythonTag("3.12-weird").variant == .unknown)
    #expect(PythonTag("").variant == .unknown)
    #expect(PythonTag("99999999999999999999").version.count == 1)
  }

  @Test func findsVersionsInOtherImagesTags() {
    #expect(embeddedPythonVersion("python3.12-bookworm-slim") == PythonVersion(major: 3, minor: 12))
    #expect(embeddedPythonVersion("4-python3.9-core-tools") == PythonVersion(major: 3, minor: 9))
    #expect(embeddedPythonVersion("python3") == nil)
    #expect(embeddedPythonVersion("latest") == nil)
  }
}
