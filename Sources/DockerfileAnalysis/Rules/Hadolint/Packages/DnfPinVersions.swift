// DF616 dnf-pin-versions (alias DL3041).
//
// `dnf install httpd` (or `microdnf install`) installs whatever version the repositories hold on the day of the
// build, so rebuilds of the same Dockerfile can differ. Naming the version (`httpd-2.4.62`,
// `openssl-1:3.2.2`), a local `.rpm` file, or, for `dnf module install`, a stream (`nodejs:20`) makes it
// repeatable. Group installs (`dnf group install`) are not checked. A version given through a variable counts
// when the variable is an ARG declared earlier in the file or an ENV of the stage (see RpmVersionPins.swift for
// the exact rules, which are hadolint's).
import DockerfileSyntax

/// Reports `dnf install` / `microdnf install` of packages without a version.
public struct DnfPinVersions: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF616.
  public let descriptor = RuleDescriptor(
    code: "DF616", name: "dnf-pin-versions", aliases: ["DL3041"], severity: .warning, category: .correctness,
    summary: "dnf install should pin package versions",
    documentation: RuleDocumentation(
      why: """
        Without a version, `dnf install` takes whatever the repositories hold on the day of the build, so two \
        builds of the same Dockerfile can ship different software. Name the version as \
        `<package>-<version>` (a module as `<module>:<stream>`), directly or through an ARG or ENV, so that \
        rebuilds are repeatable and upgrades are deliberate.
        """,
      bad: "FROM fedora:41\nRUN dnf install -y httpd && dnf clean all\nUSER 65534\n",
      good: "FROM fedora:41\nRUN dnf install -y httpd-2.4.62 && dnf clean all\nUSER 65534\n"))

  /// The check shared with DF610.
  let pins = RpmVersionPins(programs: ["dnf", "microdnf"], nonPackageArguments: ["module", "group"])

  public var stepKinds: Set<InstructionKind>? { RpmVersionPins.stepKinds }

  public func initialState(_ file: FileFacts) -> RpmVersionPinsState { RpmVersionPinsState() }

  public func step(
    _ state: inout RpmVersionPinsState, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>
  ) {
    pins.step(&state, facts) { out.report($0, $1) }
  }
}
