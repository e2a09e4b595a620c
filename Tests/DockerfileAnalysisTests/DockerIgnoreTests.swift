import DockerfileAnalysis
// The .dockerignore matcher must exclude exactly the context paths Docker's patternmatcher excludes.
import Testing

/// One row of the matching table: ignore-file lines, a context path, and whether Docker excludes it.
struct IgnoreCase: Sendable, CustomTestStringConvertible {
  let lines: [String]
  let path: String
  let excluded: Bool

  init(_ lines: [String], _ path: String, _ excluded: Bool) {
    self.lines = lines
    self.path = path
    self.excluded = excluded
  }

  var testDescription: String { "\(lines.joined(separator: " | ")) ~ \(path) -> \(excluded)" }
}

private let ignoreCases: [IgnoreCase] = [
  // Plain names and parent directories.
  IgnoreCase([".git"], ".git", true),
  IgnoreCase([".git"], ".git/HEAD", true),
  IgnoreCase([".git"], ".git/refs/heads/main", true),
  IgnoreCase([".git"], "src/.git", false),
  IgnoreCase([".git"], ".gitignore", false),
  IgnoreCase(["node_modules"], "node_modules/left-pad/index.js", true),
  IgnoreCase(["build/"], "build/out.o", true),
  IgnoreCase(["/build"], "build", true),
  IgnoreCase(["./x"], "x", true),
  IgnoreCase(["./a/../b"], "b/c", true),
  IgnoreCase(["./a/../b"], "a/b", false),
  IgnoreCase(["a//b/./c/"], "a/b/c", true),
  // Single-level wildcards.
  IgnoreCase(["*.pyc"], "main.pyc", true),
  IgnoreCase(["*.pyc"], "pkg/main.pyc", false),
  IgnoreCase(["*/*.pyc"], "pkg/main.pyc", true),
  IgnoreCase(["*"], "anything/at/all", true),
  IgnoreCase(["*.md"], "README.md", true),
  IgnoreCase(["?.txt"], "a.txt", true),
  IgnoreCase(["?.txt"], "ab.txt", false),
  IgnoreCase(["a?c"], "a/c", false),
  IgnoreCase(["[a-c]?.txt"], "b1.txt", true),
  IgnoreCase(["[a-c]?.txt"], "d1.txt", false),
  IgnoreCase(["[^a-c].txt"], "d.txt", true),
  IgnoreCase(["[^a-c].txt"], "a.txt", false),
  IgnoreCase(["[!a].txt"], "!.txt", true),
  IgnoreCase(["[!a].txt"], "b.txt", false),
  IgnoreCase(["[xyz]"], "y", true),
  IgnoreCase(["\\*.txt"], "*.txt", true),
  IgnoreCase(["\\*.txt"], "a.txt", false),
  IgnoreCase(["a.b"], "aXb", false),
  IgnoreCase(["f(1)+{x}$"], "f(1)+{x}$", true),
  // Double-star wildcards.
  IgnoreCase(["**/__pycache__"], "__pycache__", true),
  IgnoreCase(["**/__pycache__"], "pkg/sub/__pycache__/m.cpython-312.pyc", true),
  IgnoreCase(["**/*.pyc"], "a/b/c.pyc", true),
  IgnoreCase(["**/*.pyc"], "c.pyc", true),
  IgnoreCase(["docs/**/*.md"], "docs/a.md", true),
  IgnoreCase(["docs/**/*.md"], "docs/x/y/a.md", true),
  IgnoreCase(["docs/**/*.md"], "docs/x/a.txt", false),
  IgnoreCase(["docs/**/*.md"], "other/docs/a.md", false),
  IgnoreCase(["a/**"], "a/b/c", true),
  IgnoreCase(["a/**"], "a", false),
  IgnoreCase(["a/**/b"], "a/b", true),
  IgnoreCase(["a/**/b"], "a/x/y/b/file", true),
  IgnoreCase(["a/**/b"], "a/xb", false),
  IgnoreCase(["**"], "x/y", true),
  IgnoreCase(["**foo"], "barfoo", true),
  // Order and re-inclusion.
  IgnoreCase(["*.md", "!important.md"], "important.md", false),
  IgnoreCase(["*.md", "!important.md"], "other.md", true),
  IgnoreCase(["!important.md", "*.md"], "important.md", true),
  IgnoreCase(["docs", "!docs/keep.md"], "docs/keep.md", false),
  IgnoreCase(["docs", "!docs/keep.md"], "docs/drop.md", true),
  IgnoreCase(["docs", "!docs/keep"], "docs/keep/deep/file", false),
  IgnoreCase(["*", "!src", "src/*.log"], "src/main.swift", false),
  IgnoreCase(["*", "!src", "src/*.log"], "src/debug.log", true),
  IgnoreCase(["*", "!src", "src/*.log"], "README", true),
  IgnoreCase(["!keep"], "keep", false),
  IgnoreCase(["!"], "anything", false),
  // Comments, whitespace and malformed patterns.
  IgnoreCase(["# secret"], "# secret", false),
  IgnoreCase(["  secret  "], "secret", true),
  IgnoreCase(["\tsecret\t"], "secret/key", true),
  IgnoreCase(["! secret", "secret"], "secret", true),
  IgnoreCase(["secret", "  ! secret  "], "secret", false),
  IgnoreCase([" # not a comment"], "# not a comment", true),
  IgnoreCase(["[a-"], "[a-", false),
  IgnoreCase(["[]"], "x", false),
  IgnoreCase(["trailing\\"], "trailing\\", false),
  IgnoreCase(["[c-a]"], "b", false),
  IgnoreCase(["café/*.txt"], "café/menu.txt", true),
  IgnoreCase(["?"], "é", true),
]

private func ignore(_ lines: [String]) -> DockerIgnore {
  DockerIgnore(contents: Array(lines.joined(separator: "\n").utf8))
}

@Suite("Docker ignore")
struct DockerIgnoreTests {
  @Test("matching table", arguments: ignoreCases)
  func table(_ row: IgnoreCase) {
    #expect(ignore(row.lines).isExcluded(row.path) == row.excluded)
  }

  @Test func atLeastFortyCases() {
    #expect(ignoreCases.count >= 40)
  }

  @Test func parsingKeepsLinesAndCleansPatterns() {
    let text = "\u{FEFF}# comment\n\n  *.pyc  \r\n!./keep/../important.md\n/abs/path/\n  # indented\n!\n#last"
    let parsed = DockerIgnore(contents: Array(text.utf8))
    #expect(
      parsed.patterns == [
        .init(text: "*.pyc", isExclusion: false, line: 3),
        .init(text: "important.md", isExclusion: true, line: 4),
        .init(text: "abs/path", isExclusion: false, line: 5),
        .init(text: "# indented", isExclusion: false, line: 6),
        .init(text: "", isExclusion: true, line: 7),
      ])
    #expect(DockerIgnore(contents: []).patterns.isEmpty)
    #expect(DockerIgnore(contents: Array("/\n..\n../x\n.\n".utf8)).patterns.map(\.text) == ["/", "..", "../x", "."])
  }

  @Test func decidingPatternNamesTheLastMatch() {
    let rules = ignore(["*.md", "docs", "!docs/keep.md", "*.log"])
    #expect(rules.decidingPattern(for: "README.md") == 0)
    #expect(rules.decidingPattern(for: "docs/other.txt") == 1)
    #expect(rules.decidingPattern(for: "docs/keep.md") == 2)
    #expect(rules.decidingPattern(for: "debug.log") == 3)
    #expect(rules.decidingPattern(for: "docs/debug.log") == 1)
    #expect(rules.decidingPattern(for: "src/main.swift") == nil)
    #expect(!rules.isExcluded("src/main.swift"))
    #expect(rules.decidingPattern(for: ".") == nil)
    #expect(rules.isExcluded("./docs/x"))
  }

  @Test func editingPatternsRecompiles() {
    var rules = ignore(["*.md"])
    #expect(rules.isExcluded("a.md"))
    rules.patterns.append(.init(text: "a.md", isExclusion: true, line: 2))
    #expect(!rules.isExcluded("a.md"))
    #expect(!DockerIgnore(patterns: []).isExcluded("a.md"))
  }

  @Test func manyWildcardsStayFast() {
    let rules = ignore(["**/*a*a*a*a*a*a*a*a*b"])
    #expect(!rules.isExcluded(String(repeating: "a", count: 200)))
  }
}
