// BuildKit build checks that need the semantic model (DF213-DF230).
/// BuildKit checks about variables, secrets, platforms and the build context.
public enum BuildKitSemanticChecks {
  /// The family's rules, in code order.
  public static let all: [any Rule] = [
    UndefinedVar(), UndefinedArgInFrom(), InvalidDefaultArgInFrom(), SecretsUsedInArgOrEnv(),
    FromPlatformFlagConstDisallowed(), CopyIgnoredFile(), MultipleInstructionsDisallowed(),
    InvalidDefinitionDescription(),
  ]
}
