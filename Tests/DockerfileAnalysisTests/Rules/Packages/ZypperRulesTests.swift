// DF611-DF613, the zypper rules: sources that must be reported (the exact range between 1️⃣ and 2️⃣, a second
// finding between 3️⃣ and 4️⃣) and sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF611 zypper-non-interactive")
struct ZypperNonInteractiveTests {
  static let fires = [
    "FROM opensuse/leap:15.6\nRUN 1️⃣zypper install2️⃣ curl=8.6.0 && zypper clean\n",
    "FROM opensuse/leap:15.6\nRUN 1️⃣zypper rm2️⃣ curl\n",
    "FROM opensuse/leap:15.6\nRUN 1️⃣zypper --quiet patch2️⃣\nRUN 3️⃣zypper si4️⃣ x\n",
    "FROM opensuse/leap:15.6\nONBUILD RUN 1️⃣zypper in2️⃣ curl=8.6.0\n",
  ]

  static let silent = [
    "FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0\n",
    "FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0\n",
    "FROM opensuse/leap:15.6\nRUN zypper --non-interactive remove curl\n",
    "FROM opensuse/leap:15.6\nRUN zypper install --no-confirm curl=8.6.0\n",
    "FROM opensuse/leap:15.6\nRUN zypper refresh && zypper clean\n",
    "FROM opensuse/leap:15.6\nRUN sudo zypper install curl\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF611", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF611", source) }
}

@Suite("DF612 zypper-clean")
struct ZypperCleanTests {
  static let fires = [
    "FROM opensuse/leap:15.6\nRUN 1️⃣zypper install2️⃣ -y curl=8.6.0\n",
    "FROM opensuse/leap:15.6\nRUN zypper clean && 1️⃣zypper -n in2️⃣ curl=8.6.0\n",
    "FROM opensuse/leap:15.6\nRUN --mount=type=bind,target=/var/cache/zypp 1️⃣zypper in2️⃣ -y curl=8.6.0\n",
    "FROM opensuse/leap:15.6\nONBUILD RUN 1️⃣zypper install2️⃣ -y curl=8.6.0\n",
    "FROM opensuse/leap:15.6\nRUN 1️⃣zypper in2️⃣ -y a=1\nRUN 3️⃣zypper in4️⃣ -y b=1\n",
  ]

  static let silent = [
    "FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0 && zypper clean\n",
    "FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0 && zypper cc -a\n",
    "FROM opensuse/leap:15.6\nRUN --mount=type=cache,target=/var/cache/zypp zypper install -y curl=8.6.0\n",
    "FROM opensuse/leap:15.6\nRUN --mount=type=tmpfs,target=/var/cache/zypp zypper install -y curl=8.6.0\n",
    "FROM opensuse/leap:15.6\nRUN zypper refresh\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF612", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF612", source) }
}

@Suite("DF613 zypper-pin-versions")
struct ZypperPinVersionsTests {
  static let fires = [
    "FROM opensuse/leap:15.6\nRUN zypper install -y 1️⃣curl2️⃣ && zypper clean\n",
    "FROM opensuse/leap:15.6\nRUN zypper in -y git=2.43 1️⃣curl2️⃣ wget\n",
    // An unquoted `>=` is a redirection.
    "FROM opensuse/leap:15.6\nRUN zypper install -y 1️⃣curl2️⃣>=8\n",
    "FROM opensuse/leap:15.6\nONBUILD RUN zypper install -y 1️⃣curl2️⃣\n",
    "FROM opensuse/leap:15.6\nRUN zypper in -y 1️⃣a2️⃣\nRUN zypper in -y 3️⃣b4️⃣\n",
  ]

  static let silent = [
    "FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0 'git>=2.43' wget\\<2 ./tomcat-9.0.39-1.rpm\n",
    "FROM opensuse/leap:15.6\nRUN zypper install -y tomcat\\>9.0 && zypper clean\n",
    "FROM opensuse/leap:15.6\nRUN zypper remove -y curl\n",
    "FROM opensuse/leap:15.6\nRUN sudo zypper install -y curl\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF613", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF613", source) }
}
