// DF606 apk-no-cache (alias DL3019).
//
// `apk add` keeps the package index it downloads (and, with a cache configured, the packages) under
// /var/cache/apk, which ends up in the layer. `--no-cache` fetches a fresh index and keeps nothing, which also
// makes `apk update` / `--update` and a later `rm -rf /var/cache/apk/*` unnecessary. A BuildKit cache or tmpfs
// mount on /var/cache/apk keeps the cache out of the image as well, so such RUNs are not reported.
import DockerfileSyntax

/// Reports `apk add` without `--no-cache`.
public struct ApkNoCache: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF606.
  public let descriptor = RuleDescriptor(
    code: "DF606", name: "apk-no-cache", aliases: ["DL3019"], severity: .info, category: .size,
    summary: "apk add should use --no-cache",
    documentation: RuleDocumentation(
      why: """
        `apk add` leaves the package index it downloaded under /var/cache/apk, in the layer, where no later \
        instruction can remove it. With `--no-cache`, apk fetches the index, installs, and keeps nothing, so \
        there is no need for `apk update`, `--update` or a trailing `rm -rf /var/cache/apk/*`. Alternatively, \
        mount a BuildKit cache on /var/cache/apk.
        """,
      bad: "FROM alpine:3.20\nRUN apk add --update curl=8.12.1-r0\nUSER 65534\n",
      good: "FROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0\nUSER 65534\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    if facts.effective.hasCacheMount(targetContaining: "/var/cache/apk") { return }
    for command in facts.packageCommands
    where command.isNamed("apk", withAnyArgument: ["add"]) && !command.hasAnyFlag(["no-cache"]) {
      report(
        command.wordsRange(through: ["add"]),
        "`apk add` without `--no-cache` leaves the package index in the layer; add `--no-cache`")
      return
    }
  }
}
