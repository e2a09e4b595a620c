// DF401 pip-no-cache-dir: sources that must be reported (with the exact range, between 1️⃣ and 2️⃣, and
// 3️⃣ and 4️⃣ for a second finding) and sources that must not.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

/// The DF401 findings' ranges for a source.
func pipFindings(_ bytes: [UInt8]) -> [Range<Int>] {
  analyze(SyntaxTree(bytes)).filter { $0.code == "DF401" }.map(\.range)
}

@Suite("DF401 pip-no-cache-dir")
struct PipNoCacheDirTests {
  static let fires = [
    "FROM python:3.12\nRUN 1️⃣pip install2️⃣ -r requirements.txt\n",
    "FROM python:3.12\nRUN 1️⃣pip3 install2️⃣ flask && 3️⃣python -m pip install4️⃣ .\n",
    "FROM python:3.12\nRUN apt-get update \\\n && 1️⃣python3.12 -m pip install2️⃣ x\n",
    "FROM python:3.12\nRUN sudo -E 1️⃣pip -q install2️⃣ x\n",
    "FROM python:3.12\nRUN sh -c '1️⃣pip install2️⃣ x'\n",
    "FROM python:3.12\nRUN 1️⃣uv pip install2️⃣ --system x\n",
    "FROM python:3.12\nENV PIP_NO_CACHE_DIR=0\nRUN 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/var/cache/apt 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12\nRUN <<EOF\nset -e\n1️⃣pip install2️⃣ x\nEOF\n",
    "FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12\nONBUILD RUN 1️⃣pip install2️⃣ x\n",
    // The file's ENV does not reach an ONBUILD trigger, which runs in a child image.
    "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nONBUILD RUN 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12 AS a\nONBUILD ENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nONBUILD RUN 1️⃣pip3 install2️⃣ x\n",
    "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=0 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12\nRUN export PIP_NO_CACHE_DIR=no && 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12\nRUN --mount=type=bind,target=/root/.cache/pip 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nENV PIP_NO_CACHE_DIR=off\nRUN 1️⃣pip install2️⃣ x\n",
    "ENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12\nRUN UV_NO_CACHE=1 1️⃣pip install2️⃣ x\n",
  ]

  static let silent = [
    "FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n",
    "FROM python:3.12\nRUN python -m pip install --no-cache-dir .\n",
    "FROM python:3.12\nRUN pip install --no-cache /wheels/*.whl\n",
    "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n",
    "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=true\nFROM base\nRUN pip install x\n",
    "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n",
    "FROM python:3.12\nRUN uv pip install --no-cache x\n",
    "FROM python:3.12\nRUN pip download x && pip --version && pip freeze > r.txt\n",
    "FROM python:3.12\nRUN [\"pip\", \"install\", \"x\"]\n",
    "FROM python:3.12\nRUN python3 <<EOF\nimport os; os.system('pip install x')\nEOF\n",
    "FROM python:3.12\nRUN echo pip install x\n",
    "FROM python:3.12\nCMD pip install x\n",
    "FROM python:3.12\nRUN export PIP_NO_CACHE_DIR=1 && pip install x\n",
    "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=\"true\" pip install x\n",
    "FROM python:3.12\nRUN pip install x && rm -rf /tmp/* # PIP_NO_CACHE_DIR=on\n",
    "ENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n",
    "FROM python:3.12\nARG PIP_NO_CACHE_DIR=1\nRUN pip install x\n",
    "FROM python:3.12\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip install x\n",
    "FROM python:3.12\nONBUILD RUN --mount=type=cache,target=/root/.cache/pip pip install x\n",
    "FROM python:3.12\nONBUILD ENV PIP_NO_CACHE_DIR=1\nONBUILD RUN pip install x\n",
    "FROM python:3.12\nONBUILD RUN PIP_NO_CACHE_DIR=yes pip install x\n",
    "FROM python:3.12\nONBUILD ONBUILD RUN pip install x\n",
    "FROM python:3.12\nRUN pipx install black && pipenv install && python -m pipx install y\n",
    "FROM python:3.12\nRUN UV_NO_CACHE=1 uv pip install x\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(pipFindings(bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(pipFindings(Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func answersToItsAliasAndCanBeTurnedOff() {
    #expect(RuleRegistry.rule("DL3042")?.descriptor.code == "DF401")
    #expect(RuleRegistry.rule("pip-no-cache-dir")?.descriptor.code == "DF401")
    var options = AnalysisOptions()
    options.disabled = ["dl3042"]
    #expect(!analyze(SyntaxTree("FROM x\nRUN pip install y\n"), options: options).contains { $0.code == "DF401" })
    options = AnalysisOptions()
    options.severity = ["DF401": .error]
    #expect(
      analyze(SyntaxTree("FROM x\nRUN pip install y\n"), options: options).first { $0.code == "DF401" }?.severity
        == .error)
  }
}

extension PipNoCacheDirTests {
  /// ENV reaches a stage through chains of stage names (case-insensitively, the latest stage of a name), a
  /// stage's own ARG hides it, and ONBUILD ENV triggers count only in their own stage.
  static let stageFixtures = [
    "FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM a AS b\nFROM B\nRUN pip install x\n",
    "FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM a\nARG PIP_NO_CACHE_DIR\nRUN 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12 AS a\nFROM a\nRUN 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM a\nENV PIP_NO_CACHE_DIR=0\nRUN 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12 AS a\nRUN 1️⃣pip install2️⃣ x\nENV PIP_NO_CACHE_DIR=1\nFROM a\nRUN pip install x\n",
    "FROM python:3.12 AS a\nARG PIP_NO_CACHE_DIR=1\nFROM a\nRUN 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12\nONBUILD ENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nONBUILD RUN 1️⃣pip install2️⃣ x\n",
    "FROM python:3.12\nENV UV_NO_CACHE=1\nRUN uv pip install x && 1️⃣pip install2️⃣ y\n",
  ]

  @Test(arguments: stageFixtures)
  func followsStages(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(pipFindings(bytes) == expected, "\(source.debugDescription)")
  }
}

extension PipNoCacheDirTests {
  /// The names that `pipInstall` accepts for a command's first word, read by characters as it reads them.
  static func namesPip(_ text: String) -> Bool {
    let name = String(text.split(separator: "/").last ?? "")
    if name == "pip" || (name.hasPrefix("pip") && name.dropFirst(3).allSatisfy { $0.isNumber || $0 == "." }) {
      return true
    }
    if name.hasPrefix("python") && name.dropFirst(6).allSatisfy({ $0.isNumber || $0 == "." }) { return true }
    return name == "uv"
  }

  /// Pieces of first words: names, paths, numbers (also non-ASCII ones), and marks that join a `/` to the
  /// character before or after it, so that byte and character readings of the word differ.
  static let namePieces = [
    "pip", "python", "uv", "p", "u", "3", ".", "12", "/", "/usr/bin/", "a", "x", "٣", "\u{301}", "\u{600}", "é",
    "\u{200D}", "py", "", "\r", "\n", "//",
  ]

  @Test func byteShortcutsReadNamesAsStringsDo() {
    var rng = AnalysisRandom(state: 401)
    var accepted = 0
    for _ in 0..<50_000 {
      let text = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Self.namePieces.randomElement(using: &rng)! }
        .joined()
      #expect(
        PipNoCacheDir.commandName(Array(text.utf8)) == String(text.split(separator: "/").last ?? ""),
        "\(text.debugDescription)")
      guard Self.namesPip(text) else { continue }
      accepted += 1
      #expect(PipNoCacheDir.mayNamePip(Array(text.utf8)), "\(text.debugDescription)")
    }
    // The random words must reach the accepted names often, not only the shortcut's rejections.
    #expect(accepted > 1000)
  }
}
