// DF613 zypper-pin-versions (alias DL3037).
//
// `zypper install curl` installs whatever version the repositories hold on the day of the build. A version
// (`curl=8.6.0`, `curl>=8`, `curl<9`, written with the operator escaped or quoted) or a local `.rpm` file
// makes rebuilds repeatable. An unquoted `curl>=8` is a shell redirection, not a constraint, and is reported.
import DockerfileSyntax

/// Reports `zypper install` of packages without a version.
public struct ZypperPinVersions: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF613.
  public let descriptor = RuleDescriptor(
    code: "DF613", name: "zypper-pin-versions", aliases: ["DL3037"], severity: .warning, category: .correctness,
    summary: "zypper install should pin package versions",
    documentation: RuleDocumentation(
      why: """
        Without a version, `zypper install` takes whatever the repositories hold on the day of the build, so \
        two builds of the same Dockerfile can ship different software. Give each package a version \
        (`<package>=<version>`, or a quoted range such as `'<package>>=<version>'`) so that rebuilds are \
        repeatable.
        """,
      bad: "FROM opensuse/leap:15.6\nRUN zypper install -y curl && zypper clean\nUSER 65534\n",
      good: "FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0 && zypper clean\nUSER 65534\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    var unpinned: [ShellWord] = []
    for command in facts.packageCommands where command.isNamed("zypper", withAnyArgument: ["install", "in"]) {
      for word in command.argumentsWithoutFlags() where !Self.isPinned(word) { unpinned.append(word) }
    }
    guard let first = unpinned.first else { return }
    report(
      first.range,
      "pin the version of \(packageList(unpinned)) in `zypper install` (`<package>=<version>`) so that rebuilds "
        + "install the same software")
  }

  /// Whether an operand of `zypper install` counts as pinned (the subcommand word itself is not a package).
  static func isPinned(_ word: ShellWord) -> Bool {
    let v = word.stringValue
    return v == "install" || v == "in" || v.contains("=") || v.contains(">") || v.contains("<")
      || v.hasSuffix(".rpm")
  }
}
