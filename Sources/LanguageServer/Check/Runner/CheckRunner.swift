// `dockerfile-lsp check` as one function from a command line and an environment to a report, an exit status and
// the text for standard output and standard error. A run goes through fixed steps:
//
//   1. discover   the paths become a sorted list of Dockerfiles (and standard input);
//   2. configure  each file gets its options: built-in defaults < its project configuration (found beside it or
//                 above it, cached per directory; or `--config FILE` for all) < the command line;
//   3. analyse    files are read and analysed in parallel across cores (`analyze` is a pure function; each file
//                 gets its directory as build context); nothing here depends on the order work finishes in;
//   4. fix        (reserved: `--fix`/`--diff` will apply each file's quick fixes here and analyse again);
//   5. report     files sorted by path, findings by position; exit status; every output rendered and written.
//
// Exit status: 2 when the command line is wrong or something could not be read or written (a missing path, an
// unreadable or binary file that was named, a directory that cannot be listed, no Dockerfile found at all, an
// output file that cannot be written), else 1 when a finding is at or above its file's fail level, else 0.
// Problems in configuration files are warnings on standard error and never change the exit status.
import Dispatch
import DockerfileAnalysis
import DockerfileSyntax
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a run sees of the world besides the file system.
public struct CheckEnvironment: Sendable {
  /// The directory relative paths start from (absolute).
  public var workingDirectory: String
  /// Reads all of standard input.
  public var readStandardInput: @Sendable () -> Result<[UInt8], CheckUsageError>
  /// Whether standard output is a terminal (for `--color auto`).
  public var stdoutIsTerminal = false
  /// Whether `NO_COLOR` is set to something non-empty.
  public var noColor = false
  /// Where the progress line goes (standard error when it is a terminal); nil for none.
  public var progress: (@Sendable (String) -> Void)? = nil
  /// The terminal's width in columns, for the progress line.
  public var terminalWidth = 80
  /// The tool's version, for the formats that name the tool.
  public var toolVersion = ""

  /// Creates an environment; standard input reads as empty unless `readStandardInput` is given.
  public init(
    workingDirectory: String,
    readStandardInput: @escaping @Sendable () -> Result<[UInt8], CheckUsageError> = { .success([]) }
  ) {
    self.workingDirectory = workingDirectory
    self.readStandardInput = readStandardInput
  }
}

/// The outcome of a run.
public struct CheckRunResult: Sendable {
  /// What was found.
  public var report: CheckReport
  /// The exit status: 0, 1 or 2.
  public var status: Int32
  /// The text for standard output (the one output without a file).
  public var stdout: String
  /// Lines for standard error (errors, warnings, notes), each without its newline, before the output.
  public var stderr: [String]
}

/// The configuration that applies to one file, with the command line applied.
struct ResolvedConfiguration: Sendable {
  /// Which rules run and how serious their findings are.
  var options: AnalysisOptions
  /// The least serious finding that fails the run.
  var failLevel: FailLevel
  /// The configuration file read, if any.
  var source: String?
}

/// One file to analyse.
struct CheckJob: Sendable {
  /// The path to show.
  var displayPath: String
  /// Where to read it; nil for standard input.
  var absolutePath: String?
  /// Whether the user named it (a binary file found by searching a directory is skipped quietly).
  var isExplicit: Bool
  /// The Dockerfile whose directory is the build context, if any.
  var contextPath: String?
  /// Index into the run's configurations.
  var configuration: Int
}

/// What analysing one file gave.
struct JobOutcome: Sendable {
  /// The checked file, nil when it was skipped.
  var file: CheckedFile?
  /// Lines for standard error about this file.
  var messages: [String] = []
}

/// Runs `dockerfile-lsp check`.
public func runCheck(_ commandLine: CheckCommandLine, environment: CheckEnvironment) -> CheckRunResult {
  var stderr = commandLine.warnings.map { "warning: \($0)" }
  func usageFailure(_ message: String) -> CheckRunResult {
    CheckRunResult(report: CheckReport(files: []), status: 2, stdout: "", stderr: stderr + ["error: \(message)"])
  }
  if commandLine.fix || commandLine.diff {
    return usageFailure(
      "\(commandLine.fix ? "--fix" : "--diff") is not available yet: quick fixes come in a later version")
  }
  let cwd = environment.workingDirectory

  // 1. Discover.
  let paths = commandLine.paths.isEmpty ? ["."] : commandLine.paths
  let discovery = discoverDockerfiles(paths, workingDirectory: cwd)
  var ioFailed = !discovery.errors.isEmpty
  stderr += discovery.errors.map { "error: \($0)" }
  let readsStandardInput = paths.contains("-")
  if discovery.files.isEmpty && !readsStandardInput {
    stderr += discovery.emptyDirectories.map { "error: no Dockerfiles found under \($0)" }
    if discovery.errors.isEmpty && discovery.emptyDirectories.isEmpty { stderr.append("error: nothing to check") }
    return CheckRunResult(report: CheckReport(files: []), status: 2, stdout: "", stderr: stderr)
  }
  stderr += discovery.emptyDirectories.map { "note: no Dockerfiles found under \($0)" }

  // 2. Configure.
  var configurations = ConfigurationResolver(commandLine: commandLine, workingDirectory: cwd)
  if let error = configurations.explicitFileError { return usageFailure(error) }
  var jobs = discovery.files.map { file in
    CheckJob(
      displayPath: file.displayPath, absolutePath: file.absolutePath, isExplicit: file.isExplicit,
      contextPath: file.absolutePath, configuration: configurations.index(forDockerfileAt: file.absolutePath))
  }
  var standardInput: [UInt8] = []
  if readsStandardInput {
    switch environment.readStandardInput() {
    case .success(let bytes): standardInput = bytes
    case .failure(let error): return usageFailure("cannot read standard input: \(error.message)")
    }
    let job: CheckJob
    if let name = commandLine.stdinFilename {
      let absolute = absolutePath(name, workingDirectory: cwd)
      job = CheckJob(
        displayPath: displayPath(name, workingDirectory: cwd), absolutePath: nil, isExplicit: true,
        contextPath: absolute, configuration: configurations.index(forDockerfileAt: absolute))
    } else {
      job = CheckJob(
        displayPath: "-", absolutePath: nil, isExplicit: true, contextPath: nil,
        configuration: configurations.index(forDirectory: cwd))
    }
    let position = jobs.firstIndex { job.displayPath.utf8.lexicographicallyPrecedes($0.displayPath.utf8) }
    jobs.insert(job, at: position ?? jobs.endIndex)
  }
  stderr += configurations.problems.map { "warning: \($0)" }

  // 3. Analyse.
  let progress =
    commandLine.quiet
    ? nil
    : environment.progress.map {
      ProgressLine(total: jobs.count, width: environment.terminalWidth, write: $0)
    }
  let outcomes = Mutex([JobOutcome?](repeating: nil, count: jobs.count))
  let resolved = configurations.resolved
  let work = jobs
  let input = standardInput
  DispatchQueue.concurrentPerform(iterations: work.count) { index in
    let job = work[index]
    let outcome = analyseJob(job, configuration: resolved[job.configuration], standardInput: input)
    outcomes.withLock { $0[index] = outcome }
    progress?.completed(job.displayPath)
  }
  progress?.finish()

  // 4. Fix: reserved for --fix and --diff (see the file comment).

  // 5. Report.
  var files: [CheckedFile] = []
  var failed = false
  outcomes.withLock { all in
    for (job, outcome) in zip(jobs, all) {
      guard let outcome else { continue }
      stderr += outcome.messages
      guard let file = outcome.file else { continue }
      if file.error != nil { ioFailed = true }
      let failLevel = resolved[job.configuration].failLevel
      if file.findings.contains(where: { failLevel.fails(on: $0.finding.severity) }) { failed = true }
      files.append(file)
    }
  }
  let report = CheckReport(files: files, configurationProblems: configurations.problems)
  var options = FormatOptions()
  options.showSource = commandLine.showSource
  options.statistics = commandLine.statistics
  options.quiet = commandLine.quiet
  options.toolVersion = environment.toolVersion
  options.baseURI = fileURI(directory: cwd)
  options.fixableCount = 0
  let color: Bool
  switch commandLine.color {
  case .always: color = true
  case .never: color = false
  case .auto: color = environment.stdoutIsTerminal && !environment.noColor
  }
  var stdout = ""
  for output in commandLine.effectiveOutputs {
    options.color = output.file == nil && color
    let text = formatReport(report, as: output.format, options: options)
    guard let file = output.file else {
      stdout = text
      continue
    }
    if let error = writeFile(absolutePath(file, workingDirectory: cwd), Array(text.utf8)) {
      stderr.append("error: cannot write \(file): \(error)")
      ioFailed = true
    }
  }
  return CheckRunResult(report: report, status: ioFailed ? 2 : failed ? 1 : 0, stdout: stdout, stderr: stderr)
}

/// Reads, checks and analyses one file.
func analyseJob(_ job: CheckJob, configuration: ResolvedConfiguration, standardInput: [UInt8]) -> JobOutcome {
  let bytes: [UInt8]
  if let path = job.absolutePath {
    switch FileSystem.readWholeFile(path) {
    case .success(let contents): bytes = contents
    case .failure(let error):
      return JobOutcome(
        file: CheckedFile(path: job.displayPath, source: [], findings: [], error: "cannot read: \(error.message)"),
        messages: ["error: \(job.displayPath): cannot read: \(error.message)"])
    }
  } else {
    bytes = standardInput
  }
  var messages: [String] = []
  switch ContentCheck(bytes) {
  case .binary(let reason):
    guard job.isExplicit else {
      return JobOutcome(file: nil, messages: ["note: \(job.displayPath): \(reason); skipped"])
    }
    return JobOutcome(
      file: CheckedFile(path: job.displayPath, source: [], findings: [], error: "\(reason); skipped"),
      messages: ["error: \(job.displayPath): \(reason); skipped"])
  case .invalidUTF8(let offset):
    let (line, column) = lineAndColumn(bytes, offset)
    messages.append(
      "warning: \(job.displayPath):\(line):\(column): not valid UTF-8; checked byte by byte (columns after it may be off)"
    )
  case .text:
    break
  }
  let context = job.contextPath.map { FileSystemBuildContext(dockerfilePath: $0) }
  let findings = analyze(SyntaxTree(bytes), options: configuration.options, buildContext: context)
  let file = CheckedFile.make(
    path: job.displayPath, source: bytes, findings: findings, configurationSource: configuration.source)
  return JobOutcome(file: file, messages: messages)
}

/// Finds and reads project configuration once per directory and once per file, and applies the command line.
struct ConfigurationResolver {
  /// The distinct configurations in use, command line applied.
  private(set) var resolved: [ResolvedConfiguration] = []
  /// Problems in the configuration files read, `file:line:column: message`, each file once.
  private(set) var problems: [String] = []
  /// Why `--config FILE` cannot be used, if it cannot.
  private(set) var explicitFileError: String? = nil
  private let commandLine: CheckCommandLine
  private var byDirectory: [String: Int] = [:]
  private var byFile: [String: Int] = [:]
  private var defaultIndex: Int? = nil

  /// Loads `--config FILE` now, if given.
  init(commandLine: CheckCommandLine, workingDirectory: String) {
    self.commandLine = commandLine
    if let file = commandLine.configFile {
      let path = absolutePath(file, workingDirectory: workingDirectory)
      switch FileSystem.entry(path) {
      case .failure(let error):
        explicitFileError = "--config \(file): \(FileSystem.errorText(error.code))"
        return
      case .success(.directory):
        explicitFileError = "--config \(file): is a directory"
        return
      case .success:
        if case .failure(let error) = FileSystem.readFile(path) {
          explicitFileError = "--config \(error.message)"
          return
        }
      }
      defaultIndex = add(ProjectConfiguration.load(file: path))
    } else if commandLine.noConfig {
      defaultIndex = add(ProjectConfiguration())
    }
  }

  /// The configuration of the Dockerfile at `path` (absolute).
  mutating func index(forDockerfileAt path: String) -> Int {
    index(forDirectory: FileSystem.directory(of: path))
  }

  /// The configuration found from `directory` (absolute) upwards.
  mutating func index(forDirectory directory: String) -> Int {
    if let defaultIndex { return defaultIndex }
    if let known = byDirectory[directory] { return known }
    let index: Int
    if let file = ProjectConfiguration.find(startingIn: directory) {
      if let known = byFile[file] {
        index = known
      } else {
        index = add(ProjectConfiguration.load(file: file))
        byFile[file] = index
      }
    } else {
      if byFile[""] == nil { byFile[""] = add(ProjectConfiguration()) }
      index = byFile[""]!
    }
    byDirectory[directory] = index
    return index
  }

  /// Records a configuration with the command line applied; returns its index.
  private mutating func add(_ configuration: ProjectConfiguration) -> Int {
    problems += configuration.problems.map(\.description)
    resolved.append(
      ResolvedConfiguration(
        options: applying(commandLine, to: configuration.options),
        failLevel: commandLine.failLevel ?? configuration.failLevel ?? .warning,
        source: configuration.source))
    return resolved.count - 1
  }
}

/// `options` with the command line's rule options applied: `--select` (only those rules, off-by-default ones
/// included), then `--severity` (a level also turns the rule on; `off` turns it off), then `--ignore` (always
/// wins), then `--trusted-registry` (replaces the list) and `--no-suppress`.
func applying(_ commandLine: CheckCommandLine, to options: AnalysisOptions) -> AnalysisOptions {
  var editor = RuleOptionsEditor(options: options)
  if !commandLine.select.isEmpty {
    let selected = Set(commandLine.select)
    for rule in RuleRegistry.all {
      let code = rule.descriptor.code
      if selected.contains(code) { editor.enable(code) } else { editor.disable(code) }
    }
  }
  for override in commandLine.severity {
    if let severity = override.severity {
      editor.setSeverity(override.code, severity)
      editor.enable(override.code)
    } else {
      editor.disable(override.code)
    }
  }
  for code in commandLine.ignore { editor.disable(code) }
  if !commandLine.trustedRegistries.isEmpty {
    editor.options.settings.trustedRegistries = commandLine.trustedRegistries
  }
  if !commandLine.honourSuppressionComments { editor.options.honourSuppressionComments = false }
  return editor.options
}

/// The `file://` URI of a directory, ending in `/`, with bytes outside RFC 3986's unreserved set and `/`
/// percent-encoded.
func fileURI(directory: String) -> String {
  var out = "file://"
  for byte in directory.utf8 {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
      UInt8(ascii: "~"), UInt8(ascii: "/"):
      out.unicodeScalars.append(Unicode.Scalar(byte))
    default:
      let digits = Array("0123456789ABCDEF".unicodeScalars)
      out += "%"
      out.unicodeScalars.append(digits[Int(byte >> 4)])
      out.unicodeScalars.append(digits[Int(byte & 0xF)])
    }
  }
  return out.hasSuffix("/") ? out : out + "/"
}

/// Writes `bytes` to the file at `path` (created or truncated); returns the reason on failure.
func writeFile(_ path: String, _ bytes: [UInt8]) -> String? {
  let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  guard fd >= 0 else { return FileSystem.errorText(errno) }
  var offset = 0
  while offset < bytes.count {
    let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
    if n < 0 {
      if errno == EINTR { continue }
      let reason = FileSystem.errorText(errno)
      close(fd)
      return reason
    }
    offset += n
  }
  if close(fd) != 0 { return FileSystem.errorText(errno) }
  return nil
}
