// Helpers for the check runner's tests: trees on disk and a run in process.
import Foundation

@testable import LanguageServer

extension TemporaryTree {
  /// Writes raw bytes to `relative`, creating directories.
  func writeBytes(_ relative: String, _ bytes: [UInt8]) throws {
    let url = root.appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
  }

  /// Creates a symbolic link at `relative` pointing at `destination`.
  func link(_ relative: String, to destination: String) throws {
    try FileManager.default.createSymbolicLink(atPath: path(relative), withDestinationPath: destination)
  }

  /// The text of the file at `relative`.
  func read(_ relative: String) throws -> String {
    String(decoding: try Data(contentsOf: root.appendingPathComponent(relative)), as: UTF8.self)
  }
}

/// A temporary tree with `.git` at its root, so that configuration and ignore-file discovery stop there.
func repositoryTree() throws -> TemporaryTree {
  let tree = try TemporaryTree()
  try tree.mkdir(".git")
  return tree
}

/// Runs `check` with `arguments` in process, the working directory at `directory` inside `tree`.
func check(_ arguments: [String], in tree: TemporaryTree, directory: String = "", stdin: String = "") throws
  -> CheckRunResult
{
  let cwd = directory.isEmpty ? tree.root.path : tree.path(directory)
  let input = Array(stdin.utf8)
  let environment = CheckEnvironment(workingDirectory: cwd) { .success(input) }
  return runCheck(try CheckCommandLine(arguments: arguments), environment: environment)
}

extension CheckRunResult {
  /// The checked files' paths.
  var paths: [String] { report.files.map(\.path) }

  /// The codes found in the file shown as `path`.
  func codes(_ path: String) -> [String] {
    report.files.first { $0.path == path }?.findings.map(\.finding.code) ?? []
  }

  /// The severities found in the file shown as `path`, as `CODE:severity`.
  func levels(_ path: String) -> [String] {
    report.files.first { $0.path == path }?.findings.map { "\($0.finding.code):\($0.finding.severity.rawValue)" } ?? []
  }
}

/// A Dockerfile with no findings under the default rules.
let cleanDockerfile = "FROM alpine:3.19\nUSER 1000\n"
/// A Dockerfile with exactly one finding under the default rules: DF206 (MAINTAINER, a warning).
let maintainerDockerfile = "FROM alpine:3.19\nUSER 1000\nMAINTAINER me\n"
/// A Dockerfile with DF301 (final-stage-root) and DF503 (untagged-image), both warnings.
let untaggedDockerfile = "FROM alpine\n"

/// A value shared between threads in a test.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value

  init(_ value: Value) { stored = value }

  /// The current value.
  var value: Value { lock.withLock { stored } }

  /// Changes the value.
  func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}
