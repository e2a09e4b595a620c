// The build context as rules see it: the files next to the Dockerfile. Reading the disk is the
// LanguageServer module's job (this module does no IO); rules only ask questions through this protocol.

/// Read access to the build context directory.
public protocol BuildContext: Sendable {
  /// The text of the ignore file BuildKit would use (`<Dockerfile name>.dockerignore` before
  /// `.dockerignore`), nil when there is none.
  var dockerignore: [UInt8]? { get }
  /// Whether `path` (relative to the context root, `/`-separated, no `..` beyond the root) exists as a file
  /// or directory; nil when that cannot be known (unreadable directory, variables in the path). `exists(".")`
  /// is nil only when nothing can be known (rules ask it first to skip their work).
  func exists(_ path: String) -> Bool?
}

/// A build context held in memory, for tests and for editors that send unsaved files.
public struct InMemoryBuildContext: BuildContext {
  /// The ignore file's text.
  public var dockerignore: [UInt8]?
  /// Paths of the files in the context (directories are implied by their files).
  public var files: Set<String>

  /// Creates a context with these files and ignore file.
  public init(files: Set<String> = [], dockerignore: String? = nil) {
    self.files = files
    self.dockerignore = dockerignore.map { Array($0.utf8) }
  }

  public func exists(_ path: String) -> Bool? {
    var p = Substring(path)
    while p.hasPrefix("./") { p = p.dropFirst(2) }
    while p.hasPrefix("/") { p = p.dropFirst() }
    while p.hasSuffix("/") { p = p.dropLast() }
    if p.isEmpty || p == "." { return true }
    let key = String(p)
    return files.contains(key) || files.contains { $0.hasPrefix(key + "/") }
  }
}
