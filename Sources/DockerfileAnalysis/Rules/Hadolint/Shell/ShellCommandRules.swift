// hadolint-derived rules on shell commands in RUN (DF651-DF699).
/// Rules for shell commands: cd, sudo, pip, npm, gem, go, curl/wget, pipes, consecutive RUNs.
public enum ShellCommandRules {
  /// The family's rules, in code order.
  public static let all: [any Rule] = [
    RunCd(), NoSudo(), PipPinVersions(), NpmPinVersions(), GemPinVersions(), UseraddNoLogInit(), WgetProgress(),
    ConsecutiveRun(), YarnCacheClean(), GoPinVersions(), CurlAndWget(), LnBinSh(), Pipefail(),
  ]
}
