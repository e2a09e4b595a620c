// DF659 yarn-cache-clean: sources that must be reported (exact ranges between 1️⃣ and 2️⃣, 3️⃣ and 4️⃣) and
// sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF659 yarn-cache-clean")
struct YarnCacheCleanTests {
  static let fires = [
    "RUN 1️⃣yarn install2️⃣ foo\n",
    "FROM node:22\nRUN 1️⃣yarn --frozen-lockfile install2️⃣\n",
    "FROM node:22\nRUN yarn cache clean && 1️⃣yarn install2️⃣ foo\n",
    // Cleaning first does not help, whatever the mounts.
    "FROM node:22\nRUN --mount=type=cache,target=/root/.cache/yarn yarn cache clean && 1️⃣yarn install2️⃣\n",
    "FROM node:22\nRUN --mount=type=cache,target=/var/lib/foobar 1️⃣yarn install2️⃣ foobar\n",
    "FROM node:22 AS foo\nRUN hey!\nFROM scratch\nRUN 1️⃣yarn install2️⃣\n",
    // A stage some FROM builds on is reported, wherever that FROM is.
    "FROM node:22 AS foo\nRUN 1️⃣yarn install2️⃣\nFROM foo\nRUN hey!\n",
    "FROM node:22 AS deps\nRUN 1️⃣yarn install2️⃣\nFROM node:22 AS other\nRUN yarn install\nFROM deps\n",
    "FROM node:22 AS a\nRUN 1️⃣yarn install2️⃣\nFROM a AS b\nRUN 3️⃣yarn install4️⃣\n",
    // ONBUILD triggers are a pass without FROM: always reported.
    "FROM node:22 AS foo\nONBUILD RUN 1️⃣yarn install2️⃣ foo\nFROM scratch\nONBUILD RUN hey!\n",
    "FROM node:22 AS foo\nONBUILD RUN 1️⃣yarn install2️⃣\nFROM foo\nONBUILD RUN hey!\n",
  ]

  static let silent = [
    "FROM node:22\nRUN foo\n",
    "FROM node:22\nRUN yarn install bar && yarn cache clean\n",
    "FROM node:22\nRUN --mount=type=cache,target=/root/.cache/yarn yarn install foobar\n",
    "FROM node:22\nRUN --mount=type=tmpfs,target=/usr/local/share/.cache/yarn yarn install\n",
    "FROM node:22\nONBUILD RUN --mount=type=cache,target=/root/.cache/yarn yarn install foobar\n",
    "FROM node:22 AS foo\nRUN yarn install foo\nFROM scratch\nRUN hey!\n",
    "FROM node:22 AS foo\nRUN yarn install && yarn cache clean\nFROM foo\nRUN hey!\n",
    "FROM node:22 AS foo\nONBUILD RUN yarn install && yarn cache clean\nFROM foo\nONBUILD RUN hey!\n",
    "FROM node:22\nRUN npm install && sh -c 'yarn install'\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF659", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF659", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }
}
