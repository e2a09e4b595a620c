// DF201-DF212 as sequential and instruction rules: the whole-file implementations they replaced (kept here as
// references, reading the semantic model) must give the same findings on the real-world corpus, the BuildKit
// and hadolint cases and thousands of generated multi-stage files; and fixtures for the lineage logic
// (stages built on stages, reused names, instructions before the first FROM, ONBUILD).
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

/// The findings of the whole-file implementations DF203, DF204 and DF207-DF210 had before they became
/// sequential rules (DF201, DF202, DF205, DF206, DF211 and DF212 became instruction rules without a change of
/// logic, and are compared with their previous loop over every instruction).
private func referenceFindings(_ code: String, _ context: RuleContext) -> [String] {
  let model = context.model
  var out: [String] = []
  func report(_ range: Range<Int>, _ message: String) { out.append("\(range) \(message)") }
  switch code {
  case "DF203":
    var keywords: [(text: String, range: Range<Int>)] = []
    for stage in model.stages {
      for index in [stage.fromIndex] + stage.instructionIndices {
        let ins = model.instructions[index]
        guard ins.kind != .unknown else { continue }
        keywords.append((String(decoding: ins.keyword.text, as: UTF8.self), ins.keyword.range))
      }
    }
    var lower = 0
    var upper = 0
    for k in keywords where k.text == k.text.lowercased() || k.text == k.text.uppercased() {
      if k.text == k.text.lowercased() { lower += 1 } else { upper += 1 }
    }
    let majorityLower = lower > upper
    for k in keywords where k.text != (majorityLower ? k.text.lowercased() : k.text.uppercased()) {
      report(
        k.range,
        "Command '\(k.text)' should match the case of the command majority "
          + "(\(majorityLower ? "lowercase" : "uppercase"))")
    }
  case "DF204":
    var seen: Set<String> = []
    for ins in model.instructions {
      guard let from = FromInstruction(ins), let stage = BuildKitStageName(from) else { continue }
      if !seen.insert(stage.lowercased).inserted {
        report(stage.name.range, "Duplicate stage name \"\(stage.lowercased)\", stage names should be unique")
      }
    }
  case "DF207":
    for stage in model.stages {
      for index in stage.instructionIndices {
        let ins = model.instructions[index]
        guard ins.kind == .env || ins.kind == .label else { continue }
        let keyword = String(decoding: ins.keyword.text, as: UTF8.self)
        for pair in ins.pairs where pair.isLegacy {
          report(
            pair.keyRange.lowerBound..<max(pair.keyRange.upperBound, pair.valueRange.upperBound),
            "\"\(keyword) key=value\" should be used instead of legacy \"\(keyword) key value\" format")
        }
      }
    }
  case "DF208":
    for stage in model.stages {
      for index in stage.instructionIndices where model.instructions[index].kind == .expose {
        for word in model.instructions[index].arguments {
          let raw = word.string
          guard !raw.contains("$") else { continue }
          let spec = raw.filter { $0 != "\"" && $0 != "'" }
          let parts = spec.split(separator: "/", omittingEmptySubsequences: false)
          guard parts.count >= 2, parts[1] != parts[1].lowercased() else { continue }
          report(word.range, "Defined protocol '\(spec)' in EXPOSE instruction should be lowercase")
        }
      }
    }
  case "DF209":
    for stage in model.stages {
      var shellSet = model.ancestors(of: stage).contains { s in
        s.instructionIndices.contains { model.instructions[$0].kind == .shell }
      }
      for i in stage.instructionIndices {
        let ins = model.instructions[i]
        if ins.kind == .shell { shellSet = true }
        guard ins.kind == .cmd || ins.kind == .entrypoint, ins.form == .shell, !shellSet else { continue }
        let keyword = String(decoding: ins.keyword.text, as: UTF8.self)
        report(
          ins.argumentText.range,
          "JSON arguments recommended for \(keyword) to prevent unintended behavior related to OS signals")
      }
    }
  case "DF210":
    for stage in model.stages {
      let inherited = model.ancestors(of: stage).contains { s in
        s.instructionIndices.contains { model.instructions[$0].kind == .workdir }
      }
      guard !inherited,
        let first = stage.instructionIndices.first(where: { model.instructions[$0].kind == .workdir }),
        let path = model.instructions[first].arguments.first
      else { continue }
      let text = path.string
      if text.contains("$") || text.hasPrefix("/") { continue }
      report(path.range, "Relative workdir \"\(text)\" can have unexpected results if the base image changes")
    }
  default:
    break
  }
  return out.sorted()
}

/// The rule's findings through the fold (sequential rules) or the per-instruction check.
private func currentFindings(_ code: String, _ context: RuleContext) -> [String] {
  var out: [String] = []
  RuleRegistry.rule(code)?.check(context) { range, message in out.append("\(range) \(message)") }
  return out.sorted()
}

private let sequentialCodes = ["DF203", "DF204", "DF207", "DF208", "DF209", "DF210"]

/// The differences between the references and the rules on one source, as readable lines.
private func differences(_ source: [UInt8], _ label: String) -> [String] {
  let context = RuleContext(tree: SyntaxTree(source))
  var out: [String] = []
  for code in sequentialCodes {
    let want = referenceFindings(code, context)
    let got = currentFindings(code, context)
    if want != got { out.append("\(label) \(code): expected \(want), got \(got)") }
  }
  return out
}

@Suite("DF201-DF212 as sequential and instruction rules")
struct BuildKitSequentialTests {
  @Test func kindsOfRules() {
    for code in ["DF201", "DF202", "DF205", "DF206", "DF211", "DF212"] {
      #expect(RuleRegistry.rule(code) is any InstructionRule, "\(code)")
    }
    for code in sequentialCodes {
      #expect(RuleRegistry.rule(code) is any SequentialRule, "\(code)")
    }
  }

  /// Lines that make stages build on each other, reuse names, and put instructions before the first FROM.
  static let vocabulary: [String] = [
    "FROM alpine", "FROM alpine AS a", "FROM a AS b", "FROM b", "FROM A AS a", "from a as c", "FROM c AS A",
    "FROM scratch AS scratch", "FROM scratch", "FROM b AS B", "From a", "FROM a AS a",
    "SHELL [\"/bin/bash\", \"-c\"]", "shell [\"/bin/sh\", \"-c\"]", "WORKDIR app", "WORKDIR /app", "workdir rel",
    "WORKDIR $HOME/x", "WORKDIR", "CMD echo hi", "cmd [\"x\"]", "ENTRYPOINT run me", "Entrypoint x",
    "ENV K v", "env K=v", "LABEL k v", "EXPOSE 80/TCP", "expose 53/udp 8080/Udp", "RUN true", "run true",
    "Run true", "ONBUILD SHELL [\"a\"]", "ONBUILD WORKDIR rel", "ONBUILD CMD x", "ARG V", "arg W=1",
    "BOGUS x", "MAINTAINER me",
  ]

  @Test func generatedFilesAgreeWithTheWholeFileImplementations() {
    var rng = AnalysisRandom(state: 42)
    var problems: [String] = []
    for n in 0..<3000 {
      let count = Int.random(in: 0...14, using: &rng)
      let lines = (0..<count).map { _ in Self.vocabulary.randomElement(using: &rng)! }
      let source = lines.joined(separator: "\n") + "\n"
      problems += differences(Array(source.utf8), "generated \(n) \(source.debugDescription)")
    }
    #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
  }

  @Test(.enabled(if: dispatchCorpusAvailable("real")))
  func realWorldCorpusAgrees() throws {
    let dir = analysisCorpusRoot.appendingPathComponent("real")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".Dockerfile") }
    #expect(names.count >= 300)
    var problems: [String] = []
    for name in names.sorted() {
      problems += differences(Array(try Data(contentsOf: dir.appendingPathComponent(name))), name)
    }
    #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
  }

  @Test(.enabled(if: dispatchCorpusAvailable("buildkit-checks") && dispatchCorpusAvailable("hadolint-cases")))
  func checkCasesAgree() throws {
    var problems: [String] = []
    for (file, keys) in [
      ("buildkit-checks/cases.json", ["dockerfile"]),
      ("hadolint-cases/cases.json", ["dockerfile", "dockerfile_onbuild"]),
    ] {
      let data = try Data(contentsOf: analysisCorpusRoot.appendingPathComponent(file))
      let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
      for (index, c) in cases.enumerated() {
        for key in keys {
          guard let text = c[key] as? String else { continue }
          problems += differences(Array((text + "\n").utf8), "\(file) #\(index)")
        }
      }
    }
    #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
  }

  /// Sources for the lineage logic: (code, source with marked ranges).
  static let fires: [(String, String)] = [
    // A SHELL two stages up still counts; the nearest stage has none of its own.
    ("DF209", "FROM alpine AS a\nSHELL [\"/bin/sh\", \"-c\"]\nFROM a AS b\nFROM b\nCMD x\nFROM alpine\nCMD 1️⃣y2️⃣\n"),
    // A name reused by a later stage resolves to the later stage, which has no SHELL.
    ("DF209", "FROM alpine AS a\nSHELL [\"/bin/sh\", \"-c\"]\nFROM alpine AS a\nFROM a\nCMD 1️⃣x2️⃣\n"),
    // Names are compared case-insensitively, and the stage's own name is not its base.
    ("DF209", "FROM alpine AS Base\nRUN true\nFROM base AS base\nCMD 1️⃣x2️⃣\nSHELL [\"a\"]\nFROM BASE\nCMD y\n"),
    // `FROM scratch` is the empty image even when a stage is called scratch.
    ("DF209", "FROM alpine AS scratch\nSHELL [\"a\"]\nFROM scratch\nENTRYPOINT 1️⃣x2️⃣\n"),
    // A SHELL before the first FROM or under ONBUILD does not count.
    ("DF209", "SHELL [\"a\"]\nFROM alpine\nONBUILD SHELL [\"a\"]\nCMD 1️⃣x2️⃣\n"),
    // The first WORKDIR of each unrelated stage is judged.
    ("DF210", "FROM alpine AS a\nWORKDIR 1️⃣x2️⃣\nFROM alpine\nWORKDIR 3️⃣y4️⃣\n"),
    // Two stages up, then a reused name that drops the inherited WORKDIR.
    ("DF210", "FROM alpine AS a\nWORKDIR /w\nFROM a AS b\nFROM b\nWORKDIR ok\nFROM alpine AS a\nFROM a\nWORKDIR 1️⃣r2️⃣\n"),
    // A WORKDIR before the first FROM or under ONBUILD does not count.
    ("DF210", "WORKDIR /w\nFROM alpine\nONBUILD WORKDIR /w\nWORKDIR 1️⃣r2️⃣\n"),
    ("DF204", "FROM alpine AS a\nFROM alpine AS b\nFROM alpine AS 1️⃣A2️⃣\nFROM alpine AS 3️⃣a4️⃣\n"),
    ("DF207", "ENV A b\nFROM alpine\nENV 1️⃣C d2️⃣\n"),
    ("DF208", "EXPOSE 80/TCP\nFROM alpine\nEXPOSE 1️⃣80/TCP2️⃣\n"),
    // Mixed case is reported under either majority; instructions before the first FROM are not counted.
    ("DF203", "RUN a\nRUN b\nfrom alpine\n1️⃣Run2️⃣ x\n3️⃣RUN4️⃣ y\nrun z\n"),
    // An unknown instruction is neither counted nor reported.
    ("DF203", "BOGUS a\nbogus b\nFROM alpine\nBogus c\n1️⃣run2️⃣ x\n"),
  ]

  static let silent: [(String, String)] = [
    ("DF209", "FROM alpine AS a\nSHELL [\"a\"]\nFROM a AS b\nFROM B AS c\nFROM c\nCMD x\n"),
    ("DF209", "CMD x\nFROM alpine\nCMD [\"x\"]\n"),
    ("DF210", "FROM alpine AS a\nWORKDIR /w\nFROM a AS b\nFROM b\nWORKDIR r\n"),
    ("DF210", "WORKDIR r\nFROM alpine\nWORKDIR\nWORKDIR r\n"),
    ("DF204", "FROM alpine AS a\nFROM a\nFROM a AS b\n"),
    ("DF207", "ENV A b\nLABEL c d\nFROM alpine\n"),
    ("DF208", "EXPOSE 80/TCP\nFROM alpine\n"),
    ("DF203", "RUN a\nRUN b\nfrom alpine\nrun x\n"),
  ]

  @Test(arguments: fires)
  func reports(_ code: String, _ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(buildKitFindings(code, bytes).map(\.range) == expected, "\(code) \(source.debugDescription)")
    #expect(differences(bytes, code).isEmpty)
  }

  @Test(arguments: silent)
  func staysSilent(_ code: String, _ source: String) {
    #expect(buildKitFindings(code, Array(source.utf8)).isEmpty, "\(code) \(source.debugDescription)")
    #expect(differences(Array(source.utf8), code).isEmpty)
  }

  @Test func consistentCasingMessagesFollowTheFinalMajority() {
    let findings = buildKitFindings("DF203", Array("FROM alpine\nRun a\nrun b\nrun c\n".utf8))
    #expect(
      findings.map(\.message) == [
        "Command 'FROM' should match the case of the command majority (lowercase)",
        "Command 'Run' should match the case of the command majority (lowercase)",
      ])
  }
}
