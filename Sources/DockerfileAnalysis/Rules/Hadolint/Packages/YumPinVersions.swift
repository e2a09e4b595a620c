// DF610 yum-pin-versions (alias DL3033).
//
// `yum install httpd` installs whatever version the repositories hold on the day of the build, so rebuilds of
// the same Dockerfile can differ. Naming the version (`httpd-2.4.6`, `openssl-1:1.0.2k`), a local `.rpm` file,
// or, for `yum module install`, a stream (`nodejs:18`) makes it repeatable. A version given through a variable
// (`git-${GIT_VERSION}`) counts when the variable is an ARG declared earlier in the file or an ENV of the
// stage (see RpmVersionPins.swift for the exact rules, which are hadolint's).
import DockerfileSyntax

/// Reports `yum install` of packages without a version.
public struct YumPinVersions: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF610.
  public let descriptor = RuleDescriptor(
    code: "DF610", name: "yum-pin-versions", aliases: ["DL3033"], severity: .warning, category: .correctness,
    summary: "yum install should pin package versions",
    documentation: RuleDocumentation(
      why: """
        Without a version, `yum install` takes whatever the repositories hold on the day of the build, so two \
        builds of the same Dockerfile can ship different software. Name the version as \
        `<package>-<version>` (a module as `<module>:<stream>`), directly or through an ARG or ENV, so that \
        rebuilds are repeatable and upgrades are deliberate.
        """,
      bad: "FROM centos:7\nRUN yum install -y httpd && yum clean all\nUSER 65534\n",
      good: "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\nUSER 65534\n"))

  /// The check shared with DF616.
  let pins = RpmVersionPins(programs: ["yum"], nonPackageArguments: ["module"])

  public var stepKinds: Set<InstructionKind>? { RpmVersionPins.stepKinds }

  public func initialState(_ file: FileFacts) -> RpmVersionPinsState { RpmVersionPinsState() }

  public func step(
    _ state: inout RpmVersionPinsState, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>
  ) {
    pins.step(&state, facts) { out.report($0, $1) }
  }
}
