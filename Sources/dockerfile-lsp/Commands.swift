// The `dump`, `check`, `explain` and `rules` subcommands: file IO around the libraries' functions.
import DockerfileAnalysis
import DockerfileSyntax
import LanguageServer

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

/// `check`: the linter for CI and pre-commit (see `checkUsage`); the run itself is `runCheck` in the library.
func checkCommand(_ args: [String]) -> Int32 {
  let commandLine: CheckCommandLine
  do { commandLine = try CheckCommandLine(arguments: args) } catch {
    writeStderr("dockerfile-lsp check: \(error.message)\nRun 'dockerfile-lsp check --help' for the options.\n")
    return 2
  }
  if commandLine.help {
    print(checkUsage, terminator: "")
    return 0
  }
  guard let cwd = currentDirectory() else {
    writeStderr("dockerfile-lsp check: cannot tell the working directory: \(String(cString: strerror(errno)))\n")
    return 2
  }
  var environment = CheckEnvironment(workingDirectory: cwd) {
    do throws(ReadError) { return .success(try readInput("-")) } catch {
      return .failure(CheckUsageError(message: error.message))
    }
  }
  environment.stdoutIsTerminal = isatty(1) != 0
  environment.noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
  environment.toolVersion = version
  if isatty(2) != 0 {
    environment.progress = { writeStderr($0) }
    environment.terminalWidth = terminalWidth()
  }
  let result = runCheck(commandLine, environment: environment)
  for line in result.stderr { writeStderr("dockerfile-lsp: \(line)\n") }
  var out = Array(result.stdout.utf8)
  writeAll(1, &out)
  return result.status
}

/// `explain RULE...`: each rule's documentation.
func explainCommand(_ args: [String]) -> Int32 {
  if args.isEmpty || args.contains("--help") || args.contains("-h") {
    let help =
      "usage: dockerfile-lsp explain RULE...\n\nPrints the documentation of rules named by code, name or alias.\n"
    if args.isEmpty {
      writeStderr(help)
      return 2
    }
    print(help, terminator: "")
    return 0
  }
  var status: Int32 = 0
  var first = true
  for id in args {
    switch explainRule(id) {
    case .success(let text):
      print((first ? "" : "\n") + text, terminator: "")
      first = false
    case .failure(let error):
      writeStderr("dockerfile-lsp explain: \(error.message)\n")
      status = 2
    }
  }
  return status
}

/// The working directory.
func currentDirectory() -> String? {
  var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
  guard getcwd(&buffer, buffer.count) != nil else { return nil }
  return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The width of the terminal on standard error, in columns (80 when it cannot be told).
func terminalWidth() -> Int {
  #if canImport(Glibc) || canImport(Darwin)
    var size = winsize()
    if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
  #endif
  if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return columns }
  return 80
}

/// `rules [--format text|json|markdown]`: the rule catalog.
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
  case "json":
    print(ruleCatalogJSON(), terminator: "")
  case "text":
    for r in RuleRegistry.all {
      let d = r.descriptor
      let aliases = d.aliases.isEmpty ? "" : " (\(d.aliases.joined(separator: ", ")))"
      print("\(d.code) \(d.name)\(aliases) [\(d.severity.rawValue), \(d.category.rawValue)]: \(d.summary)")
    }
  default:
    writeStderr("dockerfile-lsp rules: unknown format '\(format)' (expected text, json or markdown)\n")
    return 2
  }
  return 0
}
