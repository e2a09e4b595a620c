// DF654 npm-pin-versions (alias DL3016).
//
// `npm install express` resolves to the newest release when the image is built, so the same Dockerfile can
// produce different images. hadolint checks `npm` commands whose first non-flag argument (after dropping the
// values of `--loglevel` and `--registry`) is `install`; `npm install` with no packages installs what
// package.json and the lock file say and is fine, and `npm i`/`npm ci` are not checked. A package is pinned
// when it has `@version` (after its `@scope/` prefix), is a git URL with `#ref`, a tarball (`.tar`, `.tar.gz`,
// `.tgz`), or a folder path (`/`, `./`, `../`, `~/`).
import DockerfileSyntax

/// Reports `npm install` of a package without a version.
public struct NpmPinVersions: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF654.
  public let descriptor = RuleDescriptor(
    code: "DF654", name: "npm-pin-versions", aliases: ["DL3016"], severity: .warning, category: .correctness,
    summary: "npm install of a package without a version",
    documentation: RuleDocumentation(
      why: """
        Without a version, npm installs whatever release is newest when the image is built, so rebuilding the \
        same Dockerfile can ship different code. Pin packages with `name@version`, pin git dependencies to a \
        commit or tag with `#ref`, or install from package.json and its lock file (`npm ci`, or `npm install` \
        without package names).
        """,
      bad: """
        FROM node:22-slim
        RUN npm install --global typescript
        USER node

        """,
      good: """
        FROM node:22-slim
        RUN npm install --global typescript@5.6.3
        USER node

        """))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let commands = ShellRuleSupport.runCommands(facts, onbuild: true) else { return }
    for command in commands {
      guard ShellRuleSupport.name(command)?.name == "npm", command.hasArgument("install") else { continue }
      let words = command.argumentsWithoutFlags(droppingValuesOf: ["loglevel", "registry"])
      guard words.first?.stringValue == "install",
        let package = ShellRuleSupport.droppingThroughInstall(words).first(where: { !Self.isPinned($0) })
      else { continue }
      let text = package.stringValue
      report(package.range, "`\(text)` is installed without a version; use `\(text)@<version>`")
      return
    }
  }

  /// Whether a package word names a fixed version (or a git ref, tarball or folder).
  static func isPinned(_ word: ShellWord) -> Bool {
    let text = word.stringValue
    if ["git://", "git+ssh://", "git+http://", "git+https://"].contains(where: text.hasPrefix) {
      return text.contains("#")
    }
    if [".tar", ".tar.gz", ".tgz"].contains(where: text.hasSuffix) { return true }
    if ["/", "./", "../", "~/"].contains(where: text.hasPrefix) { return true }
    // A scope (`@org/`) is not a version: hadolint drops the leading characters that sort after `/`.
    var scalars = Substring(text).unicodeScalars[...]
    if text.hasPrefix("@") { scalars = scalars.drop { $0 > "/" } }
    return scalars.contains("@")
  }
}
