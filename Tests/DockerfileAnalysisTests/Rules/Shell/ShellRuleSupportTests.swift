// The shell-command family's reading of commands the way hadolint (and ShellCheck) does.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

/// The first command of a script.
private func command(_ text: String) -> ShellCommand {
  parseShell(Array(text.utf8)).commands[0]
}

@Suite("Shell rule support")
struct ShellRuleSupportTests {
  @Test(arguments: [
    ("pip install x", "pip"), ("command cd /x", "cd"), ("builtin cd /x", "cd"), ("busybox wget x", "wget"),
    ("exec -a name -l sudo x", "sudo"), ("exec -- sudo x", "sudo"), ("exec", "exec"), ("exec -z sudo", "exec"),
    ("command -v cd", "command"), ("sudo pip install", "sudo"), ("\"cd\" /x", "cd"), ("FOO=1 pip install", "pip"),
  ])
  func names(_ text: String, _ expected: String) {
    #expect(ShellRuleSupport.name(command(text))?.name == expected)
  }

  @Test func noNameForExpansions() {
    #expect(ShellRuleSupport.name(command("$X y")) == nil)
    #expect(ShellRuleSupport.name(command("command $X y")) == nil)
  }

  @Test(
    arguments: [
      ("pip install -ib val --target=t x - -- -q y", ["i", "target"], ["install", "x", "-", "--", "y"]),
      ("apt-get install -yt stable curl", ["t"], ["install", "curl"]),
      ("apt-get install -t -t stable curl", ["t"], ["install", "curl"]),
      ("apt-get install -t -y stable curl", ["t"], ["install", "stable", "curl"]),
      ("apt-get install --target-release=stable curl", ["target-release"], ["install", "curl"]),
      ("apk add -q -- x", [], ["add", "--", "x"]),
    ] as [(String, Set<String>, [String])])
  func argumentsWithoutFlagsDropValuesLikeHadolint(_ text: String, _ valueFlags: Set<String>, _ expected: [String]) {
    #expect(command(text).argumentsWithoutFlags(droppingValuesOf: valueFlags).map(\.stringValue) == expected)
  }

  @Test func flagValues() {
    let c = command("useradd -u 1 -ou 2 --uid 3 x")
    #expect(c.flagValues("u").map(\.stringValue) == ["1", "2"])
    #expect(command("useradd -u").flagValues("u").isEmpty)
  }

  @Test func flagNames() {
    #expect(command("apt-get -qq --yes=1 - -- install x").flagNames == ["q", "q", "yes"])
  }

  @Test(arguments: [
    ("abc", 3), ("$UID", 6), ("${UID}", 6), ("$(id -u)", 8), ("`id -u`", 6), ("$((1+2))", 6), ("x$1", 5),
    ("'$UID'", 4),
  ])
  func hadolintLengths(_ text: String, _ expected: Int) {
    let word = command("x \(text)").words[1]
    #expect(ShellRuleSupport.hadolintLength(word) == expected)
  }

  @Test(arguments: [("node", "node"), ("node:22", "node"), ("ghcr.io/o/app:1@sha256:ab", "o/app"), ("foo@sha", "foo")])
  func imageNames(_ reference: String, _ expected: String) {
    #expect(ShellRuleSupport.imageName(reference) == expected)
  }
}

@Suite("Shell command rules registry")
struct ShellCommandRulesRegistryTests {
  @Test func codesInOrderAndGoodExamplesCleanForEveryDefaultRule() {
    let rules = ShellCommandRules.all + [PipNoCacheDir()]
    #expect(ShellCommandRules.all.map(\.descriptor.code) == (651...663).map { "DF\($0)" })
    for d in rules.map(\.descriptor) {
      let reported = analyze(SyntaxTree(d.documentation.good)).map(\.code)
      #expect(reported.isEmpty, "\(d.code) good example is reported by \(reported)")
    }
  }
}

@Suite("Shell command rules robustness")
struct ShellCommandRulesRobustnessTests {
  static let inputs: [[UInt8]] =
    [
      "", "RUN", "RUN \n", "ONBUILD", "ONBUILD RUN", "ONBUILD ONBUILD RUN a | b", "SHELL", "SHELL []", "SHELL [\"",
      "FROM", "FROM a AS", "RUN exec", "RUN command", "RUN exec -a", "RUN useradd -u", "RUN a |", "RUN | b",
      "RUN 'unterminated | x", "RUN $(", "RUN `", "RUN useradd -u ${", "RUN useradd -u $((", "RUN useradd -u `x",
      "RUN pip install -i", "RUN npm install --registry", "RUN gem install -v", "RUN go run", "RUN yarn install \\",
      "RUN <<EOF\npip install x | y\n", "RUN --mount=type=cache, yarn install", "ONBUILD FROM x\nONBUILD RUN curl a",
      "RUN a\r\n|b", "RUN ln /bin/sh", "FROM x\nRUN a\nRUN b\nRUN c",
      String(repeating: "RUN a | b && cd c\n", count: 200),
    ].map { Array($0.utf8) } + [
      [0x52, 0x55, 0x4E, 0x20, 0xFF, 0xFE, 0x7C, 0x20, 0xC3], [UInt8](repeating: 0x7C, count: 5000),
    ]

  @Test func neverCrashes() {
    var options = AnalysisOptions()
    options.enabled = Set((ShellCommandRules.all + [PipNoCacheDir()]).map(\.descriptor.code))
    for input in Self.inputs {
      for finding in analyze(SyntaxTree(input), options: options) {
        #expect(finding.range.lowerBound >= 0 && finding.range.upperBound <= input.count)
      }
    }
  }
}
