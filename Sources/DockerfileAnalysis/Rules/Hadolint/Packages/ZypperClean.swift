// DF612 zypper-clean (alias DL3036).
//
// zypper keeps repository metadata and downloaded packages under /var/cache/zypp. Unless the RUN that installs
// ends with `zypper clean` (`zypper cc`), they stay in the layer. As in hadolint, a RUN with `zypper install`
// (`in`) is reported unless its first `zypper clean` comes after its first install; a BuildKit cache or tmpfs
// mount on /var/cache/zypp keeps the cache out of the image, so such RUNs are not reported.
import DockerfileSyntax

/// Reports `zypper install` without a later `zypper clean` in the same RUN.
public struct ZypperClean: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF612.
  public let descriptor = RuleDescriptor(
    code: "DF612", name: "zypper-clean", aliases: ["DL3036"], severity: .warning, category: .size,
    summary: "zypper install should be followed by zypper clean in the same RUN",
    documentation: RuleDocumentation(
      why: """
        zypper keeps repository metadata and the packages it downloads under /var/cache/zypp. Whatever a RUN \
        leaves there is part of its layer, and a later RUN cannot take it out again. End the installing RUN \
        with `zypper clean`, or mount a BuildKit cache on /var/cache/zypp.
        """,
      bad: "FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0\nUSER 65534\n",
      good: "FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0 && zypper clean\nUSER 65534\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let commands = facts.packageCommands
    guard let install = commands.firstIndex(where: { $0.isNamed("zypper", withAnyArgument: ["install", "in"]) })
    else { return }
    if facts.effective.hasCacheMount(targetContaining: "/var/cache/zypp") { return }
    let clean = commands.firstIndex { $0.isNamed("zypper", withAnyArgument: ["clean", "cc"]) }
    if let clean, install < clean { return }
    report(
      commands[install].wordsRange(through: ["install", "in"]),
      "`zypper install` leaves its cache in the layer; end the RUN with `zypper clean`")
  }
}
