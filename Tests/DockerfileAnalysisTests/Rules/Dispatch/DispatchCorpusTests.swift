// The dispatch rules against the shared corpus: no error on the real-world Dockerfiles BuildKit accepts, none on
// the BuildKit check cases that build, and the check cases whose build fails are reproduced statically.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

/// Whether a corpus directory exists (or must: `DOCKERFILE_LSP_REQUIRE_CORPUS=1` turns its absence into a failure).
func dispatchCorpusAvailable(_ relative: String) -> Bool {
  FileManager.default.fileExists(atPath: analysisCorpusRoot.appendingPathComponent(relative).path)
    || ProcessInfo.processInfo.environment["DOCKERFILE_LSP_REQUIRE_CORPUS"] == "1"
}

/// The error findings of every default rule for a source: an error means BuildKit would refuse the file.
func dispatchErrors(_ bytes: [UInt8]) -> [Finding] {
  analyze(SyntaxTree(bytes)).filter { $0.severity == .error }
}

@Suite("Dispatch rules on the real-world corpus", .enabled(if: dispatchCorpusAvailable("real")))
struct DispatchRealCorpusTests {
  /// Files BuildKit's parser accepts but its build refuses, with the findings that say why.
  static let knownBuildFailures: [String: [String]] = [
    // A dev container template: the tool replaces `${templateOption:imageVariant}` before building; as written,
    // BuildKit's lexer fails on the FROM line with "unsupported modifier (:i) in substitution".
    "0260.Dockerfile": ["DF031 ${templateOption:imageVariant}: unsupported modifier (:i) in substitution"]
  ]

  @Test func noErrorsOnFilesBuildKitAccepts() throws {
    let dir = analysisCorpusRoot.appendingPathComponent("real")
    let manifest = try String(contentsOf: dir.appendingPathComponent("manifest.tsv"), encoding: .utf8)
    var accepted: [String] = []
    for line in manifest.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      if fields.count >= 6 && fields[5] == "ok" { accepted.append(String(fields[0])) }
    }
    #expect(accepted.count >= 300)
    var problems: [String] = []
    for name in accepted {
      let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
      let found = dispatchErrors(bytes).map {
        "\($0.code) \(String(decoding: bytes[$0.range], as: UTF8.self)): \($0.message)"
      }
      if let known = Self.knownBuildFailures[name] {
        #expect(found == known, "\(name)")
        continue
      }
      problems += found.map { "\(name): \($0)" }
    }
    print(
      "all rules on \(accepted.count) real-world Dockerfiles: \(problems.count) errors outside the "
        + "\(Self.knownBuildFailures.count) known build failures")
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }
}

@Suite("Dispatch rules on the BuildKit check cases", .enabled(if: dispatchCorpusAvailable("buildkit-checks")))
struct DispatchBuildKitChecksTests {
  func cases() throws -> [[String: Any]] {
    let file = analysisCorpusRoot.appendingPathComponent("buildkit-checks/cases.json")
    return try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [[String: Any]]
  }

  /// Cases that build (only lint warnings, or a lint error through `check=error=true`) get no dispatch error.
  @Test func noErrorsOnCasesThatBuild() throws {
    var checked = 0
    for c in try cases() {
      let buildError = c["build_err"] as? String ?? ""
      guard buildError.isEmpty || buildError.hasPrefix("lint violation found") else { continue }
      checked += 1
      let text = c["dockerfile"] as! String
      // `check=error=true` makes BuildKit's lint warnings errors on purpose; only the dispatch rules count here.
      let dispatchCodes = Set(DispatchRules.all.map(\.descriptor.code))
      let errors = dispatchErrors(Array(text.utf8)).filter { dispatchCodes.contains($0.code) }
      #expect(errors.isEmpty, "\(text.debugDescription): \(errors.map(\.message))")
    }
    #expect(checked > 0)
  }

  /// Every build failure of the corpus is an error finding whose message BuildKit's error contains.
  @Test func buildErrorsAreReproduced() throws {
    var reproduced = 0
    var total = 0
    for c in try cases() {
      guard let buildError = c["build_err"] as? String, !buildError.hasPrefix("lint violation found") else {
        continue
      }
      total += 1
      let text = c["dockerfile"] as! String
      let errors = analyze(SyntaxTree(text)).filter { $0.severity == .error }
      let match = errors.contains { buildError.contains($0.message) }
      #expect(match, "\(buildError) not reproduced by \(errors.map(\.message))")
      if match { reproduced += 1 }
    }
    print("BuildKit build errors reproduced statically: \(reproduced)/\(total)")
    #expect(total > 0)
  }
}

@Suite("Dispatch rules on BuildKit's parser fixtures", .enabled(if: dispatchCorpusAvailable("buildkit-parser")))
struct DispatchParserFixtureTests {
  /// The `health` fixture parses, but its bare HEALTHCHECK, empty CMD and CONNECT type cannot be dispatched.
  @Test func healthFixture() throws {
    let file = analysisCorpusRoot.appendingPathComponent("buildkit-parser/testfiles/health/Dockerfile")
    let codes = dispatchErrors(Array(try Data(contentsOf: file))).map(\.code)
    #expect(codes == ["DF010", "DF010", "DF027"])
  }

  /// The `flags` fixture uses flags no instruction defines.
  @Test func flagsFixture() throws {
    let file = analysisCorpusRoot.appendingPathComponent("buildkit-parser/testfiles/flags/Dockerfile")
    let codes = Set(dispatchErrors(Array(try Data(contentsOf: file))).map(\.code))
    #expect(codes == ["DF011"])
  }
}
