// The incremental analysis equals a fresh one: after any sequence of edits, `analyze` with the document's
// cache (per-node results reused, sequential rules resumed from checkpoints until they converge) reports
// exactly what `analyze` without a cache reports for the same text. Small checkpoint spacings make the
// convergence logic run at every node.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

/// A small deterministic random number generator (SplitMix64), so failures reproduce.
struct AnalysisRandom: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Edits that change what rules see: instructions, stage structure, variables, users, casing, package
/// installs, comments and pragmas.
let analysisEditSnippets: [String] = [
  "x", " ", "\n", "\\\n", "#", "\"", "$", "=", "-", "FROM python:3.12-alpine AS build\n", "FROM build\n",
  "FROM scratch\n", "from debian AS Base\n", "ARG V=1\n", "ARG PIP_NO_CACHE_DIR=1\n", "ENV PATH=/opt/venv/bin:$PATH\n",
  "ENV PIP_NO_CACHE_DIR=1\n", "USER root\n", "USER app\n", "WORKDIR app\n", "COPY . .\n", "COPY --from=build /a /b\n",
  "RUN pip install -r requirements.txt\n", "RUN pip install numpy\n", "RUN apt-get update && apt-get install -y gcc\n",
  "RUN yum install -y httpd\n", "CMD python app.py\n", "CMD [\"python\"]\n", "ENTRYPOINT [\"x\"]\n",
  "HEALTHCHECK NONE\n", "EXPOSE 80/TCP\n", "# hadolint ignore=DL3008\n", "# dockerfile-lsp: ignore=DF401\n",
  "# check=skip=UndefinedVar\n", "# check=skip=MultipleInstructionsDisallowed\n", "#\n", "ONBUILD RUN pip install x\n",
  "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
  "RUN curl -s x | sh\n", "RUN wget y\n", "ENV SECRET_TOKEN=x\n", "$HOME", "${V:-a}", "MAINTAINER me\n",
]

/// Applies random edits to `initial`, comparing after each the cached analysis with a fresh one; returns how many
/// of the cached analyses spliced their findings.
@discardableResult
func checkIncrementalAnalysis(
  _ initial: String, sequences: Int, editsPerSequence: Int, seed: UInt64, spacing: Int, denseSpacing: Int? = nil,
  label: String, options: AnalysisOptions = AnalysisOptions(), snippets: [String] = analysisEditSnippets
) -> Int {
  var spliced = 0
  var rng = AnalysisRandom(state: seed)
  for _ in 0..<sequences {
    var tree = SyntaxTree(initial)
    let cache = AnalysisCache(checkpointSpacing: spacing, denseSpacing: denseSpacing)
    var previous = analyze(tree, options: options, cache: cache)
    var history: [String] = []
    for _ in 0..<editsPerSequence {
      let n = tree.source.count
      // Mostly at line starts, so whole instructions come and go; sometimes anywhere.
      var lo = n == 0 ? 0 : Int.random(in: 0...n, using: &rng)
      if Bool.random(using: &rng) {
        while lo > 0 && tree.source[lo - 1] != 0x0A { lo -= 1 }
      }
      let hi = min(n, lo + (Int.random(in: 0..<3, using: &rng) == 0 ? Int.random(in: 0...40, using: &rng) : 0))
      let replacement =
        Int.random(in: 0..<5, using: &rng) == 0 ? "" : snippets.randomElement(using: &rng)!
      history.append("\(lo)..<\(hi) \(replacement.debugDescription)")
      do { try tree.apply(TextEdit(range: lo..<hi, replacement: Array(replacement.utf8))) } catch {
        Issue.record("\(label): edit rejected: \(error)")
        return spliced
      }
      let generation = cache.findingsGeneration
      let incremental = analyze(tree, options: options, cache: cache)
      let fresh = analyze(SyntaxTree(tree.source), options: options)
      // The change the cache reports leads from the previous findings to these.
      let change = cache.findingsChange
      #expect(cache.findingsGeneration == generation + 1)
      #expect(
        change.prefix <= change.newSuffix && change.newSuffix <= incremental.count
          && change.prefix <= change.oldSuffix && change.oldSuffix <= previous.count
          && change.applied(to: previous, middle: incremental[change.prefix..<change.newSuffix]) == incremental,
        "\(label): the reported change \(change) does not lead from the previous findings to these after \(history)")
      previous = incremental
      if incremental != fresh {
        let missing = fresh.filter { !incremental.contains($0) }.map { "\($0.code) \($0.range) \($0.message)" }
        let extra = incremental.filter { !fresh.contains($0) }.map { "\($0.code) \($0.range) \($0.message)" }
        Issue.record(
          """
          \(label) (spacing \(spacing)): incremental analysis differs from a fresh one after \(history)
          text: \(String(decoding: tree.source, as: UTF8.self).debugDescription)
          missing: \(missing)
          extra: \(extra)
          """)
        return spliced
      }
      if cache.spliced { spliced += 1 }
    }
  }
  return spliced
}

@Suite("Incremental analysis")
struct IncrementalAnalysisTests {
  /// Every rule's documentation examples, one file each.
  static let examples: [(String, String)] = RuleRegistry.all.flatMap { rule -> [(String, String)] in
    let d = rule.descriptor
    return [("\(d.code) bad", d.documentation.bad), ("\(d.code) good", d.documentation.good)]
  }

  @Test(arguments: [1, 3, 32])
  func documentationExamplesUnderRandomEdits(_ spacing: Int) {
    for (k, (label, text)) in Self.examples.enumerated() {
      checkIncrementalAnalysis(
        text, sequences: 1, editsPerSequence: 6, seed: UInt64(k) &* 104_729 &+ UInt64(spacing), spacing: spacing,
        label: label)
    }
  }

  @Test func allRulesEnabledUnderRandomEdits() {
    var options = AnalysisOptions()
    options.enabled = Set(RuleRegistry.all.map(\.descriptor.code))
    options.settings.trustedRegistries = ["docker.io"]
    let text = Self.examples.map(\.1).joined(separator: "\n")
    checkIncrementalAnalysis(
      text, sequences: 2, editsPerSequence: 10, seed: 99, spacing: 2, label: "all", options: options)
  }

  /// A long file made of every example, so that edits land far from the checkpoints and stages nest.
  @Test(arguments: [1, 5])
  func concatenatedExamplesUnderRandomEdits(_ spacing: Int) {
    let text = Self.examples.map(\.1).joined(separator: "\n")
    checkIncrementalAnalysis(
      text, sequences: 3, editsPerSequence: 10, seed: 7 &+ UInt64(spacing), spacing: spacing, label: "all examples")
  }

  /// Typing into one instruction of a long file leaves the findings elsewhere where they were: the analysis
  /// collects only the edited region's and reports the rest as unchanged (so that the server re-publishes only
  /// those), whether the edit adds or removes findings.
  @Test func typingChangesOnlyTheEditedRegionsFindings() throws {
    var text = "FROM python:3.12-slim\n"
    for k in 0..<600 { text += k % 2 == 0 ? "RUN apt-get install -y gcc\n" : "COPY a\(k) /a\(k)\n" }
    var tree = SyntaxTree(text)
    let cache = AnalysisCache()
    let first = analyze(tree, cache: cache)
    #expect(first.count > 600)
    // Instruction 301 is a RUN: `RUN xapt-get ...`, its findings go; then `RUN apt-get ...` again, they come back.
    let at = tree.instructions[301].range.lowerBound + 4
    for (range, replacement) in [(at..<at, "x"), (at..<(at + 1), "")] {
      try tree.apply(TextEdit(range: range, replacement: Array(replacement.utf8)))
      let findings = analyze(tree, cache: cache)
      #expect(findings == analyze(SyntaxTree(tree.source)))
      let change = cache.findingsChange
      #expect(cache.spliced)
      #expect(
        change.newSuffix - change.prefix <= 2 && change.oldSuffix - change.prefix <= 2,
        "\(change) \(findings[change.prefix..<change.newSuffix])")
      #expect(change.prefix > 250 && findings.count - change.newSuffix > 250)
    }
    // At the end of the file, where no checkpoint follows the edit, the runs catch up by ending in the previous
    // final state: typing into one of the last instructions splices too.
    let end = tree.instructions[tree.instructions.count - 2].range.lowerBound + 4  // a RUN
    try tree.apply(TextEdit(range: end..<end, replacement: Array("x".utf8)))
    #expect(analyze(tree, cache: cache) == analyze(SyntaxTree(tree.source)))
    #expect(cache.spliced)
  }

  /// Every rule reports inside the instruction it reads (what lets an analysis splice findings by position):
  /// over every rule's examples and the shared corpus, with every rule enabled, no finding lies outside its node.
  @Test func findingsLieInsideTheirNodes() throws {
    var texts = Self.examples
    let real = analysisCorpusRoot.appendingPathComponent("real")
    if FileManager.default.fileExists(atPath: real.path) {
      for name in try FileManager.default.contentsOfDirectory(atPath: real.path).sorted()
      where name.hasSuffix(".Dockerfile") {
        texts.append((name, String(decoding: try Data(contentsOf: real.appendingPathComponent(name)), as: UTF8.self)))
      }
    }
    var options = AnalysisOptions()
    options.enabled = Set(RuleRegistry.all.map(\.descriptor.code))
    options.settings.trustedRegistries = ["docker.io"]
    for (label, text) in texts {
      let cache = AnalysisCache()
      _ = analyze(SyntaxTree(text), options: options, cache: cache)
      #expect(!cache.localStrays, "\(label): an instruction rule reported outside its instruction")
      for (k, run) in cache.runs.enumerated() where run?.strays == true {
        Issue.record("\(label): \(RuleRegistry.codes[k]) reported outside its instruction")
      }
    }
  }

  /// Walks resumed after an edit save checkpoints more densely near it than the walk over the whole file did.
  @Test(arguments: [(6, 2), (9, 4), (4, 3)])
  func denseCheckpointsNearEditsUnderRandomEdits(_ spacings: (Int, Int)) {
    let text = Self.examples.map(\.1).joined(separator: "\n")
    checkIncrementalAnalysis(
      text, sequences: 3, editsPerSequence: 12, seed: 31 &+ UInt64(spacings.0 * 10 + spacings.1),
      spacing: spacings.0, denseSpacing: spacings.1, label: "all examples, spacings \(spacings)")
  }

  /// Suppression pragmas make every analysis collect all findings, and the examples have some: without them the
  /// splice runs, and its results are held to a fresh analysis too. With every sequential rule off, the window
  /// can reach the end of the text (a resumed run never catches up there), and with pragmas not honoured the
  /// examples can stay as they are.
  @Test func splicingUnderRandomEdits() {
    func pragmaFree(_ text: String) -> Bool { !text.contains("hadolint") && !text.contains("dockerfile-lsp") }
    let text = Self.examples.map(\.1).filter(pragmaFree).joined(separator: "\n")
    let snippets = analysisEditSnippets.filter(pragmaFree)
    var noSequential = AnalysisOptions()
    noSequential.disabled = Set(RuleRegistry.registered.filter { $0.sequential != nil }.map(\.descriptor.code))
    var noPragmas = AnalysisOptions()
    noPragmas.honourSuppressionComments = false
    let runs: [(String, String, AnalysisOptions, [String], Int)] = [
      ("default rules", text, AnalysisOptions(), snippets, 3), ("no sequential rules", text, noSequential, snippets, 5),
      ("pragmas not honoured", Self.examples.map(\.1).joined(separator: "\n"), noPragmas, analysisEditSnippets, 3),
    ]
    for (label, initial, options, snippets, spacing) in runs {
      let spliced = checkIncrementalAnalysis(
        initial, sequences: 3, editsPerSequence: 12, seed: 5 &+ UInt64(label.count), spacing: spacing,
        denseSpacing: 2, label: label, options: options, snippets: snippets)
      #expect(spliced >= 6, "\(label): only \(spliced) of 36 analyses spliced")
    }
  }

  @Test func settingsChangeWithoutEditsIsSeen() {
    // Long enough that the FROM lies before the last checkpoint.
    let text =
      "FROM other.example.com/base:1\n" + String(repeating: "RUN true\n", count: 40) + "USER nobody\n"
    let tree = SyntaxTree(text)
    let cache = AnalysisCache()
    var trusting = AnalysisOptions()
    trusting.settings.trustedRegistries = ["registry.example.com"]  // the FROM's registry is not trusted
    var trustingAll = AnalysisOptions()
    trustingAll.settings.trustedRegistries = ["*"]
    for options in [trusting, trustingAll, trusting] {
      #expect(analyze(tree, options: options, cache: cache) == analyze(tree, options: options))
    }
    #expect(analyze(tree, options: trusting).contains { $0.code == "DF512" })
  }

  @Test func sharedCorpusUnderRandomEdits() throws {
    let real = analysisCorpusRoot.appendingPathComponent("real")
    guard FileManager.default.fileExists(atPath: real.path) else { return }
    let files = try FileManager.default.contentsOfDirectory(atPath: real.path).filter { $0.hasSuffix(".Dockerfile") }
      .sorted()
    for (k, name) in files.enumerated() where k % 10 == 0 {
      let text = String(decoding: try Data(contentsOf: real.appendingPathComponent(name)), as: UTF8.self)
      checkIncrementalAnalysis(
        text, sequences: 1, editsPerSequence: 6, seed: UInt64(k) &+ 17, spacing: 1 + k % 7, label: name)
    }
  }
}
