// The build context on disk: which ignore file it reads, and what `exists` can and cannot know.
import DockerfileAnalysis
import DockerfileSyntax
import Foundation
import Testing

@testable import LanguageServer

@Suite("File system build context")
struct FileSystemBuildContextTests {
  @Test func dockerfileSpecificIgnoreFileFirst() throws {
    let tree = try TemporaryTree()
    try tree.write("ctx/Dockerfile", "FROM a\n")
    try tree.write("ctx/build.Dockerfile", "FROM a\n")
    try tree.write("ctx/.dockerignore", "general\n")
    try tree.write("ctx/build.Dockerfile.dockerignore", "specific\n")
    #expect(FileSystemBuildContext(dockerfilePath: tree.path("ctx/Dockerfile")).dockerignore == Array("general\n".utf8))
    #expect(
      FileSystemBuildContext(dockerfilePath: tree.path("ctx/build.Dockerfile")).dockerignore
        == Array("specific\n".utf8))
    try tree.write("bare/Dockerfile", "FROM a\n")
    #expect(FileSystemBuildContext(dockerfilePath: tree.path("bare/Dockerfile")).dockerignore == nil)
    try tree.mkdir("odd/.dockerignore")
    #expect(FileSystemBuildContext(root: tree.path("odd"), dockerfileName: nil).dockerignore == nil)
  }

  @Test func existence() throws {
    let tree = try TemporaryTree()
    try tree.write("ctx/app/main.py", "")
    try tree.write("ctx/Dockerfile", "FROM a\n")
    try FileManager.default.createSymbolicLink(atPath: tree.path("ctx/dangling"), withDestinationPath: "/nonexistent/x")
    let context = FileSystemBuildContext(dockerfilePath: tree.path("ctx/Dockerfile"))
    #expect(context.root == tree.path("ctx"))
    let expected: [(String, Bool?)] = [
      ("app/main.py", true), ("./app/main.py", true), ("/app/main.py", true), ("app", true), ("app/", true),
      (".", true), ("", true), ("app/../app/main.py", true), ("dangling", true), ("missing", false),
      ("app/main.py/x", false), ("app/missing.py", false), ("../ctx/app", nil), ("app/../../x", nil),
      ("$SRC/main.py", nil), ("*.py", nil), ("app/?ain.py", nil), ("app/[m]ain.py", nil),
    ]
    for (path, answer) in expected {
      #expect(context.exists(path) == answer, "\(path)")
    }
  }

  @Test func unreadableDirectoryKnowsNothing() throws {
    let context = FileSystemBuildContext(root: "/nonexistent/dockerfile-lsp/ctx", dockerfileName: "Dockerfile")
    #expect(context.exists("x") == nil)
    #expect(context.dockerignore == nil)
  }

  @Test func rulesReadIt() throws {
    let tree = try TemporaryTree()
    try tree.write("ctx/Dockerfile", "FROM a\nCOPY app /app\n")
    try tree.write("ctx/.dockerignore", "app\n")
    try tree.write("ctx/app/x", "")
    let context = FileSystemBuildContext(dockerfilePath: tree.path("ctx/Dockerfile"))
    let ignore = DockerIgnore(contents: context.dockerignore ?? [])
    #expect(ignore.isExcluded("app/x"))
    // The analysis accepts it (rules that read the context run without crashing).
    _ = analyze(SyntaxTree("FROM a\nCOPY app /app\n"), buildContext: context)
  }
}
