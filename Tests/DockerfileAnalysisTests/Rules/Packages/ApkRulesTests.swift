// DF605 and DF606, the apk rules: sources that must be reported (the exact range between 1️⃣ and 2️⃣, a second
// finding between 3️⃣ and 4️⃣) and sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF605 apk-pin-versions")
struct ApkPinVersionsTests {
  static let fires = [
    "FROM alpine:3.20\nRUN apk add --no-cache 1️⃣curl2️⃣\n",
    "FROM alpine:3.20\nRUN apk add --no-cache flex=2.6.4-r1 1️⃣libffi2️⃣ python3=3.12.3-r0\n",
    "FROM alpine:3.20\nONBUILD RUN apk add 1️⃣curl2️⃣\n",
    "FROM alpine:3.20\nRUN apk add --virtual .build-deps 1️⃣gcc2️⃣\n",
    "FROM alpine:3.20\nRUN apk add -t .build-deps 1️⃣gcc2️⃣\n",
    "FROM alpine:3.20\nRUN apk add -X https://dl-cdn.alpinelinux.org/alpine/edge/testing 1️⃣flow2️⃣\n",
    // An unquoted `>` is a redirection.
    "FROM alpine:3.20\nRUN apk add 1️⃣curl2️⃣>8\n",
    "FROM alpine:3.20\nRUN apk add 1️⃣a2️⃣\nRUN apk add 3️⃣b4️⃣\n",
  ]

  static let silent = [
    "FROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0 git~2.45 \"python3>=3.12\" musl\\<2\n",
    "FROM alpine:3.20\nRUN apk add --no-cache ./local-1.0.apk\n",
    "FROM alpine:3.20\nRUN apk add --repository=https://example.com/alpine flow=0.78.0-r0\n",
    "FROM alpine:3.20\nRUN apk add --virtual .deps gcc=13.2.1-r0 && apk del .deps\n",
    "FROM alpine:3.20\nRUN apk update && apk upgrade\n",
    "FROM alpine:3.20\nRUN sudo apk add curl\n",
    "FROM alpine:3.20\nRUN sh -c 'apk add curl'\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF605", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF605", source) }
}

@Suite("DF606 apk-no-cache")
struct ApkNoCacheTests {
  static let fires = [
    "FROM alpine:3.20\nRUN 1️⃣apk add2️⃣ curl=8\n",
    "FROM alpine:3.20\nRUN 1️⃣apk --update add2️⃣ curl=8\n",
    "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/foo 1️⃣apk add2️⃣ -U curl=8\n",
    "FROM alpine:3.20\nRUN --mount=type=bind,target=/var/cache/apk 1️⃣apk add2️⃣ curl=8\n",
    "FROM alpine:3.20\nONBUILD RUN 1️⃣apk add2️⃣ curl=8\n",
    "FROM alpine:3.20\nRUN apk add --no-cache a=1 && 1️⃣apk add2️⃣ b=1\nRUN 3️⃣apk add4️⃣ c=1\n",
  ]

  static let silent = [
    "FROM alpine:3.20\nRUN apk add --no-cache curl=8\n",
    "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl=8\n",
    "FROM alpine:3.20\nRUN --mount=type=tmpfs,target=/var/cache/apk apk add curl=8\n",
    "FROM alpine:3.20\nONBUILD RUN --mount=type=cache,target=/var/cache/apk apk add curl=8\n",
    "FROM alpine:3.20\nRUN apk update && apk del curl\n",
    "FROM alpine:3.20\nRUN sudo apk add curl=8\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF606", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF606", source) }
}
