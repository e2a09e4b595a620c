// DF601 apt-get-pin-versions (alias DL3008).
//
// `apt-get install curl` installs whatever version the archive holds on the day of the build, so two builds of
// the same Dockerfile can ship different software, and a rebuild can break without any change to the file.
// Pinning `curl=<version>` makes the build repeatable (and makes it fail loudly when the pinned version leaves
// the archive). As in hadolint, a word counts as pinned when it contains `=` (a version, or an `-o Key=value`
// option value), contains `/` (a release such as `curl/bookworm-backports`, or a file path) or names a `.deb`
// file; the values of `-t` / `--target-release` are not packages. Only commands named `apt-get` are checked.
import DockerfileSyntax

/// Reports `apt-get install` of packages without a pinned version.
public struct AptGetPinVersions: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF601.
  public let descriptor = RuleDescriptor(
    code: "DF601", name: "apt-get-pin-versions", aliases: ["DL3008"], severity: .warning, category: .correctness,
    summary: "apt-get install should pin package versions",
    documentation: RuleDocumentation(
      why: """
        Without a version, `apt-get install` takes whatever the archive holds on the day of the build, so two \
        builds of the same Dockerfile can ship different software and a rebuild can break with no change to \
        the file. Pin each package as `<package>=<version>` to make builds repeatable; a pinned version that \
        disappears from the archive then fails the build visibly instead of silently changing the image.
        """,
      bad: """
        FROM debian:12
        RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
        USER 65534

        """,
      good: """
        FROM debian:12
        RUN apt-get update \\
         && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u12 \\
         && rm -rf /var/lib/apt/lists/*
        USER 65534

        """))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    var unpinned: [ShellWord] = []
    for command in facts.packageCommands where command.isNamed("apt-get", withAnyArgument: ["install"]) {
      for word in command.argumentsWithoutFlags(droppingValuesOf: ["t", "target-release"]) where !Self.isPinned(word) {
        unpinned.append(word)
      }
    }
    guard let first = unpinned.first else { return }
    report(
      first.range,
      "pin the version of \(packageList(unpinned)) in `apt-get install` (`<package>=<version>`) so that rebuilds "
        + "install the same software")
  }

  /// Whether an operand of `apt-get install` counts as pinned (the word `install` itself is not a package).
  static func isPinned(_ word: ShellWord) -> Bool {
    let v = word.stringValue
    return v == "install" || v.contains("=") || v.contains("/") || v.hasSuffix(".deb")
  }
}
