// The build context on disk, for the rules that look at the files beside a Dockerfile (COPY sources, ignored
// files). The context is the Dockerfile's directory, which is what `docker build -f dir/Dockerfile dir` and most
// editors' "build this file" use; a CLI option for another context directory can pass it explicitly.
import DockerfileAnalysis

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A build context read from a directory.
///
/// The ignore file is read once, when the context is made: make one per analysis (or keep one per document and
/// make a new one when files change). `exists` asks the file system each time.
public struct FileSystemBuildContext: BuildContext {
  /// The context directory (absolute).
  public let root: String
  /// The ignore file's bytes: `<Dockerfile name>.dockerignore` when it exists, else `.dockerignore`.
  public let dockerignore: [UInt8]?
  /// Whether the directory can be read (otherwise `exists` knows nothing).
  private let readable: Bool

  /// The context of the Dockerfile at `dockerfilePath`: its directory, with its ignore files.
  public init(dockerfilePath: String) {
    let path = FileSystem.absolute(dockerfilePath)
    self.init(root: FileSystem.directory(of: path), dockerfileName: FileSystem.baseName(of: path))
  }

  /// The context rooted at `root`; `dockerfileName` picks a Dockerfile-specific ignore file (`NAME.dockerignore`).
  public init(root: String, dockerfileName: String?) {
    self.root = FileSystem.absolute(root)
    readable = FileSystem.isReadableDirectory(self.root)
    var ignore: [UInt8]? = nil
    if readable {
      for name in (dockerfileName.map { [$0 + ".dockerignore"] } ?? []) + [".dockerignore"] {
        let path = FileSystem.join(self.root, name)
        guard case .success(.file) = FileSystem.entry(path) else { continue }
        if case .success(let bytes) = FileSystem.readFile(path) {
          ignore = bytes
          break
        }
      }
    }
    dockerignore = ignore
  }

  /// Whether `path` (relative to the context root; a leading `/` or `./` is the root) exists; nil when that cannot
  /// be known: the directory is unreadable, the path has variables or wildcards (`$`, `*`, `?`, `[`), or it
  /// climbs out of the context with `..`.
  public func exists(_ path: String) -> Bool? {
    guard readable else { return nil }
    if path.contains(where: { $0 == "$" || $0 == "*" || $0 == "?" || $0 == "[" }) { return nil }
    var parts: [Substring] = []
    for part in path.split(separator: "/") where part != "." {
      if part == ".." {
        guard !parts.isEmpty else { return nil }
        parts.removeLast()
      } else {
        parts.append(part)
      }
    }
    if parts.isEmpty { return true }
    switch FileSystem.entry(FileSystem.join(root, parts.joined(separator: "/"))) {
    case .success: return true
    case .failure(let error): return error.code == ENOENT || error.code == ENOTDIR ? false : nil
    }
  }
}
