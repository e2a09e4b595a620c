// The instruction family as a whole: codes, aliases and defaults, documentation examples (the bad one fires,
// the good one is clean under every default rule), the DL4000 alias on DF206, and robustness on odd input.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

@Suite("Instruction rules family")
struct InstructionRulesFamilyTests {
  /// The settings the documentation examples assume (DF512 needs trusted registries to do anything).
  static let exampleSettings = RuleSettings(trustedRegistries: ["registry.example.com"])

  /// The rules that are off by default, each because a default rule covers the mistake or it is opinionated.
  static let offByDefault: Set<String> = [
    "DF501", "DF502", "DF505", "DF509", "DF510", "DF511", "DF514", "DF518", "DF519", "DF520", "DF522", "DF523",
    "DF521", "DF525", "DF526",
  ]

  static func findings(_ source: String, enabling codes: Set<String>) -> [Finding] {
    var options = AnalysisOptions()
    options.enabled = codes
    if codes.contains("DF512") { options.settings = exampleSettings }
    return analyze(SyntaxTree(Array(source.utf8)), options: options)
  }

  @Test func codesAreInOrderAndAnswerToTheirDLCode() {
    let descriptors = InstructionRules.all.map(\.descriptor)
    #expect(descriptors.map(\.code) == (501...526).map { "DF\($0)" })
    for d in descriptors {
      #expect(d.aliases.count == 1 && d.aliases[0].hasPrefix("DL"), "\(d.code)")
      #expect(RuleRegistry.rule(d.aliases[0])?.descriptor.code == d.code, "\(d.code)")
      #expect(d.enabledByDefault == !Self.offByDefault.contains(d.code), "\(d.code)")
    }
    #expect(RuleRegistry.rule("DL4000")?.descriptor.code == "DF206")
  }

  @Test(arguments: InstructionRules.all.map(\.descriptor.code))
  func badExampleFiresAndGoodExampleIsClean(_ code: String) {
    let d = RuleRegistry.rule(code)!.descriptor
    #expect(Self.findings(d.documentation.bad, enabling: [code]).contains { $0.code == code }, "\(code) bad example")
    let good = Self.findings(d.documentation.good, enabling: [code])
    #expect(good.isEmpty, "\(code) good example: \(good.map { "\($0.code) \($0.message)" })")
  }

  @Test func maintainerIsReportedOnceUnderDL4000() {
    var options = AnalysisOptions()
    options.disabled = ["DL4000"]
    #expect(!analyze(SyntaxTree("FROM debian:12\nMAINTAINER me\n"), options: options).contains { $0.code == "DF206" })
    let codes = analyze(SyntaxTree("FROM debian:12\nMAINTAINER me\n")).map(\.code)
    #expect(codes.filter { $0 == "DF206" }.count == 1)
  }

  /// Odd inputs every rule of the family must survive (run with all of them enabled).
  static let oddInputs: [[UInt8]] = [
    [], Array("\n".utf8), Array("ONBUILD\n".utf8), Array("ONBUILD ONBUILD ONBUILD ONBUILD ONBUILD FROM x\n".utf8),
    Array("FROM\nCOPY\nADD\nUSER\nWORKDIR\nEXPOSE\nLABEL\nENV\nARG\nHEALTHCHECK\nCMD\nENTRYPOINT\n".utf8),
    Array("FROM \"unterminated\nLABEL \"a=b\nENV 'x=y\nUSER \"\nWORKDIR '\nCOPY --from= a\n".utf8),
    Array("FROM a:1 AS\nFROM b AS c d\nCOPY --from a b c\nEXPOSE -\nEXPOSE 1-\nEXPOSE /tcp\n".utf8),
    Array(
      ("FROM " + String(repeating: "${", count: 5000) + "\nENV A=1 B=" + String(repeating: "${", count: 5000) + "\n")
        .utf8),
    Array(
      ("USER $" + String(repeating: "a", count: 20000) + "\nARG " + String(repeating: "a", count: 300) + "\n").utf8),
    [0x46, 0x52, 0x4F, 0x4D, 0x20, 0xFF, 0xFE, 0x0A, 0x4C, 0x41, 0x42, 0x45, 0x4C, 0x20, 0xC3, 0x3D, 0x31, 0x0A],
    Array("FROM a:1\nRUN --mount=type=bind,from= x\nRUN --mount=from=\"a,b\" x\nWORKDIR C\nWORKDIR \"\"\n".utf8),
  ]

  @Test(arguments: oddInputs) func survivesOddInput(_ bytes: [UInt8]) {
    var options = AnalysisOptions()
    options.enabled = Set(InstructionRules.all.map(\.descriptor.code))
    options.settings = Self.exampleSettings
    _ = analyze(SyntaxTree(bytes), options: options)
  }

  @Test func bigFilesStayFast() {
    var text = "ARG UID=1000\n"
    for i in 0..<3000 {
      text += "FROM registry.example.com/base:\(i) AS s\(i)\nWORKDIR /app\nCOPY --from=s0 a b\n"
      text += "ENV A\(i)=1 B\(i)=$A\(i)\nUSER $UID\nLABEL org.example.k\(i)=v\n"
    }
    let tree = SyntaxTree(Array(text.utf8))
    // The family's rules alone, timed against the same analysis with none of them.
    var without = AnalysisOptions()
    without.disabled = Set(InstructionRules.all.map(\.descriptor.code))
    var with = AnalysisOptions()
    with.enabled = Set(InstructionRules.all.map(\.descriptor.code))
    with.settings = Self.exampleSettings
    let t0 = Date()
    _ = analyze(tree, options: without)
    let t1 = Date()
    let findings = analyze(tree, options: with)
    let t2 = Date()
    print("18k lines: \(t1.timeIntervalSince(t0))s without the family, \(t2.timeIntervalSince(t1))s with it")
    #expect(t2.timeIntervalSince(t1) < 3 * t1.timeIntervalSince(t0) + 2)
    #expect(findings.filter { $0.code == "DF515" }.count == 3000)
  }
}
