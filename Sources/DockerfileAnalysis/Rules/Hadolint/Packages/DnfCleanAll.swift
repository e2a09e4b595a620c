// DF615 dnf-clean-all (alias DL3040).
//
// dnf and microdnf keep repository metadata and downloaded packages in their cache (/var/cache/dnf,
// /var/cache/libdnf5). Unless the RUN that installs ends with `dnf clean all`, they stay in the layer. As in
// hadolint, each of `dnf` and `microdnf` is judged on its own: a RUN where it installs, upgrades or reinstalls
// (`install in upgrade up upgrade-minimal up-min reinstall rei`) is reported unless its first clean-up command
// comes after its first install; a clean-up command is the same program with an argument `clean` or `all`, or
// `rm` with an argument `-rf` or `/var/cache/libdnf5*`. A BuildKit cache or tmpfs mount whose target contains
// /var/cache/libdnf5 or .cache/libdnf5 keeps the cache out of the image, so such RUNs are not reported.
import DockerfileSyntax

/// Reports `dnf install` / `microdnf install` without a later `clean all` in the same RUN.
public struct DnfCleanAll: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF615.
  public let descriptor = RuleDescriptor(
    code: "DF615", name: "dnf-clean-all", aliases: ["DL3040"], severity: .warning, category: .size,
    summary: "dnf install should be followed by dnf clean all in the same RUN",
    documentation: RuleDocumentation(
      why: """
        dnf and microdnf keep repository metadata and the packages they download in their cache. Whatever a \
        RUN leaves there is part of its layer, and a later RUN cannot take it out again. End the RUN that \
        installs or upgrades with `dnf clean all` (`microdnf clean all`), or mount a BuildKit cache on \
        /var/cache/libdnf5.
        """,
      bad: "FROM fedora:41\nRUN dnf install -y httpd-2.4.62\nUSER 65534\n",
      good: "FROM fedora:41\nRUN dnf install -y httpd-2.4.62 && dnf clean all\nUSER 65534\n"))

  static let installs: Set<String> = [
    "install", "in", "upgrade", "up", "upgrade-minimal", "up-min", "reinstall", "rei",
  ]

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let commands = facts.packageCommands
    guard !commands.isEmpty else { return }
    var offending: Int?
    for program in ["dnf", "microdnf"] {
      guard let install = commands.firstIndex(where: { $0.isNamed(program, withAnyArgument: Self.installs) })
      else { continue }
      let clean = commands.firstIndex {
        $0.isNamed(program, withAnyArgument: ["clean", "all"])
          || $0.isNamed("rm", withAnyArgument: ["-rf", "/var/cache/libdnf5*"])
      }
      if let clean, install < clean { continue }
      offending = min(offending ?? install, install)
    }
    guard let offending else { return }
    let run = facts.effective
    if run.hasCacheMount(targetContaining: "/var/cache/libdnf5")
      || run.hasCacheMount(targetContaining: ".cache/libdnf5")
    {
      return
    }
    let command = commands[offending]
    let name = command.name ?? "dnf"
    report(
      command.wordsRange(through: Self.installs),
      "`\(command.invocation(through: Self.installs))` leaves its cache in the layer; end the RUN with "
        + "`\(name) clean all`")
  }
}
