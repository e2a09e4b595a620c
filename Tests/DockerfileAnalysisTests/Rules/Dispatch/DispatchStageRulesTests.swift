// DF017 invalid-stage-name, DF018 invalid-stage-reference, DF019 invalid-onbuild-trigger, DF020 missing-from,
// DF021 instruction-before-from, DF028 invalid-platform, DF029 blank-base-image and DF030
// run-device-unsupported: what BuildKit checks about stages and FROM lines.
import Testing

@testable import DockerfileAnalysis

@Suite("DF017 invalid-stage-name")
struct DF017InvalidStageNameTests {
  @Test(arguments: [
    "FROM golang:1.22 AS 1️⃣1-build2️⃣\n",
    "FROM golang:1.22 as 1️⃣_build2️⃣\nFROM x AS 3️⃣build:dev4️⃣\n",
    "FROM golang:1.22 AS 1️⃣$NAME2️⃣\n",
    "FROM golang:1.22 AS 1️⃣bü2️⃣\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF017", source) }

  @Test(arguments: [
    "FROM golang:1.22 AS build\nFROM x AS Build-2.final_x\nFROM y AS a\n",
    "FROM golang:1.22 AS\nFROM x y z\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF017", source) }

  @Test func message() {
    #expect(
      dispatchMessages("DF017", "FROM x AS 1a\n") == [
        "invalid name for build stage: \"1a\", name can't start with a number or contain symbols"
      ])
  }
}

@Suite("DF018 invalid-stage-reference")
struct DF018InvalidStageReferenceTests {
  @Test(arguments: [
    // The stage itself, by name (case-insensitively) or index.
    "FROM golang:1.22 AS build\nCOPY --from=1️⃣build2️⃣ /src /src\n",
    "FROM golang:1.22 AS build\nCOPY --from=1️⃣BUILD2️⃣ /src /src\n",
    "FROM alpine\nFROM golang:1.22\nCOPY --from=1️⃣12️⃣ /src /src\n",
    "FROM alpine AS a\nRUN --mount=type=bind,1️⃣from=a2️⃣,target=/a true\n",
    // A cycle through a later stage.
    "FROM alpine AS a\nCOPY --from=1️⃣b2️⃣ /x /x\nFROM alpine AS b\nCOPY --from=3️⃣a4️⃣ /y /y\n",
    "FROM alpine AS a\nCOPY --from=1️⃣b2️⃣ /x /x\nFROM a AS b\n",
    // A later stage.
    "FROM alpine AS a\nCOPY --from=1️⃣b2️⃣ /x /x\nFROM alpine AS b\n",
    "FROM alpine AS a\nRUN --mount=type=bind,1️⃣from=b2️⃣,target=/b true\nFROM alpine AS b\n",
    "FROM alpine\nCOPY --from=1️⃣12️⃣ /x /x\nFROM alpine\n",
    // With duplicate names, the last stage of that name is meant.
    "FROM alpine AS x\nFROM alpine AS y\nCOPY --from=1️⃣x2️⃣ /a /a\nFROM alpine AS x\n",
    // No such stage index.
    "FROM alpine\nCOPY --from=1️⃣12️⃣ /x /x\n",
    "FROM alpine\nCOPY --from=1️⃣-12️⃣ /x /x\n",
    "FROM alpine AS a\nFROM alpine\nCOPY --from=nginx /x /x\nCOPY --from=nginx /x /x\nCOPY --from=1️⃣42️⃣ /x /x\n",
    // Variables.
    "FROM alpine\nCOPY --from=1️⃣$IMAGE2️⃣ /x /x\nCOPY --from=3️⃣${STAGE:-build}4️⃣ /y /y\n",
    "FROM alpine\nRUN --mount=type=bind,1️⃣from=$IMAGE2️⃣,target=/x true\n",
    "FROM alpine\nONBUILD COPY --from=1️⃣$IMAGE2️⃣ /x /x\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF018", source) }

  @Test(arguments: [
    "FROM golang:1.22 AS build\nFROM alpine\nCOPY --from=build /src /src\nCOPY --from=0 /a /a\n",
    "FROM alpine\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nCOPY --from=golang /x /x\n",
    "FROM alpine AS a\nFROM a AS b\nFROM b\nCOPY --from=a /x /x\nRUN --mount=type=cache,from=b,target=/c true\n",
    // An image named by COPY --from or a mount counts as a stage index for later numeric references.
    "FROM alpine\nCOPY --from=nginx /x /x\nCOPY --from=1 /x /x\n",
    "FROM alpine\nRUN --mount=type=cache,target=/c true\nCOPY --from=1 /x /x\n",
    // ONBUILD triggers run in the child's stages.
    "FROM alpine AS a\nONBUILD COPY --from=a /x /x\nONBUILD COPY --from=7 /x /x\n",
    // A `$` at the very end of a mount's from is literal.
    "FROM alpine\nRUN --mount=type=bind,from=img$,target=/x true\n",
    "FROM alpine\nCOPY --from= /x /x\nCOPY --from /x /x\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF018", source) }

  @Test func messages() {
    let source = """
      FROM alpine AS a
      COPY --from=a /x /x
      COPY --from=b /x /x
      COPY --from=9 /x /x
      RUN --mount=from=c,target=/m true
      FROM alpine AS b
      COPY --from=$X /x /x
      FROM alpine AS c

      """
    #expect(
      dispatchMessages("DF018", source) == [
        "circular dependency detected on stage: a",
        "cannot copy from stage \"b\", it needs to be defined before current stage \"a\"", "invalid stage index 9",
        "cannot mount from stage \"c\" to \"/m\", stage needs to be defined before current command",
        "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope "
          + "as a workaround",
      ])
  }

  @Test func components() {
    let a = InvalidStageReference.stronglyConnectedComponents([[1], [2], [0], []])
    #expect(a[0] == a[1] && a[1] == a[2] && a[3] != a[0])
    let c = InvalidStageReference.stronglyConnectedComponents([[], [0], [1, 3], [2]])
    #expect(c[2] == c[3] && c[0] != c[1] && c[1] != c[2])
  }
}

@Suite("DF019 invalid-onbuild-trigger")
struct DF019InvalidOnbuildTriggerTests {
  @Test(arguments: [
    "FROM alpine\nONBUILD 1️⃣FROM2️⃣ alpine\n",
    "FROM alpine\nONBUILD 1️⃣maintainer2️⃣ me\n",
    "FROM alpine\nONBUILD 1️⃣ONBUILD2️⃣ RUN true\n",
    "FROM alpine\nonbuild 1️⃣onbuild2️⃣ onbuild RUN true\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF019", source) }

  @Test(arguments: [
    "FROM alpine\nONBUILD RUN true\nONBUILD COPY . /app\nONBUILD ARG X\n",
    "FROM alpine\nONBUILD\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF019", source) }

  @Test func messages() {
    #expect(
      dispatchMessages("DF019", "FROM x\nONBUILD ONBUILD RUN y\nONBUILD from x\n") == [
        "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", "FROM isn't allowed as an ONBUILD trigger",
      ])
  }
}

@Suite("DF020 missing-from")
struct DF020MissingFromTests {
  @Test(arguments: [
    "1️⃣ARG2️⃣ VERSION=3.20\n",
    "# comment\n1️⃣ARG2️⃣ A\nARG B=1\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF020", source) }

  @Test(arguments: [
    "ARG VERSION=3.20\nFROM alpine:${VERSION}\n",
    "",
    "# only a comment\n",
    "RUN true\n",
    "ARG A\nRUNN x\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF020", source) }
}

@Suite("DF021 instruction-before-from")
struct DF021InstructionBeforeFromTests {
  @Test(arguments: [
    "1️⃣ENV2️⃣ APP_HOME=/app\nFROM alpine\n",
    "ARG A=1\n1️⃣LABEL2️⃣ a=b\n3️⃣RUN4️⃣ true\nFROM alpine\n",
    "1️⃣ONBUILD2️⃣ RUN true\nFROM alpine\n",
    "1️⃣RUN2️⃣ true\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF021", source) }

  @Test(arguments: [
    "ARG A=1\nARG B\nFROM alpine\nENV A=1\n",
    "# syntax=docker/dockerfile:1\nFROM alpine\nRUN true\n",
    "RUNN x\nFROM alpine\n",
    "ENV PATH\nFROM alpine\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF021", source) }
}

@Suite("DF028 invalid-platform")
struct DF028InvalidPlatformTests {
  @Test(arguments: [
    "FROM --platform=1️⃣$BUILDPLATORM2️⃣ golang:1.22 AS build\n",
    "ARG MY_ARCH=amd64\nFROM --platform=1️⃣linux/${MYARCH}2️⃣ busybox\n",
    "FROM --platform=1️⃣linux/amd64,linux/arm642️⃣ alpine\n",
    "FROM --platform=1️⃣foo2️⃣ alpine\nFROM --platform=3️⃣linux/arm64/v8/x4️⃣ alpine\n",
    "FROM --platform=1️⃣linux/*2️⃣ alpine\nFROM --platform=3️⃣Linux!4️⃣ alpine\n",
    "FROM --platform=1️⃣${UNSET:-linux/}2️⃣ alpine\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF028", source) }

  @Test(arguments: [
    "FROM --platform=$BUILDPLATFORM golang:1.22\nFROM --platform=${TARGETPLATFORM} alpine\n",
    "FROM --platform=linux/amd64 a\nFROM --platform=linux/arm64/v8 b\nFROM --platform=linux c\n",
    "FROM --platform=amd64 a\nFROM --platform=aarch64 b\nFROM --platform=windows(10.0.17763)/amd64 c\n",
    "FROM --platform=darwin/arm64 a\nFROM --platform=macos b\nFROM --platform=x86_64 c\n",
    "ARG PLATFORM\nFROM --platform=$PLATFORM alpine\n",
    "ARG PLATFORM=linux/amd64\nFROM --platform=${PLATFORM} alpine\n",
    "FROM --platform=${UNSET:-linux/amd64} alpine\nFROM --platform=$TARGETOS/$TARGETARCH alpine\n",
    "FROM --platform= alpine\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF028", source) }

  @Test func messages() {
    #expect(
      dispatchMessages("DF028", "FROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n") == [
        "empty platform value from expression $BULIDPLATFORM (did you mean BUILDPLATFORM?)"
      ])
    #expect(
      dispatchMessages("DF028", "ARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n") == [
        "failed to parse platform linux/${MYARCH}: \"\" is an invalid component of \"linux/\": platform specifier "
          + "component must match \"^[A-Za-z0-9_.-]+$\": invalid argument (did you mean MY_ARCH?)"
      ])
  }
}

@Suite("DF029 blank-base-image")
struct DF029BlankBaseImageTests {
  @Test(arguments: [
    "FROM 1️⃣${BASE_IMAGE}2️⃣\n",
    "FROM 1️⃣$image2️⃣ AS stage\n",
    "FROM alpine\nARG BASE=alpine\nFROM 1️⃣$BASE2️⃣\n",
    "FROM 1️⃣${A:+x}${B#y}2️⃣\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF029", source) }

  @Test(arguments: [
    "ARG BASE_IMAGE=alpine:3.20\nFROM ${BASE_IMAGE}\n",
    "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n",
    "FROM ${BASE:-alpine}\nFROM alpine:${TAG}\nFROM $BUILDOS\n",
    "FROM ${X?unset}\n",
    "FROM $X AS\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF029", source) }
}

@Suite("DF030 run-device-unsupported")
struct DF030RunDeviceUnsupportedTests {
  @Test(arguments: [
    "FROM ubuntu\nRUN 1️⃣--device=nvidia.com/gpu=all2️⃣ nvidia-smi\n",
    "# syntax=docker/dockerfile:1\nFROM ubuntu\nRUN 1️⃣--device=a2️⃣ 3️⃣--device=b4️⃣ true\n",
    "FROM ubuntu\nONBUILD RUN 1️⃣--device=a2️⃣ true\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF030", source) }

  @Test(arguments: [
    "# syntax=docker/dockerfile:1-labs\nFROM ubuntu\nRUN --device=nvidia.com/gpu=all nvidia-smi\n",
    "# syntax=docker/dockerfile:1.14-labs\nFROM ubuntu\nRUN --device=a true\n",
    "# syntax=example.com/my/frontend:1\nFROM ubuntu\nRUN --device=a true\n",
    "FROM ubuntu\nRUN --mount=type=cache,target=/x true\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF030", source) }
}
