// DF214 undefined-arg-in-from, DF215 invalid-default-arg-in-from and DF217 from-platform-flag-const-disallowed:
// the BuildKit checks of FROM lines, with exact ranges (between 1️⃣ and 2️⃣, and 3️⃣ and 4️⃣) and BuildKit's messages.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF214 undefined-arg-in-from")
struct UndefinedArgInFromTests {
  static let fires = [
    "FROM --platform=1️⃣$BULIDPLATFORM2️⃣ scratch\nCOPY Dockerfile .\n",
    "ARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/1️⃣${MYARCH}2️⃣ busybox\n",
    "FROM alpine:1️⃣$TAG2️⃣\n",
    // ARGs inside a stage are not global.
    "FROM alpine\nARG TAG=3.20\nFROM alpine:1️⃣${TAG:-3.19}2️⃣\n",
    // Image and platform are separate words: one finding each.
    "FROM --platform=1️⃣$P2️⃣ alpine:3️⃣$P4️⃣\n",
    // Every form looks the name up, including inside another reference's default.
    "ARG A\nFROM alpine:${A:-1️⃣$B2️⃣}\n",
    // BuildKit's testUndeclaredArg: a name with no close candidate gets no suggestion.
    "ARG tag=latest\nFROM busybox:${tag}1️⃣${version}2️⃣ AS b\n",
    // A global ARG declared after the FROM is not global.
    "FROM 1️⃣$BASE2️⃣\nARG BASE=alpine\n",
  ]

  static let silent = [
    "ARG base=scratch\nFROM $base\nCOPY Dockerfile .\n",
    "ARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\n",
    "ARG DEBUG\nFROM scratch${DEBUG}\n",
    "ARG DEBUG\nFROM scra${DEBUG:-tch}\n",
    "FROM --platform=$BUILDPLATFORM golang AS build\nFROM --platform=${TARGETPLATFORM} alpine\n",
    "FROM alpine:$TARGETARCH-${TARGETVARIANT}\nFROM alpine AS $TARGETSTAGE\n",
    "FROM alpine:'$TAG'\nFROM alpine:\\$TAG\n",
    "FROM alpine AS build\nFROM build\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF214", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF214", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func messagesSuggestDeclaredArgs() {
    #expect(
      findingMessages("DF214", in: "FROM --platform=$BULIDPLATFORM scratch\n") == [
        "FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)"
      ])
    #expect(
      findingMessages("DF214", in: "ARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n")
        == ["FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)"])
    #expect(findingMessages("DF214", in: "FROM alpine:$TAG\n") == ["FROM argument 'TAG' is not declared"])
    #expect(
      findingMessages("DF214", in: "ARG tag=latest\nFROM busybox:${tag}${version} AS b\n") == [
        "FROM argument 'version' is not declared"
      ])
  }
}

@Suite("DF215 invalid-default-arg-in-from")
struct InvalidDefaultArgInFromTests {
  static let fires = [
    "\nARG VERSION\nFROM 1️⃣busybox:$VERSION2️⃣\n",
    "\nARG IMAGE\nFROM 1️⃣$IMAGE2️⃣\n",
    "\nARG SFX=\"box:\"\nFROM 1️⃣busy${SFX}2️⃣\n",
    // Upper case in the repository, a dangling `@`, an invalid tag.
    "ARG NAME=Alpine\nFROM 1️⃣$NAME2️⃣\nFROM 3️⃣alpine@${DIGEST}4️⃣\n",
    "ARG TAG=-bad\nFROM 1️⃣alpine:${TAG}2️⃣\n",
    // BuildKit checks every FROM, with or without variables.
    "FROM 1️⃣Alpine2️⃣\n",
    // A later ARG without a default keeps the earlier default; a default may use earlier ARGs.
    "ARG V=\nARG V\nFROM 1️⃣busybox:$V2️⃣\n",
    "ARG A=\nARG B=${A}\nFROM 1️⃣busybox:$B2️⃣\n",
  ]

  static let silent = [
    "ARG VERSION=\"latest\"\nFROM busybox:${VERSION}\n",
    "\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n\t\n",
    "ARG DEBUG\nFROM scratch${DEBUG}\n",
    "ARG DEBUG\nFROM scra${DEBUG:-tch}\n",
    "ARG DEBUG=\"\"\nFROM scratch${DEBUG-@bogus}\n",
    "ARG V=1.36\nARG V\nFROM busybox:$V\n",
    // Platform arguments depend on the builder: not judged.
    "FROM alpine:$TARGETARCH\n",
    "ARG IMG=alpine:$TARGETARCH\nFROM $IMG\n",
    // Pattern operators are not evaluated.
    "ARG V=3.20.1\nFROM alpine:${V%.*}\n",
    // BuildKit gives up when a default cannot be expanded at all.
    "ARG X=${Y?}\nARG V\nFROM busybox:$V\n",
    "FROM alpine AS base\nFROM base\n",
    "FROM scratch\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF215", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF215", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func messageQuotesTheFromLineAsWritten() {
    #expect(
      findingMessages("DF215", in: "ARG VERSION\nFROM busybox:$VERSION\n") == [
        "Default value for ARG busybox:$VERSION results in empty or invalid base image name"
      ])
  }

  @Test func perInstructionCommentsDoNotApply() {
    // BuildKit runs this check with the file-level options only.
    let source = "ARG V\n# check=skip=InvalidDefaultArgInFrom\nFROM busybox:$V\n"
    #expect(findingMessages("DF215", in: source).count == 1)
    #expect(findingMessages("DF215", in: "# check=skip=InvalidDefaultArgInFrom\nARG V\nFROM busybox:$V\n").isEmpty)
  }
}

@Suite("DF217 from-platform-flag-const-disallowed")
struct FromPlatformFlagConstDisallowedTests {
  static let fires = [
    "\nFROM --platform=1️⃣linux/amd642️⃣ scratch\n",
    "FROM --platform=1️⃣linux/arm64/v82️⃣ alpine AS build\n",
    // A bare OS takes the builder's architecture; a bare architecture the builder's OS.
    "FROM --platform=1️⃣linux2️⃣ alpine\nFROM --platform=3️⃣arm644️⃣ alpine AS x\n",
    // Quotes are removed first.
    "FROM --platform=1️⃣\"linux/amd64\"2️⃣ alpine\n",
    "FROM --platform=1️⃣'windows/amd64'2️⃣ alpine\n",
  ]

  static let silent = [
    "\nFROM --platform=linux/amd64 scratch AS my_amd64_stage\n",
    "\nFROM --platform=linux/amd64 scratch AS linux\n",
    "FROM --platform=linux/x86_64 alpine AS build-amd64\n",
    "FROM --platform=linux/aarch64 alpine AS arm64-tools\n",
    "FROM --platform=$BUILDPLATFORM alpine\n",
    "FROM --platform=linux/${TARGETARCH} alpine\n",
    "ARG P=linux/amd64\nFROM --platform=$P alpine\n",
    // Not a platform: the build fails on it instead.
    "FROM --platform=linux/amd64/v1/x alpine\n",
    "FROM --platform=nonsense alpine\n",
    "FROM --platform=linux/* alpine\n",
    // A quoted or escaped `$` is no variable, and the value is no platform either.
    "FROM --platform='linux/$ARCH' alpine\nFROM --platform=linux/\\$ARCH alpine\n",
    "FROM alpine\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF217", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF217", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func messageQuotesTheValue() {
    #expect(
      findingMessages("DF217", in: "FROM --platform=\"linux/amd64\" scratch\n") == [
        "FROM --platform flag should not use constant value \"linux/amd64\""
      ])
  }
}
