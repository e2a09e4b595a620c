// DF614-DF616, the dnf and microdnf rules: sources that must be reported (the exact range between 1️⃣ and 2️⃣, a
// second finding between 3️⃣ and 4️⃣) and sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF614 dnf-yes")
struct DnfYesTests {
  static let fires = [
    "FROM fedora:41\nRUN 1️⃣dnf install2️⃣ httpd-2.4.62 && dnf clean all\n",
    "FROM fedora:41\nRUN 1️⃣microdnf install2️⃣ httpd-2.4.62\n",
    "FROM fedora:41\nRUN 1️⃣dnf --refresh groupinstall2️⃣ x\nRUN 3️⃣dnf localinstall4️⃣ ./x.rpm\n",
    "FROM fedora:41\nONBUILD RUN 1️⃣microdnf install2️⃣ httpd-2.4.62\n",
  ]

  static let silent = [
    "FROM fedora:41\nRUN dnf install -y httpd-2.4.62\n",
    "FROM fedora:41\nRUN microdnf --assumeyes install httpd-2.4.62\n",
    "FROM fedora:41\nRUN dnf upgrade\n",
    "FROM fedora:41\nRUN notdnf install httpd\n",
    "FROM fedora:41\nRUN sudo dnf install httpd\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF614", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF614", source) }
}

@Suite("DF615 dnf-clean-all")
struct DnfCleanAllTests {
  static let fires = [
    "FROM fedora:41\nRUN 1️⃣dnf install2️⃣ -y httpd-2.4.62\n",
    "FROM fedora:41\nRUN 1️⃣dnf -y upgrade2️⃣\n",
    "FROM fedora:41\nRUN 1️⃣dnf in2️⃣ -y x-1 && microdnf clean all\n",
    "FROM fedora:41\nRUN microdnf clean all && 1️⃣dnf install2️⃣ -y x-1\n",
    "FROM fedora:41\nRUN rm -rf /var/cache/libdnf5 && 1️⃣microdnf install2️⃣ -y x-1\n",
    "FROM fedora:41\nRUN dnf install -y a-1 && dnf clean all && 1️⃣microdnf rei2️⃣ -y b-1\n",
    "FROM fedora:41\nRUN --mount=type=bind,target=/var/cache/libdnf5 1️⃣dnf install2️⃣ -y x-1\n",
    "FROM fedora:41\nONBUILD RUN 1️⃣dnf install2️⃣ -y x-1\n",
    "FROM fedora:41\nRUN 1️⃣dnf up2️⃣ -y\nRUN 3️⃣dnf up-min4️⃣ -y\n",
  ]

  static let silent = [
    "FROM fedora:41\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n",
    "FROM fedora:41\nRUN microdnf install -y httpd-2.4.62 && microdnf clean all\n",
    // As in hadolint, any `rm -rf` counts as the clean-up.
    "FROM fedora:41\nRUN dnf in -y x-1 && rm -rf /var/cache/yum/*\n",
    "FROM fedora:41\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y x-1\n",
    "FROM fedora:41\nRUN --mount=type=tmpfs,target=/root/.cache/libdnf5 dnf install -y x-1\n",
    "FROM fedora:41\nRUN dnf -y update\n",
    "FROM fedora:41\nRUN notdnf install mariadb\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF615", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF615", source) }
}

@Suite("DF616 dnf-pin-versions")
struct DnfPinVersionsTests {
  static let fires = [
    "FROM fedora:41\nRUN dnf install -y 1️⃣httpd2️⃣ && dnf clean all\n",
    "FROM fedora:41\nRUN microdnf install -y 1️⃣tomcat2️⃣ && microdnf clean all\n",
    "FROM fedora:41\nRUN dnf module install -y 1️⃣nodejs2️⃣\n",
    "FROM fedora:41 AS build\nENV version=2.51.0\nFROM fedora:41\nRUN dnf -y install 1️⃣git-core-${version}2️⃣\n",
    "FROM fedora:41\nONBUILD RUN dnf install -y 1️⃣rpm-sign2️⃣\n",
    "FROM fedora:41\nRUN dnf install -y 1️⃣a2️⃣\nRUN microdnf install -y 3️⃣b4️⃣\n",
  ]

  static let silent = [
    "FROM fedora:41\nRUN dnf install -y httpd-2.4.62 openssl-1:3.2.2 gcc-c++-14.2.1 ./x-1.0.rpm\n",
    "FROM fedora:41\nRUN dnf module install -y nodejs:20\n",
    "FROM fedora:41\nRUN dnf -y group install 'Development Tools'\n",
    "FROM fedora:41\nRUN dnf -y --setopt=group_package_types=mandatory group install 'Development Tools'\n",
    "ENV version=2.51.0\nRUN dnf -y install git-core-${version}\n",
    "ARG version=2.51.0\nFROM fedora:41\nRUN dnf -y install git-core-$version\n",
    "FROM fedora:41\nRUN notdnf install tomcat\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF616", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF616", source) }
}

@Suite("DF6xx package-manager family")
struct PackageManagerFamilyTests {
  @Test func codesAreInOrderAndAnswerToTheirHadolintCodes() {
    let expected = [
      "DL3008", "DL3009", "DL3014", "DL3015", "DL3018", "DL3019", "DL3027", "DL3030", "DL3032", "DL3033", "DL3034",
      "DL3036", "DL3037", "DL3038", "DL3040", "DL3041",
    ]
    let rules = PackageManagerRules.all.map(\.descriptor)
    #expect(rules.map(\.code) == (601...616).map { "DF\($0)" })
    #expect(rules.map(\.aliases) == expected.map { [$0] })
    for (d, alias) in zip(rules, expected) {
      #expect(RuleRegistry.rule(alias)?.descriptor.code == d.code)
      #expect(RuleRegistry.rule(d.name)?.descriptor.code == d.code)
      #expect(d.enabledByDefault)
    }
  }

  /// The good examples are clean under every default rule, and the bad ones fire their rule.
  @Test func documentationExamples() {
    for d in PackageManagerRules.all.map(\.descriptor) {
      #expect(analyze(SyntaxTree(d.documentation.bad)).contains { $0.code == d.code }, "\(d.code) bad example")
      let good = analyze(SyntaxTree(d.documentation.good)).map(\.code)
      #expect(good.isEmpty, "\(d.code) good example: \(good)")
    }
  }

  @Test func findingsHaveTheRuleSeverityAndCanBeTurnedOff() {
    let source = "FROM debian:12\nRUN apt-get install curl\n"
    #expect(findingMessages("DF601", in: source).count == 1)
    var options = AnalysisOptions()
    options.disabled = ["apt-get-pin-versions"]
    #expect(!analyze(SyntaxTree(source), options: options).contains { $0.code == "DF601" })
    #expect(analyze(SyntaxTree(source)).first { $0.code == "DF604" }?.severity == .info)
  }

  /// Odd inputs must not crash any rule of the family.
  @Test func oddInputs() {
    let inputs = [
      "", "RUN", "ONBUILD", "ONBUILD RUN", "FROM", "RUN apt-get install 'unterminated\n",
      "FROM x AS\nRUN apt-get update\n", "RUN apt-get install -t\n", "RUN yum install -y -\n",
      "RUN yum install -y ${\n", "RUN yum install -y a-$\n", "FROM .\nFROM a./\nRUN apt-get update\n",
      "ONBUILD ONBUILD ONBUILD RUN apt-get update\n", "RUN <<EOF\napt-get install x\n",
      "RUN [\"apt-get\", \"install\", \"x\"]\n",
    ]
    for input in inputs {
      var options = AnalysisOptions()
      options.enabled = Set(PackageManagerRules.all.map(\.descriptor.code))
      _ = analyze(SyntaxTree(input), options: options)
      _ = analyze(SyntaxTree(Array(input.utf8) + [0xFF, 0xFE]), options: options)
    }
  }
}
