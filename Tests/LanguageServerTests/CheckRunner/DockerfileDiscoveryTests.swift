// Which files `check DIR` finds: names, skipped directories, .gitignore files (nested, negated, from above the
// named directory, reset by a nested repository), links, display paths, duplicates and order.
import Foundation
import Testing

@testable import LanguageServer

/// The display paths discovery finds for `paths` with the working directory at `tree`'s root.
private func found(_ paths: [String], in tree: TemporaryTree, directory: String = "") -> [String] {
  let cwd = directory.isEmpty ? tree.root.path : tree.path(directory)
  return discoverDockerfiles(paths, workingDirectory: cwd).files.map(\.displayPath)
}

@Suite("check: Dockerfile discovery")
struct DockerfileDiscoveryTests {
  @Test func namePatterns() throws {
    let tree = try repositoryTree()
    let names = [
      "Dockerfile", "Dockerfile.dev", "api.Dockerfile", "worker.dockerfile", "Containerfile", "Containerfile.prod",
      "dockerfile",
    ]
    let others = [
      "Dockerfile.dockerignore", "Containerfile.containerignore", "README.md", "Dockerfile-notes.txt", "Dockerfile.md",
      "Dockerfile.orig", "Dockerfile.rej", "Dockerfile.bak", "Dockerfile.swp", "Dockerfile~",
    ]
    for name in names + others { try tree.write("d/\(name)", cleanDockerfile) }
    #expect(found(["d"], in: tree) == names.map { "d/\($0)" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    #expect(isDiscoveredDockerfileName("Dockerfile"))
    #expect(!isDiscoveredDockerfileName("Dockerfile.dockerignore"))
  }

  @Test func skipsVersionControlDependenciesAndVirtualEnvironments() throws {
    let tree = try repositoryTree()
    for dir in ["", ".git/", "node_modules/pkg/", ".venv/", "a/node_modules/", "a/.venv/lib/", ".github/"] {
      try tree.write("\(dir)Dockerfile", cleanDockerfile)
    }
    #expect(found(["."], in: tree) == [".github/Dockerfile", "Dockerfile"])
  }

  @Test func gitignoreFilesApplyToTheirDirectory() throws {
    let tree = try repositoryTree()
    try tree.write(".gitignore", "build/\n*.gen.Dockerfile\n!keep.gen.Dockerfile\n/top.Dockerfile\n")
    try tree.write("sub/.gitignore", "local.Dockerfile\n!*.gen.Dockerfile\n")
    let files = [
      "Dockerfile", "build/Dockerfile", "sub/build/Dockerfile", "x.gen.Dockerfile", "keep.gen.Dockerfile",
      "top.Dockerfile", "sub/top.Dockerfile", "sub/local.Dockerfile", "local.Dockerfile", "sub/y.gen.Dockerfile",
    ]
    for file in files { try tree.write(file, cleanDockerfile) }
    #expect(
      found(["."], in: tree) == [
        "Dockerfile", "keep.gen.Dockerfile", "local.Dockerfile", "sub/top.Dockerfile", "sub/y.gen.Dockerfile",
      ])
  }

  @Test func aFileUnderAnIgnoredDirectoryCannotBeReincluded() throws {
    let tree = try repositoryTree()
    try tree.write(".gitignore", "vendor/\n!vendor/Dockerfile\n")
    try tree.write("vendor/Dockerfile", cleanDockerfile)
    #expect(found(["."], in: tree) == [])
    // Named explicitly, it is checked all the same; so is a named ignored directory.
    #expect(found(["vendor/Dockerfile"], in: tree) == ["vendor/Dockerfile"])
    #expect(found(["vendor"], in: tree) == ["vendor/Dockerfile"])
  }

  @Test func ignoreFilesAboveTheNamedDirectoryApplyInsideARepository() throws {
    let tree = try repositoryTree()
    try tree.write(".gitignore", "gen/\n")
    try tree.write(".git/info/exclude", "*.local.Dockerfile\n")
    try tree.write("services/.gitignore", "old.Dockerfile\n")
    for file in [
      "services/api/Dockerfile", "services/api/gen/Dockerfile", "services/api/x.local.Dockerfile",
      "services/api/old.Dockerfile",
    ] { try tree.write(file, cleanDockerfile) }
    #expect(found(["services/api"], in: tree) == ["services/api/Dockerfile"])
    #expect(found(["."], in: tree, directory: "services/api") == ["Dockerfile"])
  }

  @Test func ignoreFilesAboveANamedDirectoryOutsideARepositoryDoNotApply() throws {
    let tree = try TemporaryTree()
    try tree.write(".gitignore", "*\n")
    try tree.write("project/Dockerfile", cleanDockerfile)
    #expect(found(["project"], in: tree) == ["project/Dockerfile"])
  }

  @Test func aNestedRepositoryStartsAfresh() throws {
    let tree = try repositoryTree()
    try tree.write(".gitignore", "*.Dockerfile\n")
    try tree.mkdir("vendor/lib/.git")
    try tree.write("vendor/lib/x.Dockerfile", cleanDockerfile)
    try tree.write("y.Dockerfile", cleanDockerfile)
    #expect(found(["."], in: tree) == ["vendor/lib/x.Dockerfile"])
  }

  @Test func linksToFilesAreFollowedLinksToDirectoriesAreNot() throws {
    let tree = try repositoryTree()
    try tree.write("real/Dockerfile", cleanDockerfile)
    try tree.write("elsewhere/base.txt", cleanDockerfile)
    try tree.link("real/linked.Dockerfile", to: tree.path("elsewhere/base.txt"))
    try tree.link("real/loop", to: tree.path("real"))
    try tree.link("real/dangling.Dockerfile", to: "/nonexistent/x")
    #expect(found(["real"], in: tree) == ["real/Dockerfile", "real/linked.Dockerfile"])
  }

  @Test func displayPaths() throws {
    let tree = try repositoryTree()
    try tree.write("a/Dockerfile", cleanDockerfile)
    try tree.write("b/Dockerfile", cleanDockerfile)
    #expect(found(["./a//"], in: tree) == ["a/Dockerfile"])
    #expect(found([tree.path("a/Dockerfile")], in: tree) == ["a/Dockerfile"])
    #expect(found(["../a/Dockerfile"], in: tree, directory: "b") == ["../a/Dockerfile"])
    #expect(found(["../a"], in: tree, directory: "b") == ["../a/Dockerfile"])
    #expect(found(["."], in: tree, directory: "a") == ["Dockerfile"])
    #expect(displayPath("/x/y", workingDirectory: "/") == "x/y")
    #expect(displayPath("/elsewhere/f", workingDirectory: "/w") == "/elsewhere/f")
    #expect(displayPath(".", workingDirectory: "/w") == ".")
  }

  @Test func duplicatesOnceAndSortedByPath() throws {
    let tree = try repositoryTree()
    for file in ["b/Dockerfile", "a/Dockerfile", "a/z/Dockerfile", "a.Dockerfile", "A/Dockerfile"] {
      try tree.write(file, cleanDockerfile)
    }
    #expect(
      found([".", "a", "a/Dockerfile", "b"], in: tree) == [
        "A/Dockerfile", "a.Dockerfile", "a/Dockerfile", "a/z/Dockerfile", "b/Dockerfile",
      ])
  }

  @Test func missingPathsAndEmptyDirectories() throws {
    let tree = try repositoryTree()
    try tree.mkdir("empty")
    try tree.write("full/Dockerfile", cleanDockerfile)
    let discovery = discoverDockerfiles(["missing", "empty", "full"], workingDirectory: tree.root.path)
    #expect(discovery.files.map(\.displayPath) == ["full/Dockerfile"])
    #expect(discovery.errors == ["missing: No such file or directory"])
    #expect(discovery.emptyDirectories == ["empty"])
  }

  @Test(.enabled(if: geteuid() != 0, "root can list any directory"))
  func unlistableDirectory() throws {
    let tree = try repositoryTree()
    try tree.write("locked/Dockerfile", cleanDockerfile)
    chmod(tree.path("locked"), 0)
    defer { chmod(tree.path("locked"), 0o755) }
    let discovery = discoverDockerfiles(["."], workingDirectory: tree.root.path)
    #expect(discovery.errors == ["locked: cannot list the directory: Permission denied"])
  }
}
