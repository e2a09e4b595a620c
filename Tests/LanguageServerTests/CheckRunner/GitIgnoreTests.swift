// `.gitignore` matching as git does it: anchoring, directory-only patterns, negation, `**`, classes, escapes.
import Testing

@testable import LanguageServer

/// The decision of `patterns` for `path`: "ignored", "included" (re-included by `!`) or "-" (no pattern matched).
private func decide(_ patterns: String, _ path: String, directory: Bool = false) -> String {
  switch GitIgnore(contents: Array(patterns.utf8)).decision(for: path, isDirectory: directory) {
  case true?: return "ignored"
  case false?: return "included"
  case nil: return "-"
  }
}

@Suite("gitignore matching")
struct GitIgnoreTests {
  @Test func unanchoredPatternsMatchNamesAtAnyDepth() {
    #expect(decide("build", "build") == "ignored")
    #expect(decide("build", "a/b/build") == "ignored")
    #expect(decide("build", "a/build/x") == "-")  // Parents are decided when the walk reaches them.
    #expect(decide("*.tmp", "x/y.tmp") == "ignored")
    #expect(decide("Dockerfile.*", "svc/Dockerfile.dev") == "ignored")
  }

  @Test func aSlashAnchorsThePattern() {
    #expect(decide("/build", "build") == "ignored")
    #expect(decide("/build", "a/build") == "-")
    #expect(decide("a/build", "a/build") == "ignored")
    #expect(decide("a/build", "x/a/build") == "-")
    #expect(decide("a/*.df", "a/x.df") == "ignored")
    #expect(decide("a/*.df", "a/b/x.df") == "-")  // `*` never crosses a slash.
  }

  @Test func trailingSlashMatchesDirectoriesOnly() {
    #expect(decide("out/", "out", directory: true) == "ignored")
    #expect(decide("out/", "out") == "-")
    #expect(decide("out/", "a/out", directory: true) == "ignored")  // Still unanchored.
    #expect(decide("/a/out/", "a/out", directory: true) == "ignored")
  }

  @Test func negationAndLastMatchWins() {
    let patterns = "*.dockerfile\n!keep.dockerfile\n"
    #expect(decide(patterns, "drop.dockerfile") == "ignored")
    #expect(decide(patterns, "keep.dockerfile") == "included")
    #expect(decide("!keep.dockerfile\n*.dockerfile\n", "keep.dockerfile") == "ignored")
    #expect(decide("\\!important", "!important") == "ignored")
  }

  @Test func doubleStar() {
    #expect(decide("**/gen", "gen", directory: true) == "ignored")
    #expect(decide("**/gen", "a/b/gen") == "ignored")
    #expect(decide("gen/**", "gen/a/b") == "ignored")
    #expect(decide("gen/**", "gen") == "-")
    #expect(decide("a/**/b", "a/b") == "ignored")
    #expect(decide("a/**/b", "a/x/y/b") == "ignored")
    #expect(decide("a/**/b", "a/xb") == "-")
    #expect(decide("a**b", "axyb") == "ignored")  // Not a whole component: an ordinary `*`.
    #expect(decide("a**b", "ax/yb") == "-")
    #expect(decide("**", "anything/at/all") == "ignored")
  }

  @Test func wildcardsAndClasses() {
    #expect(decide("Dockerfile.?", "Dockerfile.a") == "ignored")
    #expect(decide("Dockerfile.?", "Dockerfile.ab") == "-")
    #expect(decide("v[0-9].df", "v7.df") == "ignored")
    #expect(decide("v[!0-9].df", "v7.df") == "-")
    #expect(decide("v[^0-9].df", "vx.df") == "ignored")
    #expect(decide("v[[:digit:]].df", "v3.df") == "ignored")
    #expect(decide("[]x]", "]") == "ignored")
    #expect(decide("a[/]b", "a/b") == "-")
    #expect(decide("unclosed[", "unclosed[") == "-")  // A malformed pattern never matches.
  }

  @Test func commentsBlanksSpacesAndEscapes() {
    #expect(decide("# build\n\n", "# build") == "-")
    #expect(decide("\\#build", "#build") == "ignored")
    #expect(decide("build   \n", "build") == "ignored")
    #expect(decide("build\\ \n", "build ") == "ignored")
    #expect(decide("build\r\n", "build") == "ignored")
    #expect(decide("\u{FEFF}build", "build") == "ignored")
    #expect(decide("a\\*b", "a*b") == "ignored")
    #expect(decide("a\\*b", "axb") == "-")
  }

  @Test func deeperIgnoreFilesWin() {
    var stack = IgnoreStack()
    stack.levels.append(.init(prefix: "/r/", ignore: GitIgnore(contents: Array("*.dockerfile\n".utf8))))
    stack.levels.append(.init(prefix: "/r/sub/", ignore: GitIgnore(contents: Array("!keep.dockerfile\n".utf8))))
    #expect(stack.isIgnored("/r/x.dockerfile", isDirectory: false))
    #expect(stack.isIgnored("/r/sub/x.dockerfile", isDirectory: false))
    #expect(!stack.isIgnored("/r/sub/keep.dockerfile", isDirectory: false))
    #expect(stack.isIgnored("/r/keep.dockerfile", isDirectory: false))
    #expect(!stack.isIgnored("/r/Dockerfile", isDirectory: false))
  }

  @Test func pathologicalPatternsStayFast() {
    let pattern = String(repeating: "*a", count: 30) + "b"
    #expect(decide(pattern, String(repeating: "a", count: 200)) == "-")
    let deep = String(repeating: "**/x/", count: 20) + "y"
    #expect(decide(deep, String(repeating: "x/", count: 40) + "z") == "-")
  }
}
