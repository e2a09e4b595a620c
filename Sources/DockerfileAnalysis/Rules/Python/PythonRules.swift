// Python container rules beyond DF401 (DF402-DF449).
/// Rules on how Python applications are containerised.
public enum PythonRules {
  /// The family's rules, in code order.
  public static let all: [any Rule] = [
    CacheMountWithNoCache(), CopyBeforeDependencyInstall(), PythonFullBaseImage(), PythonImageLatest(),
    PythonFloatingTag(), AlpineCompiledWheels(), CompilerInFinalStage(), CopiedPackagesMismatch(), VenvNotOnPath(),
    UserSiteUnreadable(), PythonEnvDefaults(), MissingBuildContextFile(), NoDockerignore(),
  ]
}
