// DF661 curl-and-wget: sources that must be reported (exact ranges between 1️⃣ and 2️⃣, 3️⃣ and 4️⃣) and
// sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF661 curl-and-wget")
struct CurlAndWgetTests {
  static let fires = [
    "FROM node:22 AS foo\nRUN wget my.xyz\nRUN 1️⃣curl2️⃣ localhost\n",
    "FROM node:22 AS foo\nRUN 1️⃣wget2️⃣ my.xyz && curl localhost\n",
    "FROM node:22\nRUN wget my.xyz\nRUN 1️⃣curl2️⃣ my.xyz\nRUN echo hello\nRUN 3️⃣wget4️⃣ foo.com\n",
    "FROM node:22\nRUN wget a\nRUN 1️⃣curl2️⃣ b\nFROM scratch\nRUN curl c\n",
    // ONBUILD triggers form their own pass, across the file.
    "FROM node:22\nONBUILD RUN wget a\nFROM node:22\nONBUILD RUN 1️⃣curl2️⃣ b\n",
  ]

  static let silent = [
    "FROM node:22\nRUN wget my.xyz\n",
    "FROM node:22\nRUN wget my.xyz\nFROM scratch\nRUN curl localhost\n",
    "FROM node:22\nRUN wget a\nONBUILD RUN curl b\n",
    "FROM node:22\nRUN wget a && sh -c 'curl b'\n",
    "FROM node:22\nRUN apt-get install -y curl wget\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF661", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF661", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }
}
