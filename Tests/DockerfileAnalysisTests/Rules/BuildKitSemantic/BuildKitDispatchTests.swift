// The machinery behind DF213-DF218: BuildKit's word expansion, platform parsing, "did you mean" suggestions and the
// official-image environment table.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("BuildKit word evaluation")
struct BuildKitWordEvaluatorTests {
  static let scope: [String: VariableLookup] = ["A": .value("a"), "E": .value(""), "U": .unknown]
  let evaluator = BuildKitWordEvaluator(lookup: { BuildKitWordEvaluatorTests.scope[$0] ?? .unset })

  static let cases: [(String, WordOutcome)] = [
    ("plain", .value("plain")),
    ("$A-${A}", .value("a-a")),
    ("x${N}y$N", .value("xy")),
    ("${N:-dflt} ${E:-e} ${E-e} ${A:+alt} ${N+alt}", .value("dflt e  alt ")),
    ("${N:-${A}}", .value("a")),
    ("'$A' \"$A\" \\$A", .value("$A a $A")),
    ("\"a\\\"b\\x\"", .value("a\"b\\x")),
    ("a\\ b\\", .value("a b")),
    ("$ ${A}$", .value("$ a$")),
    ("${E#x}${N%y}", .value("")),
    ("${A#a}", .unknown),
    ("${A/a/b}", .unknown),
    ("$U", .unknown),
    ("${N:-$U}", .unknown),
    ("${N?}", .failed),
    ("${E:?empty}", .failed),
    ("${A", .failed),
    ("${}", .failed),
    ("${A:=x}", .failed),
    ("'open", .failed),
    ("\"open", .failed),
  ]

  @Test(arguments: cases)
  func evaluatesLikeBuildKit(_ word: String, _ expected: WordOutcome) {
    #expect(evaluator.outcome(of: Array(word.utf8)) == expected)
  }

  @Test func followsTheEscapeCharacterAndHeredocMode() {
    let backtick = BuildKitWordEvaluator(escape: "`", lookup: { _ in .value("v") })
    #expect(backtick.evaluate("C:\\$X `$Y") == "C:\\v $Y")
    let heredoc = BuildKitWordEvaluator(quotesAreLiteral: true, lookup: { _ in .value("v") })
    #expect(heredoc.evaluate("'$X' \"$Y\"") == "'v' \"v\"")
  }

  @Test func deepNestingDoesNotCrash() {
    let deep = String(repeating: "${A:-", count: 5000) + String(repeating: "}", count: 5000)
    #expect(evaluator.outcome(of: Array(deep.utf8)) == .unknown)
  }
}

@Suite("BuildKit platforms and suggestions")
struct BuildKitPlatformTests {
  @Test func parsesLikeContainerd() {
    #expect(BuildKitPlatform("linux/amd64") == BuildKitPlatform(os: "linux", architecture: "amd64"))
    #expect(BuildKitPlatform("Linux/X86_64") == BuildKitPlatform(os: "linux", architecture: "amd64"))
    #expect(BuildKitPlatform("linux/arm/v7") == BuildKitPlatform(os: "linux", architecture: "arm"))
    #expect(BuildKitPlatform("windows(10.0.17763)/amd64")?.os == "windows")
    #expect(BuildKitPlatform("macos/arm64")?.os == "darwin")
    #expect(BuildKitPlatform("linux") == BuildKitPlatform(os: "linux", architecture: "amd64"))
    #expect(BuildKitPlatform("aarch64") == BuildKitPlatform(os: "linux", architecture: "arm64"))
    #expect(BuildKitPlatform("foo/bar") == BuildKitPlatform(os: "foo", architecture: "bar"))
    for invalid in ["", "nonsense", "linux/", "linux/amd64/v1/x", "linux/*", "li nux/amd64", "linux/$X", "os(/x"] {
      #expect(BuildKitPlatform(invalid) == nil, "\(invalid)")
    }
  }

  @Test func suggestsTheFirstCloserName() {
    #expect(buildKitSuggestion(for: "PAHT", among: ["PATH"]) == "PATH")
    #expect(buildKitSuggestion(for: "BULIDPLATFORM", among: buildKitPredefinedArgs) == "BUILDPLATFORM")
    #expect(buildKitSuggestion(for: "AD", among: ["AB", "AC"]) == "AB")
    #expect(buildKitSuggestion(for: "ABCDEF", among: ["ABCXYZ"]) == nil)
    #expect(buildKitSuggestion(for: "PATH", among: ["PATH", "PATHS"]) == nil)
    #expect(buildKitSuggestion(for: "é", among: ["e"]) == "e")
  }

  @Test func knowsOfficialImageVariables() {
    #expect(OfficialImageEnvironment.variables(of: "python:3.12-slim").contains("PYTHON_VERSION"))
    #expect(OfficialImageEnvironment.variables(of: "docker.io/library/node:20").contains("NODE_VERSION"))
    #expect(OfficialImageEnvironment.variables(of: "golang@sha256:abc").contains("GOPATH"))
    #expect(OfficialImageEnvironment.variables(of: "mcr.microsoft.com/dotnet/sdk:8.0").contains("DOTNET_VERSION"))
    #expect(OfficialImageEnvironment.variables(of: "alpine:3.20").isEmpty)
    #expect(OfficialImageEnvironment.variables(of: "myorg/python:3").isEmpty)
    #expect(OfficialImageEnvironment.variables(of: "python:${V}").contains("PYTHON_VERSION"))
    #expect(OfficialImageEnvironment.variables(of: "${IMAGE}").isEmpty)
    #expect(OfficialImageEnvironment.variables(of: "localhost:5000/python").isEmpty)
  }
}
