// The file-system calls `check` makes beyond configuration discovery: reading whole Dockerfiles of any size
// (configuration files are capped at a few MiB, Dockerfiles are not), listing directories for discovery, and
// telling what a Dockerfile's bytes look like (binary, UTF-16, not UTF-8) before analysing them.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension FileSystem {
  /// What a directory entry is, without following symbolic links.
  enum EntryKind: Sendable, Equatable {
    case file, directory, symbolicLink, other
  }

  /// The entries of the directory at `path` (without `.` and `..`), unsorted, or the `errno` of the failure.
  static func listDirectory(_ path: String) -> Result<[(name: String, kind: EntryKind)], SystemError> {
    guard let directory = opendir(path) else { return .failure(SystemError(code: errno)) }
    defer { closedir(directory) }
    var out: [(name: String, kind: EntryKind)] = []
    while true {
      errno = 0
      guard let entry = readdir(directory) else {
        if errno != 0 { return .failure(SystemError(code: errno)) }
        break
      }
      let name = withUnsafePointer(to: &entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 1) { String(cString: $0) }
      }
      if name == "." || name == ".." { continue }
      var kind: EntryKind
      switch Int32(entry.pointee.d_type) {
      case Int32(DT_REG): kind = .file
      case Int32(DT_DIR): kind = .directory
      case Int32(DT_LNK): kind = .symbolicLink
      case Int32(DT_UNKNOWN): kind = lstatKind(join(path, name))
      default: kind = .other
      }
      out.append((name, kind))
    }
    return .success(out)
  }

  /// What is at `path`, not following a final symbolic link (`.other` when it cannot be told).
  static func lstatKind(_ path: String) -> EntryKind {
    var info = stat()
    guard lstat(path, &info) == 0 else { return .other }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFDIR: return .directory
    case S_IFLNK: return .symbolicLink
    default: return .other
    }
  }

  /// The whole contents of the file at `path` (any size; also pipes and character devices such as
  /// `/dev/stdin`), or a reason in words ("No such file or directory", "is a directory").
  static func readWholeFile(_ path: String) -> Result<[UInt8], FileReadError> {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return .failure(FileReadError(message: errorText(errno))) }
    defer { close(fd) }
    return readAll(fd)
  }

  /// Everything readable from `fd` until end of file.
  static func readAll(_ fd: Int32) -> Result<[UInt8], FileReadError> {
    var info = stat()
    var expected = 0
    if fstat(fd, &info) == 0 {
      if info.st_mode & S_IFMT == S_IFDIR { return .failure(FileReadError(message: "is a directory")) }
      if info.st_mode & S_IFMT == S_IFREG { expected = Int(info.st_size) }
    }
    var buffer = [UInt8](repeating: 0, count: max(expected + 1, 64 * 1024))
    var count = 0
    while true {
      if count == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(FileReadError(message: errorText(errno)))
      }
      if n == 0 { break }
      count += n
    }
    buffer.removeSubrange(count...)
    return .success(buffer)
  }
}

/// What a Dockerfile's bytes look like, decided before analysis.
enum ContentCheck: Equatable {
  /// Text to analyse.
  case text
  /// Text, but not valid UTF-8: analysed byte by byte; `offset` is the first bad byte.
  case invalidUTF8(offset: Int)
  /// Not a Dockerfile: skipped with `reason`.
  case binary(reason: String)

  /// How many leading bytes are searched for a NUL byte.
  static let sniffLength = 8192

  /// Classifies `bytes`: a UTF-16 or UTF-32 byte-order mark or a NUL byte among the first 8 KiB means binary
  /// (BuildKit would read such a file as garbage); otherwise text, noting the first byte that is not UTF-8.
  init(_ bytes: [UInt8]) {
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      self = .binary(reason: "looks like UTF-16 or UTF-32 text (it starts with a byte-order mark); save it as UTF-8")
      return
    }
    if let nul = bytes.prefix(ContentCheck.sniffLength).firstIndex(of: 0) {
      self = .binary(reason: "looks like a binary file (a NUL byte at offset \(nul))")
      return
    }
    if let bad = firstInvalidUTF8(bytes) {
      self = .invalidUTF8(offset: bad)
    } else {
      self = .text
    }
  }
}

/// The offset of the first byte that does not belong to a well-formed UTF-8 sequence, nil when all do.
func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
  bytes.withUnsafeBufferPointer { b -> Int? in
    var i = 0
    let n = b.count
    while i < n {
      let lead = b[i]
      if lead < 0x80 {
        i += 1
        continue
      }
      let length: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        high = 0x9F
      case 0xF0:
        length = 4
        low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        high = 0x8F
      default: return i
      }
      guard i + length <= n else { return i }
      if b[i + 1] < low || b[i + 1] > high { return i }
      for k in 2..<length where b[i + k] & 0xC0 != 0x80 { return i }
      i += length
    }
    return nil
  }
}
