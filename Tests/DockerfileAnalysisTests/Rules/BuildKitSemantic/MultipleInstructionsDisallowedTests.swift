// DF219 multiple-instructions-disallowed: the ignored CMD, ENTRYPOINT or HEALTHCHECK is reported (exact ranges
// between 1️⃣ and 2️⃣, and 3️⃣ and 4️⃣), with the later instruction's keyword in the message.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF219 multiple-instructions-disallowed")
struct MultipleInstructionsDisallowedTests {
  static let fires = [
    "FROM scratch\n1️⃣ENTRYPOINT2️⃣ [\"/myapp\"]\nENTRYPOINT [\"/myotherapp\"]\n",
    "FROM scratch\n1️⃣CMD2️⃣ [\"/a\"]\n3️⃣CMD4️⃣ [\"/b\"]\nCMD [\"/c\"]\n",
    "FROM scratch\n1️⃣HEALTHCHECK2️⃣ CMD [\"/a\"]\nHEALTHCHECK NONE\n",
    // Other instructions in between do not matter; each kind is tracked separately.
    "FROM scratch\n1️⃣ENTRYPOINT2️⃣ [\"/a\"]\n3️⃣CMD4️⃣ [\"/a\"]\nCOPY <<EOF /a.txt\nHello\nEOF\nENTRYPOINT [\"/b\"]\nCMD [\"/b\"]\n",
    // The ignored instruction's keyword is blamed as written.
    "FROM scratch\n1️⃣cmd2️⃣ a\nCMD b\n",
  ]

  static let silent = [
    // A stage built on another starts afresh (BuildKit's testMultipleInstructionsDisallowed).
    "FROM scratch AS a\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\n\nFROM a AS b\n"
      + "ENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n",
    "FROM alpine\nONBUILD CMD a\nCMD b\nONBUILD CMD c\n",
    "FROM alpine\nCMD a\nFROM alpine\nCMD b\n",
    "FROM alpine\nCMD a\n# check=skip=MultipleInstructionsDisallowed\nCMD b\n",
    "CMD a\nCMD b\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF219", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF219", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func messageNamesTheLaterKeywordAsWritten() {
    #expect(
      findingMessages("DF219", in: "FROM alpine\nCMD a\ncmd b\n") == [
        "Multiple cmd instructions should not be used in the same stage because only the last one will be used"
      ])
  }

  @Test func onlyTheLaterInstructionsCheckCommentCounts() {
    // BuildKit reads the later CMD's comments only, although the warning is on the earlier CMD.
    let earlier = "FROM alpine\n# check=skip=MultipleInstructionsDisallowed\nCMD a\nCMD b\n"
    #expect(findingMessages("DF219", in: earlier).count == 1)
    let later = "FROM alpine\nCMD a\n# check=skip=MultipleInstructionsDisallowed\nCMD b\n"
    #expect(findingMessages("DF219", in: later).isEmpty)
  }
}
