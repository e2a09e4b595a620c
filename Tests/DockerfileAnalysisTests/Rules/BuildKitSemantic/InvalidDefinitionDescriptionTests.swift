// DF220 invalid-definition-description (experimental, off by default): description comments above named stages
// and ARGs (exact ranges between 1️⃣ and 2️⃣, and 3️⃣ and 4️⃣), with BuildKit's messages.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF220 invalid-definition-description")
struct InvalidDefinitionDescriptionTests {
  static let fires = [
    "# bar this is the bar\nARG 1️⃣foo2️⃣=bar\n# BasE this is the BasE image\nFROM scratch AS 3️⃣base4️⃣\n",
    "FROM scratch\n# definitely a bad comment\n1️⃣ARG2️⃣ foo=baz bar=qux baz=quux\n",
    // Only the last comment of the block counts; blank lines do not end the block.
    "# version the version\n# something else\nARG 1️⃣version2️⃣\n",
    "# a comment\n\nARG 1️⃣version2️⃣=1\n",
    // The stage name is compared lower-cased.
    "# Build the app\nFROM alpine AS 1️⃣Build2️⃣\n",
  ]

  static let silent = [
    "# check=skip=all;experimental=InvalidDefinitionDescription\n# foo this is the foo\nARG foo=bar\n\n"
      + "# base this is the base image\nFROM scratch AS base\n\n# version this is the version number\n"
      + "ARG version=latest\n\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n\n"
      + "# comment for something other than ARG or FROM\nCOPY Dockerfile .\n",
    "# version\nARG version\n",
    "# bar and more\nARG foo=1 bar=2\n",
    "# the image\nFROM alpine\n",
    "# base stage\nFROM alpine AS base\n",
    "ARG foo\n# comment\n#\nARG bar\n",
    "# a note\nRUN true\nARG x\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF220", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF220", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func messagesFollowBuildKit() {
    #expect(
      findingMessages("DF220", in: "# x\nARG foo\n# y\nARG a b\n# z\nFROM scratch AS Base\n") == [
        "Comment for ARG should follow the format: `# foo <description>`",
        "Comment for ARG should follow the format: `# <arg_key> <description>`",
        "Comment for FROM should follow the format: `# base <description>`",
      ])
  }

  @Test func offByDefault() {
    let tree = SyntaxTree("# x\nARG foo\n")
    #expect(!analyze(tree).contains { $0.code == "DF220" })
    // BuildKit runs the check when the check options list it under `experimental=`, even with skip=all.
    let withDirective = SyntaxTree("# check=skip=all;experimental=InvalidDefinitionDescription\n# x\nARG foo\n")
    #expect(analyze(withDirective).contains { $0.code == "DF220" })
    var options = AnalysisOptions()
    options.disabled = ["DF220"]
    #expect(!analyze(withDirective, options: options).contains { $0.code == "DF220" })
  }
}
