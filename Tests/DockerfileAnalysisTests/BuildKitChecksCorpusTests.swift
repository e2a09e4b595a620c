// Agreement with BuildKit's build checks on the shared corpus (`buildkit-checks/cases.json`), for the checks
// implemented so far (rule, line and message). Lint mode is what a static linter matches, so `unmarshal_warnings`
// wins when present.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

/// The shared corpus: `$DOCKERFILE_LSP_CORPUS`, else `../shared/corpus` beside the clone.
let analysisCorpusRoot: URL = {
  if let env = ProcessInfo.processInfo.environment["DOCKERFILE_LSP_CORPUS"], !env.isEmpty {
    return URL(fileURLWithPath: env)
  }
  return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")
}()

let buildKitChecksFile = analysisCorpusRoot.appendingPathComponent("buildkit-checks/cases.json")
let buildKitChecksAvailable =
  FileManager.default.fileExists(atPath: buildKitChecksFile.path)
  || ProcessInfo.processInfo.environment["DOCKERFILE_LSP_REQUIRE_CORPUS"] == "1"

@Suite("BuildKit checks corpus", .enabled(if: buildKitChecksAvailable))
struct BuildKitChecksCorpusTests {
  /// Cases whose expectation is wrong upstream (see docs/research/rule-semantics.md §3), by index.
  static let knownWrong: [Int: String] = [
    53: "upstream expects lines 3 and 4 for instructions on lines 5 and 6 (its lint path never compares lines)"
  ]

  @Test func agreementWithImplementedChecks() throws {
    let cases = try JSONSerialization.jsonObject(with: Data(contentsOf: buildKitChecksFile)) as! [[String: Any]]
    let implemented = Set(RuleRegistry.all.compactMap(\.descriptor.buildKitName))
    var agree = 0
    var considered = 0
    var perRule: [String: (agree: Int, total: Int)] = [:]
    var disagreements: [String] = []
    for (index, c) in cases.enumerated() {
      if Self.knownWrong[index] != nil { continue }
      let text = c["dockerfile"] as! String
      let raw = (c["unmarshal_warnings"] as? [[String: Any]]) ?? (c["warnings"] as? [[String: Any]]) ?? []
      // Rule, line and message; NoEmptyContinuation's message is the parser's own, so only its line is compared.
      let expected = raw.compactMap { w -> String? in
        let rule = w["rule"] as! String
        guard implemented.contains(rule) else { return nil }
        let detail = rule == "NoEmptyContinuation" ? "" : ": \(w["detail"] as! String)"
        return "\(rule)@\(w["line"] as! Int)\(detail)"
      }.sorted()
      var options = AnalysisOptions()
      if let attrs = c["frontend_attrs"] as? [String: String] {
        options.checkOverride = attrs["build-arg:BUILDKIT_DOCKERFILE_CHECK"]
      }
      let tree = SyntaxTree(text)
      // `analyze` does not yet read `experimental=` from the check options; until it does, enable the experimental
      // checks the file asks for, as BuildKit would run them.
      let checkValue =
        options.checkOverride
        ?? tree.directives.last { $0.name == "check" }.map { String(decoding: $0.value, as: UTF8.self) }
      if let experimental = checkValue.flatMap(CheckOptions.init)?.experimental { options.enabled = experimental }
      // Cases with a `.dockerignore` run with a build context that holds it.
      let buildContext = (c["dockerignore"] as? String).map { InMemoryBuildContext(dockerignore: $0) }
      let ours = analyze(tree, options: options, buildContext: buildContext).compactMap { f -> String? in
        guard let name = RuleRegistry.rule(f.code)?.descriptor.buildKitName, implemented.contains(name) else {
          return nil
        }
        let node = tree.nodeIndex(containing: f.range.lowerBound)
        // BuildKit reports NoEmptyContinuation once per instruction, on its last line (where its scan stopped);
        // we report each empty line. Everything else is reported on the instruction's first line.
        if name == "NoEmptyContinuation" {
          return "\(name)@\(tree.buildKitLine(of: tree.nodeStarts[node] + tree.nodes[node].headEnd - 1))"
        }
        return "\(name)@\(tree.buildKitLine(of: tree.nodeStarts[node])): \(f.message)"
      }.uniqued(where: { $0.hasPrefix("NoEmptyContinuation@") }).sorted()
      considered += 1
      let rules = Set((expected + ours).map { String($0.split(separator: "@")[0]) })
      if expected == ours {
        agree += 1
      } else {
        disagreements.append("case \(index): expected \(expected), got \(ours)")
      }
      for r in rules { perRule[r, default: (0, 0)].total += 1 }
      if expected == ours { for r in rules { perRule[r, default: (0, 0)].agree += 1 } }
    }
    print("buildkit-checks (implemented checks only): \(agree)/\(considered) cases agree")
    for (rule, n) in perRule.sorted(by: { $0.key < $1.key }) { print("  \(rule): \(n.agree)/\(n.total)") }
    for d in disagreements { print("  DISAGREE \(d)") }
    #expect(Double(agree) >= 0.95 * Double(considered), "\(disagreements.joined(separator: "\n"))")
  }
}

@Suite("Check directive")
struct CheckDirectiveTests {
  @Test func parsesBuildKitOptions() {
    #expect(CheckOptions("skip=all")?.skipAll == true)
    #expect(CheckOptions("skip=A,B;error=true")?.skip == ["A", "B"])
    #expect(CheckOptions("skip=A,B;error=true")?.error == true)
    #expect(CheckOptions("error=maybe") == nil)
    #expect(CheckOptions("nonsense") == nil)
    #expect(CheckOptions("a=1;b=2;c=3;d=4") == nil)
  }

  @Test func fileDirectiveAndPerInstructionComments() {
    let codes = { (text: String) in analyze(SyntaxTree(text)).map(\.code) }
    #expect(codes("FROM scratch as base\n").contains("DF202"))
    #expect(!codes("# check=skip=FromAsCasing\nFROM scratch as base\n").contains("DF202"))
    #expect(!codes("# check=skip=all\nFROM scratch as base\n").contains("DF202"))
    #expect(!codes("# check=skip=FromAsCasing\n\nFROM scratch as base\n").contains("DF202"))
    // Only BuildKit checks are affected by skip=all.
    #expect(codes("# check=skip=all\nFROM scratch\n").contains("DF301"))
    // A comment before an instruction skips for that instruction only; an empty `#` resets the block.
    let text = "FROM scratch AS a\n# check=skip=FromAsCasing\nFROM scratch as b\n#\nFROM scratch as c\n"
    #expect(analyze(SyntaxTree(text)).filter { $0.code == "DF202" }.count == 1)
    // The reset applies with LF line endings too (it once worked only with CRLF).
    let reset = "FROM scratch AS a\n# check=skip=FromAsCasing\n#\nFROM scratch as b\n"
    #expect(analyze(SyntaxTree(reset)).filter { $0.code == "DF202" }.count == 1)
    #expect(
      analyze(SyntaxTree(reset.replacingOccurrences(of: "\n", with: "\r\n"))).filter { $0.code == "DF202" }.count == 1)
    // error=true makes BuildKit checks errors.
    #expect(
      analyze(SyntaxTree("# check=error=true\nFROM scratch as b\n")).first { $0.code == "DF202" }?.severity == .error)
    #expect(codes("# check=error=maybe\nFROM scratch\n").contains("DF004"))
  }
}

extension Array where Element: Hashable {
  /// The elements without repeats of those matching `predicate`, first occurrence kept.
  func uniqued(where predicate: (Element) -> Bool) -> [Element] {
    var seen: Set<Element> = []
    return filter { !predicate($0) || seen.insert($0).inserted }
  }
}
