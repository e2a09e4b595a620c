// DF660 go-pin-versions (alias DL3062).
//
// `go install example.com/tool` (or `go get`, `go run` of a remote package) builds whatever version is
// newest when the image is built. `@v1.2.3` (or a commit) pins it; `@latest` and `@none` do not. hadolint's
// reading: when some `go ... run` command has an operand, only the first operand of each `go run` is checked
// (later words are the program's arguments); otherwise every non-flag operand of `go install` and `go get`
// (except the words `install`, `get` and `tool`). Local packages (`.`, `./x`, `/x`) need no version.
// Deliberate difference: a `go run` operand ending in `.go` is a local source file, not a module, so it is
// not reported (hadolint reports `go run main.go`).
import DockerfileSyntax

/// Reports `go install`, `go get` or `go run` of a remote package without a version.
public struct GoPinVersions: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF660.
  public let descriptor = RuleDescriptor(
    code: "DF660", name: "go-pin-versions", aliases: ["DL3062"], severity: .warning, category: .correctness,
    summary: "go install, get or run of a package without a version",
    documentation: RuleDocumentation(
      why: """
        Without a version, go install, go get and go run fetch the newest release of a remote package when the \
        image is built, so rebuilding the same Dockerfile can produce a different binary. Add `@<version>` (a \
        release tag or a commit); `@latest` and `@none` are not versions. Local packages (`.`, `./cmd/x`) need \
        none.
        """,
      bad: """
        FROM golang:1.23
        RUN go install golang.org/x/tools/cmd/goimports
        USER nobody

        """,
      good: """
        FROM golang:1.23
        RUN go install golang.org/x/tools/cmd/goimports@v0.26.0
        USER nobody

        """))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let commands = ShellRuleSupport.runCommands(facts, onbuild: true) else { return }
    let goCommands = commands.filter { ShellRuleSupport.name($0)?.name == "go" }
    guard !goCommands.isEmpty else { return }
    var packages: [ShellWord] = []
    for command in goCommands where command.hasArgument("run") {
      packages += command.argumentsWithoutFlags().prefix(2).filter { $0.stringValue != "run" }
    }
    if packages.isEmpty {
      for command in goCommands where command.hasArgument(["install", "get"]) {
        packages += command.argumentsWithoutFlags().filter {
          !["install", "get", "tool"].contains($0.stringValue)
        }
      }
    } else {
      // `go run main.go` runs a local file (hadolint reports it; see the header).
      packages.removeAll { $0.stringValue.hasSuffix(".go") }
    }
    guard let package = packages.first(where: { !Self.isPinned($0.stringValue) }) else { return }
    let text = package.stringValue
    report(package.range, "`\(text)` is installed without a version; use `\(text)@<version>`")
  }

  /// Whether a package is local or has a version other than `@latest` and `@none`.
  static func isPinned(_ text: String) -> Bool {
    if text == "." || text.hasPrefix("/") || text.hasPrefix(".") { return true }
    return text.contains("@") && !text.hasSuffix("@latest") && !text.hasSuffix("@none")
  }
}
