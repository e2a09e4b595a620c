// DF301 final-stage-root: sources that must be reported (range between 1️⃣ and 2️⃣) and sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF301 final-stage-root")
struct FinalStageRootTests {
  static let fires = [
    "FROM 1️⃣python:3.12-slim2️⃣\nCOPY . /app\n",
    "FROM python:3.12 AS build\nUSER app\nFROM 1️⃣python:3.12-slim2️⃣\nCOPY --from=build /app /app\n",
    "FROM python:3.12-slim\nUSER app\nUSER 1️⃣root2️⃣\n",
    "FROM python:3.12-slim\nUSER 1️⃣0:02️⃣\n",
    "FROM python:3.12-slim AS base\nUSER 1️⃣root2️⃣\nFROM base\nRUN echo\n",
    "FROM 1️⃣scratch2️⃣\nCOPY app /app\n",
  ]

  static let silent = [
    "FROM python:3.12-slim\nRUN useradd app\nUSER app\n",
    "FROM python:3.12-slim\nUSER 1000:1000\n",
    "FROM python:3.12-slim AS base\nUSER app\nFROM base\nRUN echo\n",
    "FROM python:3.12 AS build\nRUN pip install x\nFROM python:3.12-slim\nUSER nobody\n",
    "ARG RUNTIME_USER=app\nFROM python:3.12-slim\nARG RUNTIME_USER\nUSER $RUNTIME_USER\n",
    "ARG X=1\n",
  ]

  func findings(_ bytes: [UInt8]) -> [Range<Int>] {
    analyze(SyntaxTree(bytes)).filter { $0.code == "DF301" }.map(\.range)
  }

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findings(bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findings(Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }
}
