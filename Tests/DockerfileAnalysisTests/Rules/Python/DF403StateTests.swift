// DF403's cheap steps must not change what it reports: the byte-wise checks of COPY sources and install flags
// agree with the string-wise ones they stand in for, the shortcut that skips non-Python commands never skips an
// install, and the cached analysis equals a fresh one under edits.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF403 state and fast paths")
struct DF403StateTests {
  let rule = CopyBeforeDependencyInstall()

  /// COPY sources made of the pieces the checks look at, with non-ASCII text, CR and invalid UTF-8 among them.
  static let sourcePieces: [[UInt8]] =
    [
      ".", "/", "./", "$", "*", "?", "[", "src", "app", "lib", "sources", "code", "requirements", "x", "é", "\u{301}",
      "\r", "\n", "\r\n", "pkg", "-", "=", "~",
    ].map { Array($0.utf8) } + [[0xFF], [0xE2, 0x82]]

  @Test func byteChecksOfSourcesAgreeWithStringChecks() {
    var rng = AnalysisRandom(state: 4031)
    for _ in 0..<20_000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int.random(in: 0...4, using: &rng) { bytes += Self.sourcePieces.randomElement(using: &rng)! }
      let string = String(decoding: bytes, as: UTF8.self)
      #expect(rule.isBroadSource(bytes[...]) == rule.isBroadSource(string), "\(bytes)")
      #expect(rule.directoryName(bytes[...]) == rule.directoryName(string), "\(bytes)")
    }
  }

  /// Words of install commands and of others, with wrappers, runners and look-alike flags.
  static let commandWords = [
    "pip", "pip3", "pip3.12", "python", "python3", "python3.12", "pypy3", "-m", "-mpip", "install", "wheel", "-r",
    "req.txt", "--no-deps", "--no-deps=1", "--no-deps=", "--no-depsx", "--no-dep", "--only-root", "poetry", "uv",
    "sync", "sudo", "-u", "root", "env", "A=1", "nice", "timeout", "5", "apt-get", "/usr/bin/pip", "/opt/venv/bin/pip",
    "pipenv", "pdm", "hatch", "run", "rye", "pyenv", "exec", "--no-deps=\u{301}", "--no-deps\u{301}", "é", "pip\u{301}",
    "\"$X\"", "$PIP", "-q", ".", "./pkg", "&&", ";", "|", "sh", "-c", "'pip install --no-deps .'", "echo", "set", "-e",
    "command", "nohup", "time", "Pip", "ü", "pipx", "uvx", "python3½",
  ]

  /// Beginnings of install commands.
  static let installHeads = [
    "pip install", "pip3 -q install", "python -m pip install", "sudo pip install", "uv pip install", "uv sync",
    "poetry install", "pipenv install", "pdm install", "hatch run pip install", "env A=1 pip install",
    "uv pip sync", "pip wheel",
  ]

  @Test func commandShortcutsAgreeWithTheInstallReader() {
    var rng = AnalysisRandom(state: 4032)
    var installs = 0
    for _ in 0..<20_000 {
      // Half of them start as an install does, so that the reader's results are checked too.
      let head = Bool.random(using: &rng) ? [Self.installHeads.randomElement(using: &rng)!] : []
      let text =
        (head + (0..<Int.random(in: 1...8, using: &rng)).map { _ in Self.commandWords.randomElement(using: &rng)! })
        .joined(separator: " ")
      for command in parseShell(Array(text.utf8)).expanded {
        let install = pythonInstall(command)
        if !mayBePythonInstall(command) { #expect(install == nil, "\(text)") }
        if let install {
          installs += 1
          #expect(rule.isNoDeps(install) == install.isNoDeps, "\(text)")
        }
      }
    }
    // The random commands must exercise the install reader, not only the shortcut.
    #expect(installs > 1000)
  }

  /// Stages built on named stages, ENV and ARG read by installs through variables, copies blamed and not.
  static let editedSources = [
    "ARG R=requirements.txt\nFROM python:3.12-slim AS base\nENV REQ=requirements.txt DEV=dev.txt\n"
      + "COPY requirements.txt .\nRUN pip install -r $REQ\nFROM base AS mid\nARG REQ=other.txt\nCOPY . .\n"
      + "RUN pip install -r ${REQ} && pip install -r $DEV\nFROM mid\nENV DEV=requirements.txt\nCOPY src src\n"
      + "RUN pip install -r $DEV\nFROM python:3.12-slim\nCOPY pkg pkg\nRUN pip install ./pkg\nCOPY . .\n"
      + "RUN uv sync\n",
    (CopyBeforeDependencyInstallTests.fires + CopyBeforeDependencyInstallTests.silent
      + CopyBeforeDependencyInstallTests.stageFixtures)
      .map { String(decoding: markedRanges($0).0, as: UTF8.self) }.joined(separator: "\n"),
  ]

  @Test(arguments: [1, 2, 7])
  func cachedAnalysisEqualsFreshUnderEdits(_ spacing: Int) {
    var options = AnalysisOptions()
    options.enabled = ["DF403"]
    for (k, source) in Self.editedSources.enumerated() {
      checkIncrementalAnalysis(
        source, sequences: 4, editsPerSequence: 12, seed: 403 &+ UInt64(k * 10 + spacing), spacing: spacing,
        label: "DF403 \(k)", options: options)
    }
  }
}
