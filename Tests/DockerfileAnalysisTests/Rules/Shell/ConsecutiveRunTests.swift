// DF658 consecutive-run: sources that must be reported (exact ranges between 1️⃣ and 2️⃣, 3️⃣ and 4️⃣) and
// sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF658 consecutive-run")
struct ConsecutiveRunTests {
  static let fires = [
    "RUN /foo.sh\n1️⃣RUN2️⃣ /bar.sh\n",
    "FROM debian:12\nRUN /foo.sh\n# a comment\n\n# another\n1️⃣run2️⃣ /bar.sh\n",
    "FROM debian:12\nRUN a\n1️⃣RUN2️⃣ b\n3️⃣RUN4️⃣ c\n",
    "FROM debian:12\nRUN a && b\nRUN c\n1️⃣RUN2️⃣ d\n",
    "FROM debian:12\nRUN --mount=type=secret,id=foo /foo.sh\n1️⃣RUN2️⃣ --mount=id=foo,type=secret /bar.sh\n",
    // Commands inside `sh -c '...'` are not counted.
    "FROM debian:12\nRUN sh -c 'a && b'\n1️⃣RUN2️⃣ c\n",
  ]

  static let silent = [
    "FROM debian:12\n",
    "RUN /foo.sh\n",
    "RUN /foo.sh\nWORKDIR /\nRUN /bar.sh\n",
    "FROM debian:12\nRUN a\nONBUILD RUN b\nRUN c\n",
    "FROM debian:12\nRUN --mount=type=secret,id=foo /foo.sh\nRUN /bar.sh\n",
    "FROM debian:12\nRUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=bar /bar.sh\n",
    "FROM debian:12\nRUN --network=none a\nRUN b\n",
    "FROM debian:12\nRUN foo && bar\nRUN foobar\n",
    "FROM debian:12\nRUN foo; bar\nRUN foobar\n",
    "FROM debian:12\nRUN foobar\nRUN foo | bar\n",
    "FROM debian:12\nRUN echo $(date)\nRUN foobar\n",
    "FROM debian:12\nRUN a\nFROM debian:12\nRUN b\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF658", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF658", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func offByDefault() {
    #expect(!analyze(SyntaxTree("FROM debian:12\nRUN a\nRUN b\n")).contains { $0.code == "DF658" })
  }
}
