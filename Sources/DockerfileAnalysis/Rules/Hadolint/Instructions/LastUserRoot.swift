// DF502 last-user-root (hadolint DL3002).
//
// hadolint's view of running as root: in every stage (not only the final one), the last USER instruction
// must not switch to root (`root`, `0`, `root:<group>`, `0:<group>`, compared literally). A stage without
// USER is not reported. DF301 (final-stage-root, on by default) covers the image that ships, including the
// common case of no USER at all, so this variant is off by default.
import DockerfileSyntax

/// Reports, per stage, a last USER that switches to root.
public struct LastUserRoot: Rule {
  /// Creates the rule.
  public init() {}

  /// DF502.
  public let descriptor = RuleDescriptor(
    code: "DF502", name: "last-user-root", aliases: ["DL3002"], severity: .warning, category: .security,
    summary: "The last USER of a stage should not be root",
    documentation: RuleDocumentation(
      why: """
        A stage whose last USER is root runs its commands, and its container if it is the image that ships, \
        with full privileges. Switch back to an unprivileged user after the steps that need root. This is \
        hadolint's form of the check: it looks at every stage and only at explicit `USER root` or `USER 0`. \
        DF301 (final-stage-root, on by default) covers the final stage, including a stage with no USER, so \
        this rule is off by default.
        """,
      bad: "FROM alpine:3.20\nUSER root\nCOPY app /srv/app\n",
      good: "FROM alpine:3.20\nUSER root\nCOPY app /srv/app\nUSER nobody\n"),
    enabledByDefault: false)

  /// Whether a USER value names root, literally.
  static func isRoot(_ user: String) -> Bool {
    user == "root" || user == "0" || user.hasPrefix("root:") || user.hasPrefix("0:")
  }

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    // Per stage (by position), the range of the USER that made it root, if it still is.
    var rootUser: [Range<Int>?] = []
    for ins in context.model.instructions {
      switch ins.kind {
      case .from:
        rootUser.append(nil)
      case .user:
        guard !rootUser.isEmpty else { continue }
        let value = ins.hadolintArgumentString
        rootUser[rootUser.count - 1] = Self.isRoot(value) ? (ins.arguments.first?.range ?? ins.keyword.range) : nil
      default:
        continue
      }
    }
    for case let range? in rootUser {
      report(range, "the stage ends as root; switch to an unprivileged user after the steps that need root")
    }
  }
}
