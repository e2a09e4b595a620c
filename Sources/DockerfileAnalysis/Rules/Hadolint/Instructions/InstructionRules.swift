// hadolint-derived rules on instructions and stages (DF501-DF599).
/// Best-practice rules about instructions, images and stages.
public enum InstructionRules {
  /// The family's rules, in code order.
  public static let all: [any Rule] = [
    AbsoluteWorkdir(), LastUserRoot(), UntaggedImage(), LatestTag(), PortOutOfRange(), AddInsteadOfCopy(),
    CopyDestinationSlash(), CopyFromUnknownStage(), CopyFromOwnStage(), DuplicateStageAlias(), ShellFormCommand(),
    UntrustedRegistry(), FromPlatformFlag(), OnbuildForbiddenTrigger(), EnvSameStatementReference(),
    CopyRelativeDestination(), InvalidLabelKey(), MissingHealthcheck(), InstructionOrder(),
    ReservedStageAlias(), SensitiveVariableName(), TargetPlatformFlag(), NonNumericUser(), CopyEntireFilesystem(),
    MultipleCmd(), MultipleEntrypoint(),
  ]
}
