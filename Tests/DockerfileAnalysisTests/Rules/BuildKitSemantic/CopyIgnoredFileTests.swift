// DF218 copy-ignored-file: COPY/ADD sources that `.dockerignore` excludes (exact ranges between 1️⃣ and 2️⃣, and 3️⃣
// and 4️⃣), with an in-memory build context; sources that are not reported; BuildKit's message.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

/// A source and the `.dockerignore` it is checked against.
struct IgnoredCopyCase: Sendable, CustomTestStringConvertible {
  var dockerignore: String
  var source: String
  var testDescription: String { "\(dockerignore.debugDescription) \(source.debugDescription)" }
}

@Suite("DF218 copy-ignored-file")
struct CopyIgnoredFileTests {
  static let fires = [
    IgnoredCopyCase(
      dockerignore: "\nDockerfile\n", source: "\nFROM scratch\nCOPY 1️⃣Dockerfile2️⃣ .\nADD 3️⃣Dockerfile4️⃣ /windy\n"),
    IgnoredCopyCase(dockerignore: "\n*\n", source: "\nFROM scratch\nCOPY 1️⃣.2️⃣ .\n"),
    IgnoredCopyCase(dockerignore: "**\n", source: "FROM scratch\nCOPY 1️⃣./2️⃣ /app/\n"),
    // A parent directory matches; paths are cleaned first.
    IgnoredCopyCase(dockerignore: "node_modules\n", source: "FROM node\nCOPY 1️⃣./node_modules/x/../y2️⃣ /app/\n"),
    IgnoredCopyCase(dockerignore: "**/*.log\n", source: "FROM alpine\nCOPY 1️⃣logs/app.log2️⃣ 3️⃣a.log4️⃣ /x/\n"),
    IgnoredCopyCase(dockerignore: ".env*\n", source: "FROM alpine\nCOPY [\"1️⃣.env.local2️⃣\", \"/app/\"]\n"),
    // Sources are expanded with the stage's variables.
    IgnoredCopyCase(dockerignore: "secrets\n", source: "FROM alpine\nARG DIR=secrets\nCOPY 1️⃣$DIR/key2️⃣ /x\n"),
    IgnoredCopyCase(
      dockerignore: "build\n", source: "FROM alpine AS a\nENV OUT=build\nFROM a\nCOPY 1️⃣${OUT}/bin2️⃣ /usr/bin/\n"),
  ]

  static let silent = [
    // No patterns, or `!` exceptions: BuildKit does not check.
    IgnoredCopyCase(dockerignore: "", source: "FROM alpine\nCOPY Dockerfile .\n"),
    IgnoredCopyCase(dockerignore: "# only a comment\n", source: "FROM alpine\nCOPY Dockerfile .\n"),
    IgnoredCopyCase(dockerignore: "**\n!Dockerfile\n", source: "FROM scratch\nCOPY ./Dockerfile .\n"),
    IgnoredCopyCase(dockerignore: "**\n!Dockerfile\n", source: "FROM scratch\nCOPY . .\n"),
    // The context root needs a pattern that ignores everything.
    IgnoredCopyCase(dockerignore: "\n.*\n", source: "\nFROM scratch\nCOPY . .\n"),
    // Sources from a stage, URLs, heredocs.
    IgnoredCopyCase(
      dockerignore: "foobar\n",
      source: "FROM scratch AS base\nCOPY Dockerfile /foobar\nFROM base\nCOPY --from=base /foobar /Dockerfile\n"),
    IgnoredCopyCase(dockerignore: "*.tar.gz\n", source: "FROM alpine\nADD https://example.com/x.tar.gz /x/\n"),
    IgnoredCopyCase(dockerignore: "EOF\n", source: "FROM alpine\nCOPY <<EOF /x\nhello\nEOF\n"),
    // Values that are not known are not judged.
    IgnoredCopyCase(dockerignore: "secrets\n", source: "FROM python:3.12\nCOPY $PYTHON_VERSION/x /x\n"),
    IgnoredCopyCase(dockerignore: "Dockerfile\n", source: "FROM alpine\nCOPY Dockerfile2 .\nCOPY src/Dockerfile .\n"),
    // The destination is not a source.
    IgnoredCopyCase(dockerignore: "out\n", source: "FROM alpine\nCOPY app out\n"),
    IgnoredCopyCase(
      dockerignore: "\nDockerfile\n", source: "# check=skip=CopyIgnoredFile\nFROM scratch\nCOPY Dockerfile .\n"),
  ]

  @Test(arguments: fires)
  func reports(_ c: IgnoredCopyCase) {
    let (bytes, expected) = markedRanges(c.source)
    let context = InMemoryBuildContext(dockerignore: c.dockerignore)
    #expect(findingRanges("DF218", in: bytes, buildContext: context) == expected)
  }

  @Test(arguments: silent)
  func staysSilent(_ c: IgnoredCopyCase) {
    let context = InMemoryBuildContext(dockerignore: c.dockerignore)
    #expect(findingRanges("DF218", in: Array(c.source.utf8), buildContext: context).isEmpty)
  }

  @Test func silentWithoutABuildContextOrIgnoreFile() {
    let source = Array("FROM alpine\nCOPY Dockerfile .\n".utf8)
    #expect(findingRanges("DF218", in: source).isEmpty)
    #expect(findingRanges("DF218", in: source, buildContext: InMemoryBuildContext(files: ["Dockerfile"])).isEmpty)
  }

  @Test func messageNamesTheCleanedSource() {
    let tree = SyntaxTree("FROM alpine\nCOPY ./a/../Dockerfile .\nADD . /x\n")
    let findings = analyze(tree, buildContext: InMemoryBuildContext(dockerignore: "*\n")).filter { $0.code == "DF218" }
    #expect(
      findings.map(\.message) == [
        "Attempting to Copy file \"Dockerfile\" that is excluded by .dockerignore",
        "Attempting to Add file \".\" that is excluded by .dockerignore",
      ])
  }
}
