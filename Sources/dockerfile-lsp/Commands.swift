// The `dump`, `check` and `rules` subcommands: file IO around the libraries' pure functions.
import DockerfileAnalysis
import DockerfileSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes text to standard error.
func writeStderr(_ s: String) {
  var bytes = Array(s.utf8)
  writeAll(2, &bytes)
}

/// Writes bytes to a file descriptor, retrying on short writes.
func writeAll(_ fd: Int32, _ bytes: inout [UInt8]) {
  var off = 0
  while off < bytes.count {
    let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
    if n <= 0 {
      if n < 0 && errno == EINTR { continue }
      return
    }
    off += n
  }
}

/// A read failure with the reason from the OS.
struct ReadError: Error {
  var message: String
}

/// Reads a whole file ('-' is standard input) as bytes.
func readInput(_ path: String) throws(ReadError) -> [UInt8] {
  let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY)
  if fd < 0 { throw ReadError(message: "\(path): \(String(cString: strerror(errno)))") }
  defer { if fd != 0 { close(fd) } }
  var st = stat()
  if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
    throw ReadError(message: "\(path): is a directory")
  }
  var out: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
    if n < 0 {
      if errno == EINTR { continue }
      throw ReadError(message: "\(path): \(String(cString: strerror(errno)))")
    }
    if n == 0 { break }
    out.append(contentsOf: chunk[0..<n])
  }
  return out
}

/// `dump`: BuildKit's AST dump or our tree, per file.
func runDump(_ args: [String]) -> Int32 {
  var format = "buildkit"
  var files: [String] = []
  var i = 0
  while i < args.count {
    let a = args[i]
    if a == "--format", i + 1 < args.count {
      format = args[i + 1]
      i += 2
      continue
    }
    if a.hasPrefix("--format=") {
      format = String(a.dropFirst("--format=".count))
    } else if a.hasPrefix("-") && a != "-" {
      writeStderr("dockerfile-lsp dump: unknown option '\(a)'\n")
      return 2
    } else {
      files.append(a)
    }
    i += 1
  }
  guard format == "buildkit" || format == "tree" else {
    writeStderr("dockerfile-lsp dump: unknown format '\(format)' (expected buildkit or tree)\n")
    return 2
  }
  if files.isEmpty {
    writeStderr("dockerfile-lsp dump: no input files ('-' reads standard input)\n")
    return 2
  }
  var status: Int32 = 0
  for path in files {
    let bytes: [UInt8]
    do { bytes = try readInput(path) } catch {
      writeStderr("dockerfile-lsp dump: \(error.message)\n")
      status = 2
      continue
    }
    let tree = SyntaxTree(bytes)
    if format == "tree" {
      var out = Array(tree.treeDescription().utf8)
      writeAll(1, &out)
      continue
    }
    if var out = tree.buildKitDump() {
      writeAll(1, &out)
    } else {
      let e = tree.fatalError!
      let line = tree.buildKitLine(of: e.range.lowerBound)
      writeStderr("\(path):\(line): \(e.message)\n")
      status = max(status, 1)
    }
  }
  return status
}

/// `check`: every enabled rule's findings, `path:line:col: severity[CODE name]: message` (the full CI linter,
/// with formats and options, is still to come).
func runCheck(_ args: [String]) -> Int32 {
  if args.isEmpty {
    writeStderr("dockerfile-lsp check: no input files ('-' reads standard input)\n")
    return 2
  }
  var status: Int32 = 0
  var total = 0
  for path in args {
    let bytes: [UInt8]
    do { bytes = try readInput(path) } catch {
      writeStderr("dockerfile-lsp check: \(error.message)\n")
      status = 2
      continue
    }
    for f in analyze(SyntaxTree(bytes)) {
      let (line, col) = lineAndColumn(bytes, f.range.lowerBound)
      let name = RuleRegistry.rule(f.code)?.descriptor.name ?? ""
      print("\(path):\(line):\(col): \(f.severity.rawValue)[\(f.code) \(name)]: \(f.message)")
      total += 1
      if f.severity <= .warning && status == 0 { status = 1 }
    }
  }
  if total == 0 && status == 0 { print("no problems found in \(args.count) file\(args.count == 1 ? "" : "s")") }
  return status
}

/// `rules [--format text|markdown]`: the rule catalog.
func runRules(_ args: [String]) -> Int32 {
  var format = "text"
  var i = 0
  while i < args.count {
    if args[i] == "--format", i + 1 < args.count {
      format = args[i + 1]
      i += 2
      continue
    }
    if args[i].hasPrefix("--format=") {
      format = String(args[i].dropFirst("--format=".count))
    } else {
      writeStderr("dockerfile-lsp rules: unknown option '\(args[i])'\n")
      return 2
    }
    i += 1
  }
  switch format {
  case "markdown":
    print(RuleRegistry.markdown(), terminator: "")
  case "text":
    for r in RuleRegistry.all {
      let d = r.descriptor
      let aliases = d.aliases.isEmpty ? "" : " (\(d.aliases.joined(separator: ", ")))"
      print("\(d.code) \(d.name)\(aliases) [\(d.severity.rawValue), \(d.category.rawValue)]: \(d.summary)")
    }
  default:
    writeStderr("dockerfile-lsp rules: unknown format '\(format)' (expected text or markdown)\n")
    return 2
  }
  return 0
}

/// 1-based line and byte column of an offset (lines end at `\n`).
func lineAndColumn(_ bytes: [UInt8], _ offset: Int) -> (Int, Int) {
  var line = 1
  var lineStart = 0
  var i = 0
  while i < offset && i < bytes.count {
    if bytes[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    i += 1
  }
  return (line, offset - lineStart + 1)
}
