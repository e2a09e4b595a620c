// The few file-system questions configuration discovery and the build context ask (read a small file, does a
// path exist, where are we), answered with the C library so that this module needs no Foundation. Paths are
// `/`-separated strings; nothing here resolves symbolic links.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a file could not be read.
struct FileReadError: Error, Sendable, Equatable {
  /// A sentence naming the file and the reason.
  var message: String
}

/// File-system helpers over the C library.
enum FileSystem {
  /// The largest configuration or ignore file read (larger ones are reported, not read).
  static let readLimit = 4 << 20

  /// The bytes of the file at `path`.
  static func readFile(_ path: String, limit: Int = readLimit) -> Result<[UInt8], FileReadError> {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return .failure(FileReadError(message: "cannot read \(path): \(errorText(errno))")) }
    defer { close(fd) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(FileReadError(message: "cannot read \(path): \(errorText(errno))"))
      }
      if n == 0 { break }
      out.append(contentsOf: chunk[0..<n])
      if out.count > limit {
        return .failure(FileReadError(message: "cannot read \(path): larger than \(limit >> 20) MiB"))
      }
    }
    return .success(out)
  }

  /// What is at a path.
  enum Entry: Sendable, Equatable {
    case file, directory, other
  }

  /// A failed system call's `errno`.
  struct SystemError: Error, Sendable, Equatable {
    var code: Int32
  }

  /// What is at `path` (following symbolic links; a dangling link is `.other`), or the `errno` of the failure.
  static func entry(_ path: String) -> Result<Entry, SystemError> {
    var info = stat()
    if stat(path, &info) != 0 {
      let code = errno
      // A dangling symbolic link still exists as an entry of its directory.
      var linkInfo = stat()
      if code == ENOENT && lstat(path, &linkInfo) == 0 { return .success(.other) }
      return .failure(SystemError(code: code))
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .success(.file)
    case S_IFDIR: return .success(.directory)
    default: return .success(.other)
    }
  }

  /// Whether anything is at `path`.
  static func exists(_ path: String) -> Bool {
    if case .success = entry(path) { return true }
    return false
  }

  /// Whether `path` is a directory whose entries can be listed and looked up.
  static func isReadableDirectory(_ path: String) -> Bool {
    guard case .success(.directory) = entry(path) else { return false }
    return access(path, R_OK | X_OK) == 0
  }

  /// The working directory, when it can be had.
  static func currentDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return nil }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The C library's text for an `errno` value.
  static func errorText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }

  // MARK: Paths

  /// `path` made absolute against the working directory, with `.` and empty components removed (`..` is kept,
  /// since resolving it textually is wrong across symbolic links).
  static func absolute(_ path: String) -> String {
    let base = path.hasPrefix("/") ? "" : (currentDirectory() ?? "")
    let parts = (base + "/" + path).split(separator: "/").filter { $0 != "." }
    return "/" + parts.joined(separator: "/")
  }

  /// The directory holding `path` (an absolute, normalised path); `/` for `/` itself.
  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
    return String(path[..<slash])
  }

  /// The last component of `path`.
  static func baseName(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// `directory` joined with `name`.
  static func join(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
  }
}
