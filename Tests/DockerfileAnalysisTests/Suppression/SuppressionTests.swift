// Suppression comments: ours (`# dockerfile-lsp: ignore=` / `ignore-file=`), hadolint's pragmas (`ignore`,
// `global ignore`, `stage ignore`) with hadolint's exact line rules, and DF005 invalid-suppression-comment.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

/// The codes of the findings `analyze` keeps for a source, with every rule `enabled` names turned on.
private func codes(_ source: String, enabled: Set<String> = [], honour: Bool = true) -> [String] {
  var options = AnalysisOptions()
  options.enabled = enabled
  options.honourSuppressionComments = honour
  return analyze(SyntaxTree(source), options: options).map(\.code)
}

/// A stand-in rule descriptor answering to `aliases`, for checking which lines a comment covers.
func standInDescriptor(_ aliases: [String]) -> RuleDescriptor {
  RuleDescriptor(
    code: "DF999", name: "stand-in", aliases: aliases, severity: .warning, category: .correctness, summary: "",
    documentation: RuleDocumentation(why: "", bad: "", good: ""))
}

/// The 1-based lines of instructions (and comments) in `source` whose findings of a rule answering to `alias`
/// would be suppressed.
func suppressedLines(_ source: String, alias: String) -> [Int] {
  let tree = SyntaxTree(source)
  let suppressions = Suppressions(tree: tree)
  let d = standInDescriptor([alias])
  var out: [Int] = []
  var line = 1
  for (i, node) in tree.nodes.enumerated() {
    if node.kind != .blank && suppressions.suppresses(d, range: tree.nodeStarts[i]..<(tree.nodeStarts[i] + 1)) {
      out.append(line)
    }
    line += node.newlineCount
  }
  return out
}

@Suite("Suppression comments: ours")
struct OurSuppressionTests {
  static let pip = "RUN pip install flask\n"

  @Test func coversTheNextInstructionByCodeNameOrAlias() {
    for id in ["DF401", "df401", "pip-no-cache-dir", "DL3042", "dl3042", "all", "ALL", "DF206, DF401"] {
      let source = "FROM python:3.12\n# dockerfile-lsp: ignore=\(id)\n\(Self.pip)\(Self.pip)"
      #expect(codes(source).filter { $0 == "DF401" }.count == 1, "\(id)")
    }
  }

  @Test func grammarIsLenientAboutSpacesAndCaseAndTakesAReason() {
    for comment in [
      "#dockerfile-lsp:ignore=DF401", "#  Dockerfile-LSP :  IGNORE = DF401 ", "# dockerfile-lsp: ignore=DF401 # x",
      "\t# dockerfile-lsp: ignore=DF401\t,\tDF206\r", "# dockerfile-lsp: ignore = DF206 ,DF401 #because",
    ] {
      let source = "FROM python:3.12\n\(comment)\n\(Self.pip)"
      #expect(!codes(source).contains("DF401"), "\(comment.debugDescription)")
      #expect(!codes(source).contains("DF005"), "\(comment.debugDescription)")
    }
  }

  @Test func coversContinuationLinesHeredocsAndOnbuild() {
    let sources = [
      "FROM python:3.12\n# dockerfile-lsp: ignore=DF401\nRUN apt-get update \\\n && pip install x\n",
      "FROM python:3.12\n# dockerfile-lsp: ignore=DF401\nRUN <<EOF\nset -e\npip install x\nEOF\n",
    ]
    for source in sources {
      #expect(!codes(source).contains("DF401"), "\(source.debugDescription)")
      #expect(codes(source, honour: false).contains("DF401"), "\(source.debugDescription)")
    }
    // A finding inside the instruction ONBUILD wraps.
    let onbuild = SyntaxTree("FROM a\n# dockerfile-lsp: ignore=DL3042\nONBUILD RUN pip install x\n")
    let inner = onbuild.nodeStarts[2] + "ONBUILD RUN ".utf8.count
    #expect(Suppressions(tree: onbuild).suppresses(standInDescriptor(["DL3042"]), range: inner..<(inner + 3)))
  }

  @Test func otherCommentsMayComeBetweenButABlankLineEndsIt() {
    let through = "FROM python:3.12\n# dockerfile-lsp: ignore=DF401\n# pip caches are fine here\n#\n\(Self.pip)"
    #expect(!codes(through).contains("DF401"))
    let stacked =
      "FROM python:3.12\n# dockerfile-lsp: ignore=DF206\n# hadolint ignore=DL3008\n# dockerfile-lsp: ignore=DF401\n\(Self.pip)"
    #expect(!codes(stacked).contains("DF401"))
    let blank = "FROM python:3.12\n# dockerfile-lsp: ignore=DF401\n\n\(Self.pip)"
    #expect(codes(blank).filter { $0 == "DF401" || $0 == "DF005" } == ["DF005", "DF401"])
  }

  @Test func coversOnlyTheNamedRulesAndOnlyOneInstruction() {
    let source = "FROM python:3.12\n# dockerfile-lsp: ignore=DF206\n\(Self.pip)\(Self.pip)"
    #expect(codes(source).filter { $0 == "DF401" }.count == 2)
    let lines = suppressedLines("FROM a\n# dockerfile-lsp: ignore=DL3042\nRUN a\nRUN b\n", alias: "DL3042")
    #expect(lines == [3])
  }

  @Test func fileWideFromAnywhere() {
    let source = "FROM python:3.12\n\(Self.pip)\n# dockerfile-lsp: ignore-file=pip-no-cache-dir\n\n\(Self.pip)"
    #expect(!codes(source).contains("DF401"))
    #expect(!codes(source).contains("DF005"))
    #expect(suppressedLines("FROM a\nRUN a\n# dockerfile-lsp: ignore-file=dl3042\n", alias: "DL3042") == [1, 2, 3])
  }

  @Test func unknownIdsAreReportedAndTheOthersStillApply() {
    let source = "FROM python:3.12\n# dockerfile-lsp: ignore=DL9999,DF401\n\(Self.pip)"
    #expect(codes(source).filter { $0 == "DF401" || $0 == "DF005" } == ["DF005"])
  }

  @Test func turnedOffByOptions() {
    let source = "FROM python:3.12\n# dockerfile-lsp: ignore-file=all\n# hadolint global ignore=DL3042\n\(Self.pip)"
    #expect(!codes(source).contains("DF401"))
    #expect(codes(source, honour: false).contains("DF401"))
  }

  @Test func notOurs() {
    for comment in ["# dockerfile-lsp is great, ignore=DF401", "# dockerfile-lspx: ignore=DF401", "# ignore=DF401"] {
      #expect(suppressedLines("FROM a\n\(comment)\nRUN a\n", alias: "DF401").isEmpty)
      #expect(!codes("FROM a\n\(comment)\nRUN a\n").contains("DF005"))
    }
  }
}

@Suite("Suppression comments: hadolint pragmas")
struct HadolintPragmaTests {
  @Test func ignoreCoversTheNextLineOnly() {
    #expect(suppressedLines("FROM a\n# hadolint ignore=DL3011\nEXPOSE 1\nEXPOSE 2\n", alias: "DL3011") == [3])
    // A blank or comment line between: the pragma covers that line, which holds no instruction.
    #expect(suppressedLines("FROM a\n# hadolint ignore=DL3011\n\nEXPOSE 1\n", alias: "DL3011").isEmpty)
    #expect(suppressedLines("FROM a\n# hadolint ignore=DL3011\n# x\nEXPOSE 1\n", alias: "DL3011") == [3])
    // A finding anywhere in a multi-line instruction belongs to the line where the instruction starts.
    let tree = SyntaxTree("FROM a\n# hadolint ignore=DL3011\nEXPOSE 1 \\\n  2\n")
    let s = Suppressions(tree: tree)
    #expect(s.suppresses(standInDescriptor(["DL3011"]), range: 45..<46))
  }

  @Test func grammar() {
    let valid = [
      "# hadolint ignore=DL3011", "#hadolint ignore=DL3011", "#   hadolint\tignore =  DL3011 ",
      "# hadolint ignore=DL3002, DL3011", "# hadolint ignore=DL3002 ,DL3011", "# hadolint ignore=DL3011 # reason",
      "# hadolint ignore=DL3011 #reason, with, commas", "# hadolint ignore=SC2086,DL3011",
      "# hadolint ignore=DL9999,DL3011", "# hadolint ignore=DL3011\r",
    ]
    for pragma in valid {
      #expect(suppressedLines("FROM a\n\(pragma)\nEXPOSE 1\n", alias: "DL3011") == [3], "\(pragma.debugDescription)")
      #expect(!codes("FROM a\n\(pragma)\nEXPOSE 1\n").contains("DF005"), "\(pragma.debugDescription)")
    }
    // Any entry that is not a code voids the whole pragma; so do lower-case codes, our ids and a trailing comma.
    let void = [
      "# hadolint ignore=crazy,DL3011", "# hadolint ignore=DL3011,crazy", "# hadolint ignore=dl3011",
      "# hadolint ignore=DL3011,", "# hadolint ignore=DL3011 DL3002", "# hadolint ignore=", "# hadolint ignore DL3011",
      "# hadolint ignore=DL3011x", "# hadolint ignore=DF401,DL3011", "# hadolint global=DL3011",
    ]
    for pragma in void {
      #expect(suppressedLines("FROM a\n\(pragma)\nEXPOSE 1\n", alias: "DL3011").isEmpty, "\(pragma.debugDescription)")
      #expect(codes("FROM a\n\(pragma)\nEXPOSE 1\n").contains("DF005"), "\(pragma.debugDescription)")
    }
    // Not ignore pragmas at all: nothing covered, nothing reported.
    for comment in ["# hadolint shell=powershell", "# hadolint is a linter", "# Hadolint ignore=DL3011", "# hadolint"] {
      #expect(suppressedLines("FROM a\n\(comment)\nEXPOSE 1\n", alias: "DL3011").isEmpty)
      #expect(!codes("FROM a\n\(comment)\nEXPOSE 1\n").contains("DF005"))
    }
  }

  @Test func globalCoversTheFile() {
    let source = "FROM a\nEXPOSE 1\n# hadolint global ignore = DL3011 , DL3002\nFROM b\nEXPOSE 2\n"
    #expect(suppressedLines(source, alias: "DL3011") == [1, 2, 3, 4, 5])
    #expect(suppressedLines(source, alias: "DL3003").isEmpty)
  }

  @Test func stageCoversLaterLinesUpToTheNextFrom() {
    // Above a FROM: the stage after the FROM line.
    let above = "# hadolint stage ignore=DL3011\nFROM a\nEXPOSE 1\nEXPOSE 2\nFROM b\nEXPOSE 3\n"
    // The next FROM line itself is still below the pragma's key.
    #expect(suppressedLines(above, alias: "DL3011") == [3, 4, 5])
    // In the middle of a stage: the lines after the next one (hadolint compares with keys strictly below).
    let middle = "FROM a\nEXPOSE 1\n# hadolint stage ignore=DL3011\nEXPOSE 2\nEXPOSE 3\n\nEXPOSE 4\nFROM b\nEXPOSE 5\n"
    #expect(suppressedLines(middle, alias: "DL3011") == [5, 7, 8])
    // Before the first FROM with other lines between: until the first FROM, that FROM line included.
    let early = "# hadolint stage ignore=DL3011\nARG X\nARG Y\nFROM a\nEXPOSE 1\n"
    #expect(suppressedLines(early, alias: "DL3011") == [3, 4])
  }

  @Test func mapsCodesThroughAliases() {
    let source = "FROM python:3.12\n# hadolint ignore=DL3042\nRUN pip install x\nRUN pip install y\n"
    #expect(codes(source).filter { $0 == "DF401" }.count == 1)
    // Our codes are not hadolint codes: the pragma is void.
    #expect(codes("FROM python:3.12\n# hadolint ignore=DF401\nRUN pip install x\n").contains("DF401"))
  }
}

@Suite("DF005 invalid-suppression-comment")
struct InvalidSuppressionCommentTests {
  static let fires = [
    "FROM a\n# dockerfile-lsp: ignore=1️⃣DL99992️⃣\nRUN x\n",
    "FROM a\n# dockerfile-lsp: ignore=DF401, 1️⃣nope2️⃣, 3️⃣DL00004️⃣\nRUN x\n",
    "# dockerfile-lsp: ignore-file=1️⃣final-stage-rot2️⃣\nFROM a\n",
    "FROM a\n# dockerfile-lsp: 1️⃣ignore-next2️⃣=DF401\nRUN x\n",
    "FROM a\n# dockerfile-lsp: 1️⃣ignore2️⃣ DF401\nRUN x\n",
    "FROM a\n# dockerfile-lsp: ignore1️⃣=2️⃣\nRUN x\n",
    "FROM a\n# dockerfile-lsp: ignore=DF401 1️⃣DF2062️⃣\nRUN x\n",
    "FROM a\n# dockerfile-lsp: ignore=DF4011️⃣,2️⃣\nRUN x\n",
    "FROM a\n1️⃣# dockerfile-lsp: ignore=DF4012️⃣\n\nRUN x\n",
    "FROM a\nRUN x\n1️⃣# dockerfile-lsp: ignore=all2️⃣   \n",
    "FROM a\n# hadolint ignore=1️⃣crazy2️⃣,DL3002\nUSER root\n",
    "FROM a\n# hadolint ignore=DL3002,1️⃣dl30082️⃣\nUSER root\n",
    "FROM a\n# hadolint ignore=1️⃣DL3002x2️⃣\nUSER root\n",
    "FROM a\n# hadolint stage ignore=DL3002 1️⃣DL30082️⃣\nUSER root\n",
    "FROM a\n# hadolint 1️⃣global2️⃣ DL3002\nUSER root\n",
  ]

  static let silent = [
    "FROM a\n# dockerfile-lsp: ignore=DF401, pip-no-cache-dir,DL3042 # reason\nRUN x\n",
    "FROM a\n# dockerfile-lsp: ignore=all\n# another comment\nRUN x\n",
    "# dockerfile-lsp: ignore-file=DF401\n\nFROM a\n",
    "FROM a\n# hadolint ignore=DL3002,SC2086,DL9999\n\nUSER root\n",
    "FROM a\n# hadolint shell=pwsh\n# hadolint global ignore=DL3002\n# hadolint stage ignore=DL3002\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF005", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF005", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func messagesSuggestTheClosestId() {
    let messages = findingMessages("DF005", in: "# dockerfile-lsp: ignore-file=final-stage-rot\nFROM a\n")
    #expect(messages == ["no rule answers to `final-stage-rot`; did you mean `final-stage-root`?"])
    let far = findingMessages("DF005", in: "# dockerfile-lsp: ignore-file=zzzzzzzz\nFROM a\n")
    #expect(far == ["no rule answers to `zzzzzzzz`"])
  }

  @Test func neverCrashes() {
    for source in [
      "#", "# dockerfile-lsp:", "# dockerfile-lsp: ignore=", "\u{FEFF}# hadolint ignore=DL3000\nFROM a\n",
      "# hadolint ignore=,", "# dockerfile-lsp: ignore=,,,#", "# hadolint stage ignore=DL3000",
      String(repeating: "# hadolint ignore=DL3000\n", count: 50),
      "# dockerfile-lsp: ignore=\u{FFFD}\u{1F600}", "FROM a\n# dockerfile-lsp: ignore=DF401", "",
    ] {
      _ = codes(source)
      _ = suppressedLines(source, alias: "DL3000")
    }
  }
}
