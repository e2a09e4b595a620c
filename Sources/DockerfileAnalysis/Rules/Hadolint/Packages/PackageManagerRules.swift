// hadolint-derived rules on system package managers (DF601-DF649).
/// Rules for apt, apk, yum, dnf, microdnf and zypper.
public enum PackageManagerRules {
  /// The family's rules, in code order.
  public static let all: [any Rule] = [
    AptGetPinVersions(), AptListsNotRemoved(), AptGetYes(), AptNoInstallRecommends(), ApkPinVersions(),
    ApkNoCache(), NoApt(), YumYes(), YumCleanAll(), YumPinVersions(), ZypperNonInteractive(), ZypperClean(),
    ZypperPinVersions(), DnfYes(), DnfCleanAll(), DnfPinVersions(),
  ]
}
