// DF019 invalid-onbuild-trigger.
//
// ONBUILD stores an instruction for builds that start from this image. BuildKit refuses three triggers when it
// parses the ONBUILD (`parseOnBuild` in `instructions/parse.go`): ONBUILD itself (no chains), FROM (a trigger
// runs inside the child's stage and cannot start another) and MAINTAINER.
import DockerfileSyntax

/// Reports ONBUILD triggers BuildKit refuses.
public struct InvalidOnbuildTrigger: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF019.
  public let descriptor = RuleDescriptor(
    code: "DF019", name: "invalid-onbuild-trigger", aliases: [], severity: .error, category: .correctness,
    summary: "An ONBUILD trigger BuildKit refuses",
    documentation: RuleDocumentation(
      why: """
        An ONBUILD instruction runs at the start of a build that uses this image as its base, inside that \
        build's stage. It cannot be another ONBUILD, a FROM (which would start a new stage) or MAINTAINER; \
        BuildKit fails the build that declares such a trigger.
        """,
      bad: "FROM alpine:3.20\nONBUILD FROM alpine:3.20\n",
      good: "FROM alpine:3.20\nONBUILD COPY . /app\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let ins = facts.instruction
    guard ins.kind == .onbuild, !DispatchSupport.isRefusedByParser(ins), let trigger = ins.child else { return }
    switch trigger.kind {
    case .onbuild:
      report(trigger.keyword.range, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
    case .from, .maintainer:
      report(trigger.keyword.range, "\(trigger.kind.keyword) isn't allowed as an ONBUILD trigger")
    default:
      break
    }
  }
}
