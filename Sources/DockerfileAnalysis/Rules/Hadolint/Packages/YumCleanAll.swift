// DF609 yum-clean-all (alias DL3032).
//
// yum keeps downloaded packages and repository metadata under /var/cache/yum. Unless the same RUN removes them
// (`yum clean all`, or `rm -rf /var/cache/yum/*`), they stay in the layer for good. As in hadolint, a RUN with
// `yum install` is reported unless its first clean-up command comes after its first `yum install`; a clean-up
// command is `yum` with an argument `clean` or `all`, or `rm` with an argument `-rf` or `/var/cache/yum/*`.
import DockerfileSyntax

/// Reports `yum install` without a later `yum clean all` in the same RUN.
public struct YumCleanAll: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF609.
  public let descriptor = RuleDescriptor(
    code: "DF609", name: "yum-clean-all", aliases: ["DL3032"], severity: .warning, category: .size,
    summary: "yum install should be followed by yum clean all in the same RUN",
    documentation: RuleDocumentation(
      why: """
        yum keeps the packages it downloads and the repository metadata under /var/cache/yum. Whatever a RUN \
        leaves there is part of its layer, and deleting it in a later RUN does not shrink the image. Finish \
        the RUN that installs with `yum clean all` (or `rm -rf /var/cache/yum/*`).
        """,
      bad: "FROM centos:7\nRUN yum install -y httpd-2.4.6\nUSER 65534\n",
      good: "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\nUSER 65534\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let commands = facts.packageCommands
    guard let install = commands.firstIndex(where: { $0.isNamed("yum", withAnyArgument: ["install"]) }) else {
      return
    }
    let clean = commands.firstIndex {
      $0.isNamed("yum", withAnyArgument: ["clean", "all"])
        || $0.isNamed("rm", withAnyArgument: ["-rf", "/var/cache/yum/*"])
    }
    if let clean, install < clean { return }
    report(
      commands[install].wordsRange(through: ["install"]),
      "`yum install` leaves its cache in the layer; end the RUN with `yum clean all`")
  }
}
