// DF022 shell-not-json.
//
// SHELL replaces the shell that runs shell-form instructions, and BuildKit only takes it as a JSON array of
// strings (`parseShell` in `instructions/parse.go`); `SHELL /bin/bash -c` fails the build.
import DockerfileSyntax

/// Reports SHELL instructions not written as a JSON array.
public struct ShellNotJSON: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF022.
  public let descriptor = RuleDescriptor(
    code: "DF022", name: "shell-not-json", aliases: [], severity: .error, category: .correctness,
    summary: "SHELL requires the arguments to be in JSON form",
    documentation: RuleDocumentation(
      why: """
        SHELL names the program and its options that will run every later shell-form RUN, CMD and ENTRYPOINT, \
        and BuildKit only accepts it as a JSON array of strings: `SHELL ["/bin/bash", "-c"]`. A plain \
        `SHELL /bin/bash -c`, or single quotes instead of double quotes, fails the build.
        """,
      bad: "FROM alpine:3.20\nSHELL /bin/ash -eo pipefail -c\n",
      good: "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) where ins.kind == .shell {
      if ins.form != .json && !ins.arguments.isEmpty {
        report(ins.argumentText.range, "SHELL requires the arguments to be in JSON form")
      }
    }
  }
}
