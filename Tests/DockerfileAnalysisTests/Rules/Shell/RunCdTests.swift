// DF651 run-cd: sources that must be reported (exact ranges between 1️⃣ and 2️⃣) and sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF651 run-cd")
struct RunCdTests {
  static let fires = [
    "FROM alpine:3.20\nRUN 1️⃣cd2️⃣ /opt && make\n",
    "RUN 1️⃣cd2️⃣ /opt\n",
    "FROM alpine:3.20\nRUN make && (1️⃣cd2️⃣ sub && make) && cd /\n",
    "FROM alpine:3.20\nRUN echo $(1️⃣cd2️⃣ /x && pwd)\n",
    "FROM alpine:3.20\nRUN command 1️⃣cd2️⃣ /opt\n",
    "FROM alpine:3.20\nRUN set -e \\\n  && 1️⃣cd2️⃣ /opt\n",
    "FROM alpine:3.20\nRUN <<EOF\n1️⃣cd2️⃣ /opt\nEOF\n",
  ]

  static let silent = [
    "FROM alpine:3.20\nWORKDIR /opt\n",
    "FROM alpine:3.20\nRUN echo cd /opt\n",
    "FROM alpine:3.20\nRUN sh -c 'cd /opt && make'\n",
    "FROM alpine:3.20\nRUN [\"cd\", \"/opt\"]\n",
    "FROM alpine:3.20\nONBUILD RUN cd /opt\n",
    "FROM alpine:3.20\nRUN $CD /opt\n",
    "FROM alpine:3.20\nRUN command -v cd\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF651", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF651", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func answersToDL3003() {
    #expect(RuleRegistry.rule("DL3003")?.descriptor.code == "DF651")
    #expect(
      findingMessages("DF651", in: "RUN cd /x\n") == [
        "`cd` only lasts until the end of this RUN; use WORKDIR to change the working directory"
      ])
  }
}
