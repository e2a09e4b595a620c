// DF605 apk-pin-versions (alias DL3018).
//
// `apk add curl` installs whatever version the Alpine repository holds on the day of the build, so rebuilds of
// the same Dockerfile can differ. A version constraint (`curl=8.5.0-r0`, `curl~8.5`, `curl>=8`, `curl<9`) or a
// local `.apk` file makes it repeatable. As in hadolint, the values of `-t` / `--virtual`, `--repository` and
// `-X` are not packages.
import DockerfileSyntax

/// Reports `apk add` of packages without a version constraint.
public struct ApkPinVersions: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF605.
  public let descriptor = RuleDescriptor(
    code: "DF605", name: "apk-pin-versions", aliases: ["DL3018"], severity: .warning, category: .correctness,
    summary: "apk add should pin package versions",
    documentation: RuleDocumentation(
      why: """
        Without a version, `apk add` takes whatever the repository holds on the day of the build, so two \
        builds of the same Dockerfile can ship different software. Constrain each package (`<package>=<version>`, \
        or `~` to allow patch releases) so that rebuilds are repeatable and upgrades are deliberate.
        """,
      bad: "FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 65534\n",
      good: "FROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0\nUSER 65534\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    var unpinned: [ShellWord] = []
    for command in facts.packageCommands where command.isNamed("apk", withAnyArgument: ["add"]) {
      for word in command.argumentsWithoutFlags(droppingValuesOf: ["t", "virtual", "repository", "X"])
      where !Self.isPinned(word) {
        unpinned.append(word)
      }
    }
    guard let first = unpinned.first else { return }
    report(
      first.range,
      "pin the version of \(packageList(unpinned)) in `apk add` (`<package>=<version>`) so that rebuilds install "
        + "the same software")
  }

  /// Whether an operand of `apk add` counts as pinned (the word `add` itself is not a package).
  static func isPinned(_ word: ShellWord) -> Bool {
    let v = word.stringValue
    return v == "add" || v.contains("=") || v.contains("~") || v.contains(">") || v.contains("<")
      || v.hasSuffix(".apk")
  }
}
