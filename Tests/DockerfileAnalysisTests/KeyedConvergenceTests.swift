// Walks resumed after an edit to a variable's value or a manifest's name catch up with the previous walk as soon
// as the states differ only in entries that nothing later reads (`KeyedState.swift`), and a later edit that reads
// such an entry makes the run walk again from the start: under any edits, the results equal a fresh analysis.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

/// A file whose stages define variables and install manifests that later instructions read in every way the
/// keyed rules look them up: requirement files named through variables, PATH built from variables, `uv sync`
/// (UV_PROJECT_ENVIRONMENT), `pip install --user` (PYTHONUSERBASE), the start command (PYTHONPATH), copies of the
/// source before installs of a manifest or the project.
private let keyedText = """
  ARG REQ_GLOBAL=base.txt
  FROM python:3.12-slim AS build
  ENV REQ=requirements.txt VENV=/opt/venv
  ENV APP_1=one
  COPY requirements.txt .
  RUN pip install --no-cache-dir -r requirements.txt
  ENV APP_2=two
  COPY . .
  RUN pip install --no-cache-dir -r $REQ
  ENV PATH=$VENV/bin:$PATH
  RUN uv sync
  ENV APP_3=three
  RUN pip install --no-cache-dir --user x==1
  ENV APP_4=four
  COPY src src
  RUN pip install --no-cache-dir ./src
  ENV APP_5=five
  FROM build AS final
  ENV UV_PROJECT_ENVIRONMENT=/opt/venv
  ENV APP_6=six
  RUN pip install --no-cache-dir -r ${APP_1}
  ENV APP_7=seven
  COPY --from=build /opt/venv /opt/venv
  ENV APP_8=eight
  CMD python app.py

  """

/// Edits that define, redefine and read the file's variables and manifests.
private let keyedSnippets: [String] = [
  "x", "1", "/", "$", "ENV APP_1=changed\n", "ENV APP_2=/opt/venv\n", "RUN pip install -r $APP_2\n",
  "RUN pip install -r $APP_3\n", "ENV REQ=other.txt\n", "$APP_4", "${APP_5}", "ENV PYTHONPATH=/x\n",
  "ENV PATH=$APP_1/bin:$PATH\n", "ENV PATH=/opt/venv/bin:$PATH\n", "RUN uv sync\n", "COPY . .\n",
  "RUN pip install -r requirements.txt\n", "RUN pip install -r other.txt\n", "RUN pip install .\n",
  "COPY src src\n", "FROM build\n", "ENV PYTHONUSERBASE=/u\n", "CMD gunicorn app\n", "ARG APP_6\n",
  "ENV UV_PROJECT_ENVIRONMENT=$APP_7\n", "RUN /opt/venv/bin/pip install y\n", "ENV VIRTUAL_ENV=$APP_8\n",
]

@Suite("Keyed convergence")
struct KeyedConvergenceTests {
  @Test(arguments: [(1, 1), (2, 1), (3, 2)])
  func keyedEntriesUnderRandomEdits(_ spacings: (Int, Int)) {
    checkIncrementalAnalysis(
      keyedText, sequences: 24, editsPerSequence: 20, seed: 211 &+ UInt64(spacings.0 * 7 + spacings.1),
      spacing: spacings.0, denseSpacing: spacings.1, label: "keyed, spacings \(spacings)", snippets: keyedSnippets)
  }

  /// A long stage of variables and installs, with a start command and a PATH built from a variable at its end.
  static func longStage(_ count: Int) -> String {
    var text =
      "FROM python:3.12-slim\nENV VENV=/opt/venv\n"
      + "RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir flask==3.0.3\n"
    for k in 0..<count {
      text += "ENV APP_\(k)=value\(k)\nRUN pip install --no-cache-dir -r /app/requirements-\(k).txt\n"
    }
    return text + "ENV PATH=$VENV/bin:$PATH\nCMD python app.py\n"
  }

  /// The sequential runs of `codes` and the nodes each stepped in the last analysis (nil: it did not catch up).
  static func updated(_ cache: AnalysisCache, _ codes: [String]) -> [String: Range<Int>?] {
    var out: [String: Range<Int>?] = [:]
    for (k, run) in cache.runs.enumerated() where codes.contains(RuleRegistry.codes[k]) {
      out[RuleRegistry.codes[k]] = run?.updated
    }
    return out
  }

  /// Typing into a variable's value or a requirement file's name in the middle of a long stage re-steps a few
  /// instructions, not the rest of the stage.
  @Test func typingIntoValuesAndManifestsCatchesUpSoon() throws {
    var tree = SyntaxTree(Self.longStage(400))
    let cache = AnalysisCache(checkpointSpacing: 8, denseSpacing: 2)
    _ = analyze(tree, cache: cache)
    let codes = ["DF403", "DF410"]
    let text = String(decoding: tree.source, as: UTF8.self)
    // In `ENV APP_199=value199` and in `-r /app/requirements-199.txt`.
    for (anchor, keystrokes) in [("=value199\n", 3), ("requirements-199.txt", 80)] {
      let found = try #require(text.firstRange(of: anchor))
      let at = text.utf8.distance(from: text.startIndex, to: found.lowerBound) + 6
      // Each name typed into a manifest stays stale in the saved states after the edit: many keystrokes in a row
      // still catch up soon.
      for _ in 0..<keystrokes {
        try tree.apply(TextEdit(range: at..<at, replacement: Array("x".utf8)))
        #expect(analyze(tree, cache: cache) == analyze(SyntaxTree(tree.source)))
        for (code, updated) in Self.updated(cache, codes) {
          let nodes = try #require(updated, "\(code) did not catch up")
          #expect(nodes.count <= 16, "\(code) stepped \(nodes.count) nodes")
        }
      }
    }
  }

  /// A manifest install replaced by one of a package leaves the manifest stale in the saved states after it; a copy
  /// of the source and an install of the project appended later read whether anything was installed (every
  /// manifest), which makes the run walk again: DF403 blames the copy, as a fresh analysis does.
  @Test(arguments: [
    "COPY . .\nRUN pip install --no-cache-dir .\n", "COPY pkg pkg\nRUN pip install --no-cache-dir ./pkg\n",
  ])
  func readingWhetherAnythingWasInstalledSeesStaleManifests(_ appended: String) throws {
    var text = "FROM python:3.12-slim\nRUN pip install --no-cache-dir -r a.txt\n"
    for k in 1...12 { text += "ENV A\(k)=\(k)\n" }
    var tree = SyntaxTree(text)
    let cache = AnalysisCache()
    _ = analyze(tree, cache: cache)
    let source = String(decoding: tree.source, as: UTF8.self)
    let found = try #require(source.firstRange(of: "-r a.txt"))
    let at = source.utf8.distance(from: source.startIndex, to: found.lowerBound)
    try tree.apply(TextEdit(range: at..<(at + 8), replacement: Array("flask==3.0.3".utf8)))
    #expect(analyze(tree, cache: cache) == analyze(SyntaxTree(tree.source)))
    let end = tree.source.count
    try tree.apply(TextEdit(range: end..<end, replacement: Array(appended.utf8)))
    let findings = analyze(tree, cache: cache)
    #expect(findings == analyze(SyntaxTree(tree.source)))
    #expect(findings.contains { $0.code == "DF403" })
  }

  /// After such an edit the saved states after it keep the old value; an edit that then reads the variable
  /// (further down, where no walk stepped since) makes the run walk again, and the finding follows the new value.
  @Test func readingAStaleEntryWalksAgain() throws {
    var tree = SyntaxTree(Self.longStage(300))
    let cache = AnalysisCache(checkpointSpacing: 8, denseSpacing: 2)
    _ = analyze(tree, cache: cache)
    func offset(of text: String) throws -> Int {
      let source = String(decoding: tree.source, as: UTF8.self)
      return source.utf8.distance(from: source.startIndex, to: try #require(source.firstRange(of: text)).lowerBound)
    }
    // `ENV APP_10=value10` → `ENV APP_10=/opt/venv`: both runs catch up soon after it.
    let value = try offset(of: "=value10\n") + 1
    try tree.apply(TextEdit(range: value..<(value + 7), replacement: Array("/opt/venv".utf8)))
    #expect(analyze(tree, cache: cache) == analyze(SyntaxTree(tree.source)))
    for (code, updated) in Self.updated(cache, ["DF403", "DF410"]) {
      #expect(updated.map { $0.count <= 16 } == true, "\(code) stepped \(String(describing: updated))")
    }
    // The final PATH now names APP_10 instead of VENV: read with the old value, PATH would miss the venv.
    let venv = try offset(of: "PATH=$VENV") + 6
    try tree.apply(TextEdit(range: venv..<(venv + 4), replacement: Array("APP_10".utf8)))
    var findings = analyze(tree, cache: cache)
    #expect(findings == analyze(SyntaxTree(tree.source)))
    #expect(!findings.contains { $0.code == "DF410" })
    // A requirement file named through the edited variable after a copy of the source: DF403 reads it and
    // advises copying `venv` (read with the old value, `value10`).
    let path = try offset(of: "ENV PATH=")
    try tree.apply(
      TextEdit(range: path..<path, replacement: Array("COPY . .\nRUN pip install --no-cache-dir -r $APP_10\n".utf8)))
    findings = analyze(tree, cache: cache)
    #expect(findings == analyze(SyntaxTree(tree.source)))
    #expect(findings.contains { $0.code == "DF403" && $0.message.contains("copy venv first") })

  }
}
