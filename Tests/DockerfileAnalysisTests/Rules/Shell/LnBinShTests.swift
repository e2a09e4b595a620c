// DF662 ln-bin-sh: sources that must be reported (exact ranges between 1️⃣ and 2️⃣) and sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF662 ln-bin-sh")
struct LnBinShTests {
  static let fires = [
    "FROM debian:12\nRUN ln -sfv /bin/bash 1️⃣/bin/sh2️⃣\n",
    "FROM debian:12\nONBUILD RUN ln -sf /bin/bash 1️⃣/bin/sh2️⃣\n",
    "FROM debian:12\nRUN rm /bin/sh && ln -s /bin/bash 1️⃣\"/bin/sh\"2️⃣\n",
  ]

  static let silent = [
    "FROM debian:12\nRUN ln -sf /bin/true /sbin/initctl\n",
    "FROM debian:12\nRUN ln -s foo bar && unrelated && something_with /bin/sh\n",
    "FROM debian:12\nRUN ln -s /bin/bash /bin/sh.bak\n",
    "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF662", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF662", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }
}
