// DF404-DF406 and DF408-DF412 became sequential rules: their findings must be the ones the whole-file versions
// (LegacyPythonRules.swift) gave, over the rules' fixtures, tricky multi-stage sources, the real-world corpus, and
// many variants of them with lines deleted, duplicated, swapped and files joined.
import DockerfileSyntax
import Foundation
import Testing

@testable import DockerfileAnalysis

@Suite("Python sequential rules match the whole-file versions")
struct PythonSequentialEquivalenceTests {
  /// Each converted rule beside its whole-file version.
  static let pairs: [(any Rule, any Rule)] = [
    (PythonFullBaseImage(), LegacyPythonFullBaseImage()),
    (PythonImageLatest(), LegacyPythonImageLatest()),
    (PythonFloatingTag(), LegacyPythonFloatingTag()),
    (CompilerInFinalStage(), LegacyCompilerInFinalStage()),
    (CopiedPackagesMismatch(), LegacyCopiedPackagesMismatch()),
    (VenvNotOnPath(), LegacyVenvNotOnPath()),
    (UserSiteUnreadable(), LegacyUserSiteUnreadable()),
    (PythonEnvDefaults(), LegacyPythonEnvDefaults()),
  ]

  /// Sources where stages, variables and candidates interact.
  static let tricky = [
    // A stage built on another through a global ARG: the chain follows it, variables (ENV) do not.
    "ARG B=base\nFROM python:3.12 AS base\nENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1\n"
      + "RUN python -m venv /opt/venv\nFROM ${B}\nCOPY --from=base /opt/venv /opt/venv\nCMD [\"python\", \"a.py\"]\n",
    "ARG B=base\nFROM python:3.12 AS base\nRUN pip install --user x\nENV HOME=/home/x\nFROM $B\nUSER app\n",
    "FROM python:3.12 AS Base\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=\"\"\nFROM base\nARG PYTHONUNBUFFERED\n"
      + "CMD [\"python\", \"a.py\"]\n",
    // Stacked PATH definitions, past the depth the whole-file version reads.
    "FROM python:3.12-slim AS b\nRUN python -m venv /v\nFROM python:3.12-slim\nCOPY --from=b /v /v\n"
      + String(repeating: "ENV PATH=/x:$PATH\n", count: 31) + "CMD [\"python\", \"a.py\"]\n",
    "FROM python:3.12-slim AS b\nRUN python -m venv /v\nFROM python:3.12-slim\nCOPY --from=b /v /v\n"
      + String(repeating: "ENV PATH=/x:$PATH\n", count: 33) + "CMD [\"python\", \"a.py\"]\n",
    "FROM python:3.12-slim AS b\nRUN python -m venv /v\nFROM python:3.12-slim\nCOPY --from=b /v /v\nARG PATH\n"
      + "CMD [\"python\", \"a.py\"]\n",
    "FROM python:3.12-slim AS b\nRUN python -m venv /v\nFROM python:3.12-slim\nCOPY --from=b /v /v\nARG D=/v\n"
      + "ENV PATH=${D}/bin:$PATH PATH=/y:$PATH\nCMD [\"python\", \"a.py\"]\n",
    // COPY --from a number that a later stage carries as its name.
    "FROM python:3.11-slim\nRUN python -m venv /venv\nFROM python:3.12-slim\nCOPY --from=0 /venv /venv\n"
      + "FROM python:3.12 AS 0\n",
    "FROM python:3.11-slim\nRUN python -m venv /venv\nFROM python:3.12-slim\nCOPY --from=0 /venv /venv\n",
    "FROM python:3.11-slim AS a\nFROM python:3.12-slim AS a\nFROM python:3.13-slim\nCOPY --from=A /x/site-packages /y\n",
    // COPY --from a later stage, or the stage itself.
    "FROM python:3.12-slim AS b\nCOPY --from=later /opt/venv /opt/venv\nCMD [\"python\", \"a.py\"]\n"
      + "FROM python:3.12-slim AS later\nRUN python -m venv /opt/venv\nFROM b\n",
    // Candidates in several stages of a chain.
    "FROM python:3.12 AS a\nRUN apt-get install -y gcc\nFROM a AS b\nRUN apk add musl-dev && pip install x\n"
      + "FROM b\nRUN apt-get install -y g++ libpq-dev && apt-get purge -y g++\nCMD [\"gunicorn\"]\n",
    "FROM python:3.12 AS a\nRUN pip install --user x\nFROM a\nCOPY --from=a /r /root/.local/lib\nRUN chown -R 1 /tmp\n"
      + "USER 1000\nFROM a\nUSER app\n",
    "FROM python:3.12 AS a\nRUN pip install --user x\nFROM a\nRUN chmod 755 /root\nUSER app\n",
    "FROM python:3.12\nUSER app\nUSER\nRUN pip install --user x\nUSER app\n",
    "FROM python:3.12-slim\nRUN uv sync\nRUN uv sync\nENV UV_PROJECT_ENVIRONMENT=/e\nRUN uv sync\n"
      + "RUN pip install --user gunicorn\nENV PATH=/e/bin:$PATH\nCMD gunicorn app\n",
    "FROM python:3.12-slim AS b\nRUN /opt/v/bin/pip install x\nFROM b\nRUN virtualenv /opt/v\nCMD [\"python\"]\n"
      + "ENTRYPOINT [\"tini\", \"--\", \"python3\"]\n",
    "ONBUILD FROM x\nFROM python:3\nONBUILD RUN apt-get install gcc\nONBUILD CMD python\nCMD [\"python\", \"x\"]\n",
    "CMD [\"python\"]\nENV PATH=/x\nARG V=3.12\nFROM python:${V}\nCMD python app.py\n",
  ]

  /// The rules' own fixtures, without their markers.
  static var fixtures: [String] {
    let marked =
      PythonFullBaseImageTests.fires + PythonFullBaseImageTests.silent + PythonImageLatestTests.fires
      + PythonImageLatestTests.silent + PythonFloatingTagTests.fires + PythonFloatingTagTests.silent
      + CompilerInFinalStageTests.fires + CompilerInFinalStageTests.silent + CopiedPackagesMismatchTests.fires
      + CopiedPackagesMismatchTests.silent + VenvNotOnPathTests.fires + VenvNotOnPathTests.silent
      + VenvNotOnPathTests.unknownBases + UserSiteUnreadableTests.fires + UserSiteUnreadableTests.silent
      + PythonEnvDefaultsTests.fires + PythonEnvDefaultsTests.silent
    return marked.map { String(decoding: markedRanges($0).0, as: UTF8.self) } + tricky
  }

  /// The findings of one rule as a sorted list.
  static func findings(_ rule: any Rule, _ bytes: [UInt8]) -> [String] {
    let context = RuleContext(tree: SyntaxTree(bytes))
    var out: [String] = []
    rule.check(context) { range, message in out.append("\(range) \(message)") }
    return out.sorted()
  }

  /// Compares every pair on one source.
  static func compare(_ bytes: [UInt8], _ label: String) -> Int {
    var differences = 0
    for (rule, legacy) in pairs {
      let now = findings(rule, bytes)
      let before = findings(legacy, bytes)
      if now != before {
        differences += 1
        Issue.record(
          "\(rule.descriptor.code) \(label): \(now) != \(before)\n\(String(decoding: bytes, as: UTF8.self))")
      }
    }
    return differences
  }

  /// Variants of a source: lines deleted, duplicated and swapped (a seeded generator, so runs repeat).
  static func variants(_ source: String, count: Int, seed: UInt64) -> [String] {
    var state = seed &+ 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(max(bound, 1)))
    }
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard lines.count > 1 else { return [] }
    var out: [String] = []
    for _ in 0..<count {
      var l = lines
      for _ in 0..<(1 + next(3)) {
        let i = next(l.count)
        switch next(3) {
        case 0: if l.count > 1 { l.remove(at: i) }
        case 1: l.insert(l[i], at: next(l.count + 1))
        default: l.swapAt(i, next(l.count))
        }
      }
      out.append(l.joined(separator: "\n"))
    }
    return out
  }

  @Test func fixturesAndTrickySources() {
    for source in Self.fixtures { _ = Self.compare(Array(source.utf8), "fixture") }
    // The comparison means something only if every rule reports on some of them.
    for (_, legacy) in Self.pairs {
      let reporting = Self.fixtures.filter { !Self.findings(legacy, Array($0.utf8)).isEmpty }
      #expect(reporting.count >= 3, "\(legacy.descriptor.code)")
    }
  }

  @Test func variantsOfFixtures() {
    let fixtures = Self.fixtures
    for (n, source) in fixtures.enumerated() {
      for v in Self.variants(source, count: 30, seed: UInt64(n)) { _ = Self.compare(Array(v.utf8), "variant") }
      // Joined with another fixture, so that stages of one build on the other's.
      let other = fixtures[(n * 7 + 3) % fixtures.count]
      let joined = source + other.replacingOccurrences(of: "FROM python:3.12-slim\n", with: "FROM build\n")
      for v in [joined] + Self.variants(joined, count: 10, seed: UInt64(n) + 1000) {
        _ = Self.compare(Array(v.utf8), "joined")
      }
    }
  }

  @Test func realCorpus() throws {
    let directory = "/work/shared/corpus/real"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for (n, name) in names.filter({ $0.hasSuffix(".Dockerfile") }).sorted().enumerated() {
      let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
      let source = String(decoding: data, as: UTF8.self)
      _ = Self.compare([UInt8](data), name)
      for v in Self.variants(source, count: 5, seed: UInt64(n)) { _ = Self.compare(Array(v.utf8), name + " variant") }
    }
  }
}
