// DF657 wget-progress: sources that must be reported (exact ranges between 1️⃣ and 2️⃣) and sources that must
// not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF657 wget-progress")
struct WgetProgressTests {
  static let fires = [
    "FROM node:22 AS foo\nRUN 1️⃣wget2️⃣ my.xyz\n",
    "FROM node:22 AS foo\nONBUILD RUN 1️⃣wget2️⃣ my.xyz\n",
    "FROM node:22\nRUN 1️⃣wget2️⃣ -O /tmp/x my.xyz && wget other\n",
    "FROM node:22\nRUN curl -O a && 1️⃣wget2️⃣ -c b\n",
  ]

  static let silent = [
    "FROM node:22\nRUN wget --progress=dot:giga my.xyz\n",
    "FROM node:22\nRUN wget -q my.xyz && wget --quiet x\n",
    "FROM node:22\nRUN wget -nv my.xyz && wget --no-verbose x\n",
    "FROM node:22\nRUN wget -qO- my.xyz\n",
    "FROM node:22\nRUN wget -o /tmp/log my.xyz && wget --output-file=/tmp/log x\n",
    "FROM node:22\nRUN wget -a /tmp/log my.xyz && wget --append-output=/tmp/log x\n",
    "FROM node:22\nRUN sh -c 'wget x'\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF657", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF657", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }
}
