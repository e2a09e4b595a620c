// DF655 gem-pin-versions (alias DL3028).
//
// `gem install rails` installs the newest release when the image is built. hadolint checks `gem` commands
// with an `install` or `i` argument and no `-v`, `--version` or `--version=...`: the arguments before `--`,
// with every word that starts with `-` removed together with the word after it (so `--no-document rails`
// hides `rails`, a quirk kept for agreement), and without `install`/`i`, must each read `name:version`.
import DockerfileSyntax

/// Reports `gem install` of a gem without a version.
public struct GemPinVersions: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF655.
  public let descriptor = RuleDescriptor(
    code: "DF655", name: "gem-pin-versions", aliases: ["DL3028"], severity: .warning, category: .correctness,
    summary: "gem install of a gem without a version",
    documentation: RuleDocumentation(
      why: """
        Without a version, gem installs whatever release is newest when the image is built, so rebuilding the \
        same Dockerfile can ship different code. Pin each gem as `name:version`, pass `-v <version>` for a \
        single gem, or install from a Gemfile.lock with bundler.
        """,
      bad: """
        FROM ruby:3.3-slim
        RUN gem install bundler
        USER nobody

        """,
      good: """
        FROM ruby:3.3-slim
        RUN gem install bundler:2.5.22
        USER nobody

        """))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let commands = ShellRuleSupport.runCommands(facts, onbuild: true) else { return }
    for command in commands {
      guard ShellRuleSupport.name(command)?.name == "gem", command.hasArgument(["install", "i"]),
        !command.hasArgument(["-v", "--version"]),
        !command.arguments.contains(where: { $0.stringValue.hasPrefix("--version=") })
      else { continue }
      guard let gem = Self.gems(command).first(where: { !$0.stringValue.contains(":") }) else { continue }
      let text = gem.stringValue
      report(gem.range, "`\(text)` is installed without a version; use `\(text):<version>` or -v <version>")
      return
    }
  }

  /// The gem words as hadolint reads them: arguments before `--`, each option dropped with the word after it.
  static func gems(_ command: ShellCommand) -> [ShellWord] {
    var out: [ShellWord] = []
    var skipNext = false
    for word in command.arguments {
      let text = word.stringValue
      if text == "--" { break }
      if skipNext {
        skipNext = false
        continue
      }
      if text.hasPrefix("-") {
        skipNext = true
        continue
      }
      if text != "install" && text != "i" { out.append(word) }
    }
    return out
  }
}
