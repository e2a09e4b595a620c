// DF660 go-pin-versions: sources that must be reported (exact ranges between 1️⃣ and 2️⃣) and sources that must
// not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF660 go-pin-versions")
struct GoPinVersionsTests {
  static let fires = [
    "FROM golang:1.23\nRUN go install 1️⃣example.com/pkg2️⃣\n",
    "FROM golang:1.23\nRUN go install 1️⃣example.com/pkg@latest2️⃣\n",
    "FROM golang:1.23\nRUN go get -u 1️⃣example.com/pkg@none2️⃣\n",
    "FROM golang:1.23\nRUN go get -tool 1️⃣foobar2️⃣\n",
    "FROM golang:1.23\nRUN go run 1️⃣example.com/pkg2️⃣ arg\n",
    "FROM golang:1.23\nONBUILD RUN go install a.com/x@v1 1️⃣b.com/y2️⃣\n",
    // Once a `go run` has an operand, only `go run` operands are read (as in hadolint).
    "FROM golang:1.23\nRUN go install b.com/y && go run 1️⃣a.com/x2️⃣\n",
  ]

  static let silent = [
    "FROM golang:1.23\nRUN go install example.com/pkg@v1.2.3\n",
    "FROM golang:1.23\nRUN go install . && go install ./cmd/x /go/app ../y\n",
    "FROM golang:1.23\nRUN go get example.com/pkg@v1.2.3\n",
    "FROM golang:1.23\nRUN go run example.com/pkg@v1.2.3 --foo bar baz\n",
    "FROM golang:1.23\nRUN go run example.com/pkg@v1.2.3 -f\n",
    "FROM golang:1.23\nRUN go run ./cmd/gen\n",
    // Deliberate difference: a `.go` file is local.
    "FROM golang:1.23\nRUN go run main.go\n",
    "FROM golang:1.23\nRUN go install b.com/y@v1 && go run gen.go unpinned.example/z\n",
    "FROM golang:1.23\nRUN go build -o /app . && go mod download\n",
    "FROM golang:1.23\nRUN go install\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF660", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF660", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }
}
