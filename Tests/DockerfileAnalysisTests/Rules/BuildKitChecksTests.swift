// DF201–DF208, BuildKit's build checks: sources that must be reported (exact ranges between 1️⃣ and 2️⃣, and
// 3️⃣ and 4️⃣ for a second finding), with BuildKit's messages, and sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

/// One rule's findings for a source: ranges and messages.
func buildKitFindings(_ code: String, _ bytes: [UInt8]) -> [Finding] {
  analyze(SyntaxTree(bytes)).filter { $0.code == code }
}

/// A source that must be reported, with the messages expected at its marked ranges.
struct BuildKitCase: Sendable, CustomTestStringConvertible {
  var code: String
  var source: String
  var messages: [String]
  var testDescription: String { "\(code) \(source.debugDescription)" }
}

@Suite("BuildKit checks")
struct BuildKitChecksTests {
  static let fires: [BuildKitCase] = [
    // DF201 stage-name-casing (corpus testStageName, testWarningsBeforeError).
    BuildKitCase(
      code: "DF201",
      source: "\n# warning\n#\nFROM scratch AS 1️⃣BadStageName2️⃣\n\nFROM scratch as base2\n\nFROM scratch AS base3\n",
      messages: ["Stage name 'BadStageName' should be lowercase"]),
    BuildKitCase(
      code: "DF201", source: "\nFROM scratch AS 1️⃣BadStageName2️⃣\nMAINTAINER me@example.org\nBADCMD\n",
      messages: ["Stage name 'BadStageName' should be lowercase"]),
    BuildKitCase(
      code: "DF201", source: "FROM alpine AS 1️⃣BUILD2️⃣\nFROM alpine AS 3️⃣Test-1.x4️⃣\n",
      messages: ["Stage name 'BUILD' should be lowercase", "Stage name 'Test-1.x' should be lowercase"]),
    // DF202 from-as-casing.
    BuildKitCase(
      code: "DF202",
      source: "\nFROM scratch AS BadStageName\n\nFROM scratch 1️⃣as2️⃣ base2\n\nFROM scratch AS base3\n",
      messages: ["'as' and 'FROM' keywords' casing do not match"]),
    BuildKitCase(
      code: "DF202", source: "from alpine 1️⃣AS2️⃣ a\nfrom alpine 3️⃣As4️⃣ b\n",
      messages: [
        "'AS' and 'from' keywords' casing do not match", "'As' and 'from' keywords' casing do not match",
      ]),
    BuildKitCase(
      code: "DF202", source: "FROM --platform=$BUILDPLATFORM alpine 1️⃣aS2️⃣ a\n",
      messages: ["'aS' and 'FROM' keywords' casing do not match"]),
    // DF203 consistent-instruction-casing (corpus testConsistentInstructionCasing).
    BuildKitCase(
      code: "DF203", source: "\n# warning\n#\n1️⃣From2️⃣ scratch as base\nFROM scratch AS base2\n",
      messages: ["Command 'From' should match the case of the command majority (uppercase)"]),
    BuildKitCase(
      code: "DF203", source: "\nFROM scratch\n# warning\n1️⃣copy2️⃣ Dockerfile /foo\nCOPY Dockerfile /bar\n",
      messages: ["Command 'copy' should match the case of the command majority (uppercase)"]),
    BuildKitCase(
      code: "DF203", source: "\nfrom scratch\n# warning\n1️⃣COPY2️⃣ Dockerfile /foo\ncopy Dockerfile /bar\n",
      messages: ["Command 'COPY' should match the case of the command majority (lowercase)"]),
    BuildKitCase(
      code: "DF203",
      source: "\n#\n1️⃣from2️⃣ scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz\n",
      messages: ["Command 'from' should match the case of the command majority (uppercase)"]),
    BuildKitCase(
      code: "DF203",
      source: "\n#\n1️⃣FROM2️⃣ scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n",
      messages: ["Command 'FROM' should match the case of the command majority (lowercase)"]),
    // Global ARGs are not counted: two lower-case stage keywords against one upper-case one.
    BuildKitCase(
      code: "DF203", source: "ARG A\nARG B\nARG C\nfrom alpine\nrun echo\n1️⃣ONBUILD2️⃣ run echo\n",
      messages: ["Command 'ONBUILD' should match the case of the command majority (lowercase)"]),
    // DF204 duplicate-stage-name.
    BuildKitCase(
      code: "DF204", source: "FROM scratch AS b1\nFROM scratch AS b2\nFROM scratch AS 1️⃣B12️⃣\n",
      messages: ["Duplicate stage name \"b1\", stage names should be unique"]),
    // DF205 reserved-stage-name (corpus testReservedStageName).
    BuildKitCase(
      code: "DF205", source: "\nFROM scratch AS 1️⃣scratch2️⃣\nFROM scratch AS 3️⃣context4️⃣\n",
      messages: [
        "Stage name should not use the same name as reserved stage \"scratch\"",
        "Stage name should not use the same name as reserved stage \"context\"",
      ]),
    BuildKitCase(
      code: "DF205", source: "FROM alpine AS 1️⃣Context2️⃣\n",
      messages: ["Stage name should not use the same name as reserved stage \"context\""]),
    // DF206 maintainer-deprecated (corpus testMaintainerDeprecated).
    BuildKitCase(
      code: "DF206", source: "\nFROM scratch\n1️⃣MAINTAINER2️⃣ me@example.org\n",
      messages: ["Maintainer instruction is deprecated in favor of using label"]),
    BuildKitCase(
      code: "DF206", source: "\nFROM scratch AS BadStageName\n1️⃣MAINTAINER2️⃣ me@example.org\nBADCMD\n",
      messages: ["Maintainer instruction is deprecated in favor of using label"]),
    // DF207 legacy-key-value-format (corpus testLegacyKeyValueFormat, lint mode: every stage).
    BuildKitCase(
      code: "DF207",
      source: "\nFROM scratch AS a\n\nFROM a AS b\nENV 1️⃣testkey value2️⃣\nLABEL 3️⃣key value4️⃣\n\nFROM a AS c\n",
      messages: [
        "\"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
        "\"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format",
      ]),
    BuildKitCase(
      code: "DF207", source: "from alpine\nenv 1️⃣A some value2️⃣\n",
      messages: ["\"env key=value\" should be used instead of legacy \"env key value\" format"]),
    // DF208 expose-proto-casing (corpus testExposeProtoCasing).
    BuildKitCase(
      code: "DF208", source: "\nFROM scratch\nEXPOSE 1️⃣80/TcP2️⃣ 3️⃣8080/TCP4️⃣ 8080/udp\n",
      messages: [
        "Defined protocol '80/TcP' in EXPOSE instruction should be lowercase",
        "Defined protocol '8080/TCP' in EXPOSE instruction should be lowercase",
      ]),
    BuildKitCase(
      code: "DF208", source: "FROM alpine\nEXPOSE 53/udp \\\n  1️⃣53/UDP2️⃣ $PORT/TCP\n",
      messages: ["Defined protocol '53/UDP' in EXPOSE instruction should be lowercase"]),
  ]

  static let silent: [(String, String)] = [
    ("DF201", "\nFROM scratch AS base2\nFROM scratch AS base3\n"),
    ("DF201", "FROM Alpine:3.20\nFROM alpine\n"),
    ("DF201", "FROM alpine AS 1Bad\n"),  // an invalid name is a parse error, not a casing problem
    ("DF202", "\nFROM scratch AS base\nfrom scratch as base2\n"),
    ("DF202", "From scratch as base\nFrOm scratch AS b\n"),  // mixed-case FROM is DF203's business
    ("DF202", "FROM alpine\nfrom alpine\n"),
    ("DF203", "\nfrom scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n"),
    ("DF203", "\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n"),
    ("DF203", "arg V\nFROM alpine\nRUN echo\n"),  // a global ARG is neither counted nor checked
    ("DF203", "FROM alpine\nONBUILD run echo\n"),  // ONBUILD's inner keyword is not checked
    ("DF204", "\nFROM scratch AS b1\nFROM scratch AS b2\n"),
    ("DF204", "FROM alpine\nFROM alpine\n"),
    ("DF205", "\nFROM scratch\nFROM scratch AS a\n"),
    ("DF205", "FROM alpine AS scratch-base\nFROM alpine AS my-context\n"),
    ("DF206", "\nFROM scratch\nLABEL org.opencontainers.image.authors=\"me@example.org\"\n"),
    ("DF206", "FROM scratch\nONBUILD LABEL maintainer=me\n"),
    ("DF207", "\nFROM scratch\nENV testkey=value\nLABEL key=value\n"),
    ("DF207", "FROM scratch\nENV A=1 B=\"two words\"\nONBUILD ENV C d\n"),
    ("DF208", "FROM scratch\nEXPOSE 80 80/tcp 53/udp 9000-9010/sctp\n"),
    ("DF208", "FROM scratch\nEXPOSE ${PORT}/TCP $P\nONBUILD EXPOSE 80/TCP\n"),
  ]

  @Test(arguments: fires)
  func reports(_ c: BuildKitCase) {
    let (bytes, expected) = markedRanges(c.source)
    let findings = buildKitFindings(c.code, bytes)
    #expect(findings.map(\.range) == expected, "\(c.testDescription)")
    #expect(findings.map(\.message) == c.messages, "\(c.testDescription)")
    #expect(findings.allSatisfy { $0.severity == .warning })
  }

  @Test(arguments: silent)
  func staysSilent(_ code: String, _ source: String) {
    #expect(buildKitFindings(code, Array(source.utf8)).isEmpty, "\(code) \(source.debugDescription)")
  }

  /// DF203's candidates keep each keyword's exact text in a few bytes: ASCII casings as a bit set, and
  /// keywords with other characters that BuildKit lower-cases to a letter (the Kelvin sign, a dotted capital I)
  /// through a shared table.
  @Test func casingCandidatesKeepTheKeywordsText() {
    for kind in InstructionKind.allCases where kind != .unknown {
      let name = Array(kind.rawValue.utf8)
      for mask in 0..<min(1 << name.count, 300) {
        var text = name
        for k in text.indices where mask & (1 << k) != 0 { text[k] -= 0x20 }
        let key = ConsistentInstructionCasing.CandidateKey(
          text, kind: kind, casing: ConsistentInstructionCasing.casing(of: text))
        #expect(key.keyword == String(decoding: text, as: UTF8.self))
        #expect(key.unusual == 0)
      }
    }
    for unusual in ["WOR\u{212A}DIR", "wor\u{212A}dir", "ENTRYPO\u{130}NT", "WORKDİR"] {
      let key = ConsistentInstructionCasing.CandidateKey(Array(unusual.utf8), kind: .workdir, casing: .mixed)
      #expect(key.keyword == unusual && key.unusual != 0)
    }
    // End to end: BuildKit reads `wor\u{212A}dir` as WORKDIR, and the message quotes it as written.
    let findings = analyze(SyntaxTree("FROM scratch\nRUN a\nRUN b\nwor\u{212A}dir /c\n")).filter { $0.code == "DF203" }
    #expect(
      findings.map(\.message) == ["Command 'wor\u{212A}dir' should match the case of the command majority (uppercase)"])
  }

  @Test func answersToBuildKitNames() {
    let names = [
      ("DF201", "StageNameCasing"), ("DF202", "FromAsCasing"), ("DF203", "ConsistentInstructionCasing"),
      ("DF204", "DuplicateStageName"), ("DF205", "ReservedStageName"), ("DF206", "MaintainerDeprecated"),
      ("DF207", "LegacyKeyValueFormat"), ("DF208", "ExposeProtoCasing"),
    ]
    for (code, alias) in names {
      #expect(RuleRegistry.rule(alias)?.descriptor.code == code)
      #expect(RuleRegistry.rule(alias.lowercased())?.descriptor.code == code)
    }
    var options = AnalysisOptions()
    options.disabled = ["maintainerdeprecated"]
    #expect(!analyze(SyntaxTree("FROM x\nMAINTAINER me\n"), options: options).contains { $0.code == "DF206" })
  }
}
