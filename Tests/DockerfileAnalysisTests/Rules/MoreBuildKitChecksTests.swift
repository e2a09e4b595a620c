// DF209-DF212: BuildKit's JSONArgsRecommended, WorkdirRelativePath, RedundantTargetPlatform and
// ExposeInvalidFormat, with exact ranges (between 1️⃣ and 2️⃣, 3️⃣ and 4️⃣) and sources that must stay silent.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF209-DF212 BuildKit checks")
struct MoreBuildKitChecksTests {
  static let fires: [(String, String)] = [
    ("DF209", "FROM alpine\nCMD 1️⃣echo hi2️⃣\n"),
    ("DF209", "FROM alpine\nENTRYPOINT 1️⃣['sh', 'x']2️⃣\nSHELL [\"/bin/bash\", \"-c\"]\n"),
    ("DF209", "FROM alpine AS a\nFROM alpine\nSHELL [\"/bin/sh\", \"-c\"]\nFROM a\ncmd 1️⃣x2️⃣\n"),
    ("DF210", "FROM alpine\nWORKDIR 1️⃣app2️⃣\nWORKDIR other\n"),
    ("DF210", "FROM alpine AS a\nRUN true\nFROM a\nWORKDIR 1️⃣./x2️⃣\n"),
    ("DF211", "FROM --platform=1️⃣$TARGETPLATFORM2️⃣ alpine\n"),
    ("DF211", "FROM --platform=1️⃣${TARGETPLATFORM:-linux/amd64}2️⃣ alpine\n"),
    ("DF212", "FROM nginx\nEXPOSE 80 1️⃣8080:802️⃣ 3️⃣127.0.0.1:443:4434️⃣/tcp\n"),
  ]

  static let silent: [(String, String)] = [
    ("DF209", "FROM alpine\nCMD [\"echo\", \"hi\"]\n"),
    ("DF209", "FROM alpine\nSHELL [\"/bin/bash\", \"-c\"]\nCMD echo hi\n"),
    ("DF209", "FROM alpine AS base\nSHELL [\"/bin/bash\", \"-c\"]\nFROM base\nCMD echo hi\n"),
    ("DF209", "FROM alpine\nONBUILD CMD echo hi\nHEALTHCHECK CMD curl -f x\n"),
    ("DF210", "FROM alpine\nWORKDIR /app\nWORKDIR rel\n"),
    ("DF210", "FROM alpine AS a\nWORKDIR /app\nFROM a\nWORKDIR rel\n"),
    ("DF210", "FROM alpine\nWORKDIR $HOME/app\n"),
    ("DF211", "FROM --platform=$BUILDPLATFORM alpine\n"),
    ("DF211", "FROM --platform=$TARGETPLATFORM/x alpine\n"),
    ("DF211", "FROM --platform=${TARGETPLATFORM:+x} alpine\n"),
    ("DF212", "FROM nginx\nEXPOSE 80 443/tcp ${PORT}\n"),
  ]

  func findings(_ code: String, _ bytes: [UInt8]) -> [Range<Int>] {
    analyze(SyntaxTree(bytes)).filter { $0.code == code }.map(\.range)
  }

  @Test func reports() {
    for (code, source) in Self.fires {
      let (bytes, expected) = markedRanges(source)
      var want = expected
      // The DF212 case marks the second word without its `/tcp`.
      if code == "DF212" { want = [expected[0], expected[1].lowerBound..<(expected[1].upperBound + 4)] }
      #expect(findings(code, bytes) == want, "\(code) \(source.debugDescription)")
    }
  }

  @Test func staysSilent() {
    for (code, source) in Self.silent {
      #expect(findings(code, Array(source.utf8)).isEmpty, "\(code) \(source.debugDescription)")
    }
  }

  @Test func messagesUseBuildKitWording() {
    let f = analyze(SyntaxTree("FROM --platform=$TARGETPLATFORM alpine\nWORKDIR app\nCMD x\nEXPOSE 1:2\n"))
    let messages = Dictionary(f.map { ($0.code, $0.message) }, uniquingKeysWith: { a, _ in a })
    #expect(
      messages["DF211"] == "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the "
        + "default behavior")
    #expect(messages["DF210"] == "Relative workdir \"app\" can have unexpected results if the base image changes")
    #expect(
      messages["DF209"] == "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals")
    #expect(messages["DF212"] == "EXPOSE instruction should not define an IP address or host-port mapping, found '1:2'")
  }
}
