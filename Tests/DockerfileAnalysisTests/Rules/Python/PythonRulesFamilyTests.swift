// The Python family as a whole: codes in order, documentation examples (with the rule enabled and, for the
// build-context rules, a context), robustness on odd inputs, and cost on a large file.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

@Suite("Python rules family")
struct PythonRulesFamilyTests {
  /// A build context for the documentation examples: the bad ones miss files or the ignore file.
  static let badContext = InMemoryBuildContext(files: ["app.py", "requirements.txt"])
  static let goodContext = InMemoryBuildContext(
    files: ["app.py", "main.py", "requirements.txt"], dockerignore: ".git\n.venv\n")

  @Test func codesAreConsecutiveAndRegistered() {
    let codes = PythonRules.all.map(\.descriptor.code)
    #expect(codes == (402...414).map { "DF\($0)" })
    for code in codes { #expect(RuleRegistry.rule(code)?.descriptor.code == code) }
    #expect(PythonRules.all.filter { !$0.descriptor.enabledByDefault }.map(\.descriptor.code) == ["DF412"])
  }

  @Test(arguments: PythonRules.all.map(\.descriptor.code))
  func documentationExamples(_ code: String) throws {
    let rule = try #require(RuleRegistry.rule(code))
    let d = rule.descriptor
    var options = AnalysisOptions()
    options.enabled = [code]
    let bad = analyze(SyntaxTree(d.documentation.bad), options: options, buildContext: Self.badContext)
    #expect(bad.contains { $0.code == code }, "\(code) bad example")
    // The good example is reported by no rule that runs by default, nor by this one.
    let good = analyze(SyntaxTree(d.documentation.good), options: options, buildContext: Self.goodContext)
    #expect(good.isEmpty, "\(code) good example: \(good.map { "\($0.code) \($0.message)" })")
  }

  static let oddInputs: [[UInt8]] = [
    [],
    Array("RUN pip install x\n".utf8),
    Array("FROM\nCOPY\nRUN\n".utf8),
    Array("FROM python:3.12 AS a\nFROM a AS b\nFROM b AS a\nCOPY --from=a /opt/venv /opt/venv\n".utf8),
    Array("FROM python:3.12\nRUN pip install 'unterminated\nCMD [\"python\"\n".utf8),
    Array("FROM python:3.12\nRUN --mount=type=cache,target= pip install --no-cache-dir\n".utf8),
    Array("FROM python:3.12\nONBUILD ONBUILD RUN pip install --user x\nUSER app\n".utf8),
    Array("ARG A=${A}\nFROM python:${A}\nRUN pip install -r\nRUN pip install -r=\nRUN uv\nRUN python -m\n".utf8),
    Array("FROM python:3.12\nENV PATH=$PATH:$PATH\nENV PATH=${PATH:-x}\nCMD [\"python\"]\n".utf8),
    Array("FROM python:".utf8) + Array(repeating: UInt8(ascii: "3"), count: 70_000) + [0x0A],
    Array("FROM python:3.12\nRUN pip install \u{FF}\u{FE}".utf8) + [0xFF, 0xC3, 0x0A],
    Array("FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt ".utf8)
      + Array(repeating: UInt8(ascii: "a"), count: 100_000),
  ]

  @Test(arguments: oddInputs)
  func survivesOddInputs(_ bytes: [UInt8]) {
    var options = AnalysisOptions()
    options.enabled = Set(PythonRules.all.map(\.descriptor.code))
    let findings = analyze(SyntaxTree(bytes), options: options, buildContext: Self.badContext)
    for f in findings { #expect(f.range.lowerBound >= 0 && f.range.upperBound <= bytes.count) }
  }

  /// Wide (every stage built on one) and deep (each stage built on the previous) files of about 18,000 lines.
  static let largeFiles = [
    "FROM build AS s",
    "FROM ${PREVIOUS} AS s",
  ]

  @Test(arguments: largeFiles)
  func largeFilesStayCheap(_ from: String) {
    var text = "ARG PY=3.11\nARG PREVIOUS=build\nFROM python:${PY}-slim AS build\nRUN python -m venv /opt/venv\n"
    for i in 0..<3000 {
      let parent = from.contains("PREVIOUS") ? (i == 0 ? "FROM build AS s" : "FROM s\(i - 1) AS s") : from
      text += "\(parent)\(i)\nENV PATH=\"/opt/venv/bin:$PATH\"\nCOPY . .\n"
      text += "RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r requirements.txt\n"
      text += "COPY --from=build /opt/venv /opt/venv\nUSER app\n"
    }
    text += "CMD [\"python\", \"app.py\"]\n"
    // About 18,000 lines. The rules run over a context whose shell commands are already parsed, so that only
    // their own cost is measured; a quadratic rule would take minutes here.
    let tree = SyntaxTree(text)
    let context = RuleContext(tree: tree, buildContext: Self.badContext)
    for i in context.model.instructions.indices { _ = context.shellCommands(ofInstructionAt: i) }
    let clock = ContinuousClock()
    var total = Duration.zero
    for rule in PythonRules.all {
      let elapsed = clock.measure { rule.check(context) { _, _ in } }
      total += elapsed
      if ProcessInfo.processInfo.environment["PYTHON_PERF"] == "1" { print(rule.descriptor.code, elapsed) }
    }
    // Timing is not asserted (the machine is shared); a quadratic rule would not finish in the run's time.
    if ProcessInfo.processInfo.environment["PYTHON_PERF"] == "1" { print("total", total) }
  }
}
