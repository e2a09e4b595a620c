// Typed views answer with exact source ranges, marked in the test sources with 1️⃣…9️⃣.
import Testing

@testable import DockerfileSyntax

@Suite("Typed instruction views")
struct TypedInstructionTests {
  func tree(_ text: String) -> (SyntaxTree, [String: Int]) {
    let (bytes, markers) = extractMarkers(text)
    return (SyntaxTree(bytes), markers)
  }

  func range(_ m: [String: Int], _ a: String, _ b: String) -> Range<Int> { m[a]!..<m[b]! }

  @Test func fromWithPlatformAndStage() throws {
    let (t, m) = tree("FROM 1️⃣--platform=$BUILDPLATFORM2️⃣ 3️⃣python:3.12-slim4️⃣ 5️⃣AS6️⃣ 7️⃣build8️⃣\n")
    let from = try #require(FromInstruction(t.instructions[0]))
    #expect(from.platform?.range == range(m, "1️⃣", "2️⃣"))
    #expect(from.platform?.stringValue == "$BUILDPLATFORM")
    #expect(from.image?.range == range(m, "3️⃣", "4️⃣"))
    #expect(from.asKeyword?.range == range(m, "5️⃣", "6️⃣"))
    #expect(from.stageName?.range == range(m, "7️⃣", "8️⃣"))
    #expect(from.stageName?.string == "build")
  }

  @Test func fromWithoutStage() throws {
    let (t, _) = tree("from ubuntu\n")
    let from = try #require(FromInstruction(t.instructions[0]))
    #expect(from.image?.string == "ubuntu")
    #expect(from.stageName == nil)
    #expect(t.instructions[0].keyword.text == Array("from".utf8))
  }

  @Test func runMountsAndHeredoc() throws {
    let (t, m) = tree(
      "FROM x\nRUN --mount=1️⃣type=cache2️⃣,3️⃣target=/root/.cache/pip4️⃣ --network=none 5️⃣<<EOF6️⃣\npip install x\nEOF\n")
    let run = try #require(RunInstruction(t.instructions[1]))
    let mount = try #require(run.mounts.first)
    #expect(mount.type == "cache")
    #expect(mount.option("type")?.range == range(m, "1️⃣", "2️⃣"))
    #expect(mount.option("target")?.value == "/root/.cache/pip")
    #expect(mount.option("target")?.range == range(m, "3️⃣", "4️⃣"))
    #expect(run.network?.stringValue == "none")
    #expect(run.heredocs.first?.openerRange == range(m, "5️⃣", "6️⃣"))
    #expect(String(decoding: run.heredocs[0].content, as: UTF8.self) == "pip install x\n")
    #expect(!run.isExecForm)
  }

  @Test func runCommandTextSpansContinuations() throws {
    let (t, m) = tree("FROM x\nRUN 1️⃣apt-get update \\\n  && apt-get install -y gcc2️⃣\n")
    let run = try #require(RunInstruction(t.instructions[1]))
    #expect(run.commandText.range == range(m, "1️⃣", "2️⃣"))
    #expect(String(decoding: run.commandText.text, as: UTF8.self) == "apt-get update   && apt-get install -y gcc")
    // The argument maps back to two source pieces, around the continuation.
    let logical = t.instructions[1].syntax.argumentText
    #expect(t.instructions[1].sourcePieces(logical).count == 2)
  }

  @Test func copySourcesDestinationAndFrom() throws {
    let (t, m) = tree("COPY --from=build --chown=app 1️⃣requirements.txt2️⃣ 3️⃣setup.py4️⃣ 5️⃣/app/6️⃣\n")
    let copy = try #require(CopyInstruction(t.instructions[0]))
    #expect(copy.sources.map(\.range) == [range(m, "1️⃣", "2️⃣"), range(m, "3️⃣", "4️⃣")])
    #expect(copy.destination?.range == range(m, "5️⃣", "6️⃣"))
    #expect(copy.from?.stringValue == "build")
    #expect(copy.chown?.stringValue == "app")
    #expect(!copy.isAdd)
  }

  @Test func copyJSONForm() throws {
    let (t, m) = tree("COPY [1️⃣\"a b\"2️⃣, \"/dst/\"]\n")
    let copy = try #require(CopyInstruction(t.instructions[0]))
    #expect(copy.sources.map(\.string) == ["a b"])
    #expect(copy.sources[0].range == range(m, "1️⃣", "2️⃣"))
    #expect(t.instructions[0].form == .json)
  }

  @Test func envPairsBothForms() throws {
    let (t, m) = tree("ENV 1️⃣A2️⃣=3️⃣\"x y\"4️⃣ B=2\nENV 5️⃣LEGACY6️⃣ 7️⃣some value8️⃣\n")
    let env = try #require(KeyValueInstruction(t.instructions[0]))
    #expect(env.pairs.map { String(decoding: $0.key, as: UTF8.self) } == ["A", "B"])
    #expect(env.pairs[0].keyRange == range(m, "1️⃣", "2️⃣"))
    #expect(env.pairs[0].valueRange == range(m, "3️⃣", "4️⃣"))
    #expect(env.pairs[0].value == Array("\"x y\"".utf8))
    let legacy = try #require(KeyValueInstruction(t.instructions[1]))
    #expect(legacy.pairs[0].isLegacy)
    #expect(legacy.pairs[0].keyRange == range(m, "5️⃣", "6️⃣"))
    #expect(legacy.pairs[0].valueRange == range(m, "7️⃣", "8️⃣"))
  }

  @Test func argDeclarations() throws {
    let (t, m) = tree("ARG 1️⃣PY2️⃣=3️⃣3.124️⃣ 5️⃣DEBUG6️⃣\n")
    let arg = try #require(ArgInstruction(t.instructions[0]))
    let d = arg.declarations
    #expect(d.count == 2)
    #expect(d[0].nameRange == range(m, "1️⃣", "2️⃣"))
    #expect(d[0].defaultRange == range(m, "3️⃣", "4️⃣"))
    #expect(d[1].nameRange == range(m, "5️⃣", "6️⃣"))
    #expect(d[1].defaultValue == nil)
  }

  @Test func healthcheckAndOnbuild() throws {
    let (t, _) = tree(
      "HEALTHCHECK --interval=5s CMD [\"curl\", \"-f\", \"x\"]\nHEALTHCHECK NONE\nONBUILD RUN echo hi\n")
    let hc = try #require(HealthcheckInstruction(t.instructions[0]))
    #expect(hc.type?.string == "CMD")
    #expect(hc.command.map(\.string) == ["curl", "-f", "x"])
    #expect(HealthcheckInstruction(t.instructions[1])?.command.isEmpty == true)
    let onbuild = try #require(OnbuildInstruction(t.instructions[2]))
    #expect(onbuild.trigger?.kind == .run)
    #expect(onbuild.trigger?.arguments.map(\.string) == ["echo hi"])
  }

  @Test func variableReferencesMapToSource() throws {
    let (t, m) = tree("FROM x\nENV P=1️⃣${PYTHON_VERSION:-3.12}2️⃣ \\\n  Q=3️⃣$HOME4️⃣\n")
    let refs = t.instructions[1].variableReferences().references
    #expect(refs.map { String(decoding: $0.name, as: UTF8.self) } == ["PYTHON_VERSION", "HOME"])
    #expect(refs[0].range == range(m, "1️⃣", "2️⃣"))
    #expect(refs[1].range == range(m, "3️⃣", "4️⃣"))
    #expect(refs[0].modifier == .defaultIfUnsetOrEmpty)
  }

  @Test func unknownInstructionHasASuggestion() {
    let (t, m) = tree("FROM x\n1️⃣FORM2️⃣ y\n")
    let e = t.errors.first { $0.kind == .instruction }
    #expect(e?.range == range(m, "1️⃣", "2️⃣"))
    #expect(e?.message == "unknown instruction: FORM (did you mean from?)")
  }

  @Test func tokensTileTheSourceAndClassify() {
    let (t, _) = tree("# syntax=x\nFROM a AS b\nRUN x \\\n  # c\n  y\nRUN <<E\nbody\nE\n")
    let tokens = t.tokens()
    var pos = 0
    for tok in tokens {
      #expect(tok.range.lowerBound == pos)
      pos = tok.range.upperBound
    }
    #expect(pos == t.source.count)
    let kinds = Set(tokens.map(\.kind))
    for k: TokenKind in [
      .directive, .keyword, .argument, .lineContinuation, .comment, .heredocOpener, .heredocBody,
      .heredocTerminator, .newline,
    ] {
      #expect(kinds.contains(k), "\(k)")
    }
  }

  @Test func editMarkersDescribeAnIncrementalEdit() throws {
    let (before, editRange, replacement, after) = extractEdit("FROM x\nRUN ⏩️a⏸️b \\\n c⏪️\nRUN d\n")
    var tree = SyntaxTree(before)
    try tree.apply(TextEdit(range: editRange, replacement: replacement))
    #expect(tree.source == after)
    #expect(tree.instructions[1].arguments.map(\.string) == ["b  c"])
    #expect(tree.treeDescription() == SyntaxTree(after).treeDescription())
  }
}
