// Errors BuildKit raises when it dispatches instructions (DF010-DF099).
/// Rules for errors BuildKit would raise at parse or dispatch time.
public enum DispatchRules {
  /// The family's rules, in code order.
  public static let all: [any Rule] = [
    InvalidArgumentCount(), UnknownFlag(), DuplicateFlag(), InvalidFlagValue(), InvalidMount(), InvalidDuration(),
    InvalidPort(), InvalidStageName(), InvalidStageReference(), InvalidOnbuildTrigger(), MissingFrom(),
    InstructionBeforeFrom(), ShellNotJSON(), InvalidStopSignal(), BlankName(), CopyRemoteSource(),
    HeredocDestination(), UnknownHealthcheckType(), InvalidPlatform(), BlankBaseImage(), RunDeviceUnsupported(),
    InvalidExpansion(),
  ]
}
