// DF653 pip-pin-versions (alias DL3013).
//
// `pip install flask` installs whatever version is newest on the day of the build, so two builds of the same
// Dockerfile can ship different code. A version specifier (`flask==3.0.3`, or at least a range), a
// requirements or constraints file, a local path, a wheel or sdist file, or a VCS URL with a ref keeps the
// build reproducible. hadolint's reading: a command whose name starts with `pip` (not `pipenv`; `pipx` counts)
// with an `install` argument, or a `python...` command with `-m pip install`; `-r`, `--requirement` or `.`
// as an argument, or a `-c`/`--constraint` flag, exempt the command. The packages are the non-flag arguments
// after `install`, minus the values of pip options that take one. A package is pinned when it contains a
// comparison (`==`, `>=`, `<`, `!=`, `~=`, ...), ends in `.whl` or `.tar.gz`, is a VCS URL with `@`, or is a
// non-VCS path or URL (contains `/`). Note that an unquoted `pkg>=1` is a shell redirection.
import DockerfileSyntax

/// Reports `pip install` of a package without a version.
public struct PipPinVersions: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF653.
  public let descriptor = RuleDescriptor(
    code: "DF653", name: "pip-pin-versions", aliases: ["DL3013"], severity: .warning, category: .correctness,
    summary: "pip install of a package without a pinned version",
    documentation: RuleDocumentation(
      why: """
        Without a version, pip installs whatever is newest when the image is built, so rebuilding the same \
        Dockerfile can ship different code, or break. Pin each package (`flask==3.0.3`, or at least a range), \
        or install from a requirements or constraints file that pins them. Local paths, wheel and sdist files, \
        and VCS URLs with a ref (`git+https://...@v1.2`) are accepted as pinned.
        """,
      bad: """
        FROM python:3.12-slim
        RUN pip install --no-cache-dir flask
        USER nobody

        """,
      good: """
        FROM python:3.12-slim
        RUN pip install --no-cache-dir flask==3.0.3
        USER nobody

        """))

  /// pip options whose value is a separate word (it is not a package).
  static let valueFlags: Set<String> = [
    "abi", "b", "build", "e", "editable", "extra-index-url", "f", "find-links", "i", "index-url", "implementation",
    "no-binary", "only-binary", "platform", "prefix", "progress-bar", "proxy", "python", "python-version", "root",
    "root-user-action", "src", "t", "target", "trusted-host", "upgrade-strategy",
  ]

  /// URL schemes pip reads as version control.
  static let vcsSchemes = [
    "git+file", "git+https", "git+ssh", "git+http", "git+git", "git", "hg+file", "hg+http", "hg+https", "hg+ssh",
    "hg+static-http", "svn", "svn+svn", "svn+http", "svn+https", "svn+ssh", "bzr+http", "bzr+https", "bzr+ssh",
    "bzr+sftp", "bzr+ftp", "bzr+lp",
  ]

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let commands = ShellRuleSupport.runCommands(facts, onbuild: true) else { return }
    for command in commands {
      guard let name = ShellRuleSupport.name(command)?.name, Self.isPipInstall(command, name: name) else { continue }
      if command.hasAnyFlag(["c", "constraint"]) || command.hasArgument(["--requirement", "-r", "."]) { continue }
      let words = command.argumentsWithoutFlags(droppingValuesOf: Self.valueFlags)
      guard let package = ShellRuleSupport.droppingThroughInstall(words).first(where: { !Self.isPinned($0) })
      else { continue }
      let text = package.stringValue
      report(
        package.range,
        "`\(text)` is installed without a pinned version; use `\(text)==<version>` or a requirements file")
      return
    }
  }

  /// hadolint's pip install: `pip...` (not `pipenv...`) with an `install` argument, or `python... -m pip install`.
  static func isPipInstall(_ command: ShellCommand, name: String) -> Bool {
    if name.hasPrefix("pip") && !name.hasPrefix("pipenv") { return command.hasArgument("install") }
    guard name.hasPrefix("python") else { return false }
    let values = command.words.dropFirst().map(\.stringValue)
    return values.indices.contains { i in
      i + 2 < values.count && values[i] == "-m" && values[i + 1] == "pip" && values[i + 2] == "install"
    }
  }

  /// Whether a package word names a fixed version (or something that is not a registry package).
  static func isPinned(_ word: ShellWord) -> Bool {
    let text = word.stringValue
    if ["==", ">", "<", "!=", "~="].contains(where: text.contains) { return true }
    let isVCS = vcsSchemes.contains(where: text.hasPrefix)
    if isVCS && text.contains("@") { return true }
    if text.hasSuffix(".whl") || text.hasSuffix(".tar.gz") { return true }
    return !isVCS && text.contains("/")
  }
}
