// DF652 no-sudo: sources that must be reported (exact ranges between 1️⃣ and 2️⃣) and sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF652 no-sudo")
struct NoSudoTests {
  static let fires = [
    "FROM debian:12\nRUN 1️⃣sudo2️⃣ apt-get update\n",
    "FROM debian:12\nRUN apt-get update && 1️⃣sudo2️⃣ apt-get install -y x && sudo rm -rf /tmp/x\n",
    "FROM debian:12\nONBUILD RUN 1️⃣sudo2️⃣ make install\n",
    "FROM debian:12\nonbuild run x | 1️⃣sudo2️⃣ tee /etc/x\n",
    "FROM debian:12\nRUN exec 1️⃣sudo2️⃣ -u app make\n",
  ]

  static let silent = [
    "FROM debian:12\nRUN apt-get install sudo\n",
    "FROM debian:12\nONBUILD RUN apt-get install sudo\n",
    "FROM debian:12\nRUN bash -c 'sudo make'\n",
    "FROM debian:12\nRUN [\"sudo\", \"make\"]\n",
    "FROM debian:12\nONBUILD ONBUILD RUN sudo make\n",
    "FROM debian:12\nCMD sudo make\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF652", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF652", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func answersToDL3004() {
    #expect(RuleRegistry.rule("DL3004")?.descriptor.code == "DF652")
    #expect(RuleRegistry.rule("DL3004")?.descriptor.severity == .warning)
  }
}
