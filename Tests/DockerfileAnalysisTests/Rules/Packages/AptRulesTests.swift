// DF601-DF604 and DF607, the apt rules: sources that must be reported (the exact range between 1️⃣ and 2️⃣, a
// second finding between 3️⃣ and 4️⃣) and sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

/// Checks that `code` reports exactly the marked ranges of `source`.
func expectMarkedFindings(_ code: String, _ source: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let (bytes, expected) = markedRanges(source)
  #expect(findingRanges(code, in: bytes) == expected, "\(source.debugDescription)", sourceLocation: sourceLocation)
}

/// Checks that `code` reports nothing in `source`.
func expectNoFindings(_ code: String, _ source: String, sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(
    findingRanges(code, in: Array(source.utf8)).isEmpty, "\(source.debugDescription)", sourceLocation: sourceLocation)
}

@Suite("DF601 apt-get-pin-versions")
struct AptGetPinVersionsTests {
  static let fires = [
    "FROM debian:12\nRUN apt-get update && apt-get install -y 1️⃣curl2️⃣ git=1:2.39.5-0+deb12u1\n",
    "FROM debian:12\nRUN apt-get install -y 1️⃣curl2️⃣ wget\n",
    "FROM debian:12\nRUN apt-get install 1️⃣a2️⃣\nRUN apt-get install 3️⃣b4️⃣\n",
    "FROM debian:12\nONBUILD RUN apt-get install -y 1️⃣curl2️⃣\n",
    // The value of -t / --target-release is not a package, also inside a short group.
    "FROM debian:12\nRUN apt-get install -t bookworm-backports 1️⃣curl2️⃣\n",
    "FROM debian:12\nRUN apt-get install -yt bookworm-backports 1️⃣curl2️⃣\n",
    "FROM debian:12\nRUN apt-get install --target-release bookworm-backports 1️⃣curl2️⃣\n",
    // An unquoted `>=` is a redirection, so the package has no version.
    "FROM debian:12\nRUN apt-get install 1️⃣curl2️⃣>=7.0\n",
    "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y \\\n    1️⃣curl2️⃣\n",
    "FROM debian:12\nRUN <<EOF\napt-get install -y 1️⃣curl2️⃣\nEOF\n",
    "FROM debian:12\nRUN echo $(apt-get install -y 1️⃣curl2️⃣)\n",
    "FROM debian:12\nRUN apt-get install -y 1️⃣\"$PKG\"2️⃣\n",
    "FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y 1️⃣curl2️⃣\n",
    // hadolint does not read `-` or `--` as flags, so `--` is an unpinned "package".
    "FROM debian:12\nRUN apt-get install -y 1️⃣--2️⃣ curl=7.88.1-10\n",
  ]

  static let silent = [
    "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10+deb12u12\n",
    "FROM debian:12\nRUN apt-get install -y \"curl=7.88.1-10\" curl/bookworm-backports ./local.deb\n",
    "FROM debian:12\nRUN apt-get install -y -o Dpkg::Options::=--force-confold curl=7.88.1-10\n",
    "FROM debian:12\nRUN apt-get install -y -t=bookworm-backports curl=7.88.1-10\n",
    "FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n",
    "FROM debian:12\nRUN apt-get install\n",
    // hadolint reads the first word as the command: wrappers, paths and `sh -c` strings are not looked into.
    "FROM debian:12\nRUN sudo apt-get install -y curl\n",
    "FROM debian:12\nRUN /usr/bin/apt-get install -y curl\n",
    "FROM debian:12\nRUN sh -c 'apt-get install -y curl'\n",
    "FROM debian:12\nRUN apt install -y curl\n",
    "FROM debian:12\nRUN echo apt-get install curl\n",
    "FROM debian:12\nCMD apt-get install curl\n",
    "FROM debian:12\nONBUILD ONBUILD RUN apt-get install curl\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF601", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF601", source) }

  @Test func listsEveryUnpinnedPackage() {
    let messages = findingMessages("DF601", in: "FROM debian:12\nRUN apt-get install -y curl git=1 wget\n")
    #expect(messages.count == 1)
    #expect(messages.first?.contains("`curl`, `wget`") == true)
  }
}

@Suite("DF602 apt-lists-not-removed")
struct AptListsNotRemovedTests {
  static let fires = [
    "FROM debian:12\nRUN 1️⃣apt-get update2️⃣ && apt-get install -y curl\n",
    "FROM debian:12\nRUN 1️⃣apt-get -q update2️⃣\nRUN 3️⃣apt update4️⃣\n",
    "FROM debian:12\nRUN 1️⃣aptitude update2️⃣ && rm -f /etc/apt/apt.conf.d/docker-clean\n",
    "RUN 1️⃣apt-get update2️⃣\n",
    // A stage whose name is the image of another FROM reaches an image (before or after it, with a registry).
    "FROM debian:12 AS base\nRUN 1️⃣apt-get update2️⃣\nFROM base\nRUN echo\n",
    "FROM debian:12 AS base\nRUN 1️⃣apt-get update2️⃣\nFROM registry.example.com/base:1\n",
    "FROM foo\nFROM debian:12 AS foo\nRUN 1️⃣apt-get update2️⃣\nFROM scratch\n",
    // An earlier stage with the very same FROM as the last one counts as the last one.
    "FROM debian:12\nRUN 1️⃣apt-get update2️⃣\nFROM debian:12\nRUN echo\n",
    // Only a cache or tmpfs mount on the lists (or on both apt directories) keeps them out.
    "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt 1️⃣apt-get update2️⃣\n",
    "FROM debian:12\nRUN --mount=type=bind,target=/var/lib/apt/lists 1️⃣apt-get update2️⃣\n",
    // The ONBUILD pass sees no FROM, so every such ONBUILD RUN is reported.
    "FROM debian:12 AS builder\nONBUILD RUN 1️⃣apt-get update2️⃣\nFROM scratch\n",
    "FROM debian:12\nRUN 1️⃣apt-get update2️⃣ && sh -c 'rm -rf /var/lib/apt/lists/*'\n",
    // The clean-up is `rm` with exactly `-rf` or exactly `/var/lib/apt/lists/*`.
    "FROM debian:12\nRUN 1️⃣apt-get update2️⃣ && rm -fr /var/lib/apt/lists\n",
  ]

  static let silent = [
    "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    "FROM debian:12\nRUN apt-get update && rm -r -f /var/lib/apt/lists/*\n",
    // As in hadolint, any `rm -rf` counts as the clean-up.
    "FROM debian:12\nRUN apt-get update && rm -rf /tmp/build\n",
    // Builder stages that nothing builds on (COPY --from does not count) never reach the image.
    "FROM debian:12 AS build\nRUN apt-get update\nFROM scratch\nCOPY --from=build /x /x\n",
    "FROM --platform=linux/amd64 debian:12\nRUN apt-get update\nFROM debian:12\n",
    "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n",
    "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=tmpfs,target=/var/cache/apt apt-get update\n",
    "FROM debian:12\nRUN sh -c 'apt-get update'\n",
    "FROM debian:12\nRUN sudo apt-get update\n",
    "FROM debian:12\nONBUILD RUN apt-get update && rm -rf /var/lib/apt/lists/*\n",
    "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10\n",
    "",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF602", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF602", source) }
}

@Suite("DF603 apt-get-yes")
struct AptGetYesTests {
  static let fires = [
    "FROM debian:12\nRUN 1️⃣apt-get install2️⃣ curl=1\n",
    "FROM debian:12\nRUN 1️⃣apt-get -q install2️⃣ curl=1\n",
    "FROM debian:12\nRUN 1️⃣apt-get install2️⃣ -qqq curl=1\n",
    "FROM debian:12\nRUN 1️⃣apt-get install2️⃣ --quiet curl=1\n",
    "FROM debian:12\nRUN apt-get install -y a=1 && 1️⃣apt-get install2️⃣ b=1\n",
    "FROM debian:12\nONBUILD RUN 1️⃣apt-get install2️⃣ curl=1\n",
    "FROM debian:12\nRUN 1️⃣apt-get install2️⃣ a=1\nRUN 3️⃣apt-get --quiet install4️⃣ b=1\n",
  ]

  static let silent = [
    "FROM debian:12\nRUN apt-get install -y curl=1\n",
    "FROM debian:12\nRUN apt-get -yq install curl=1\n",
    "FROM debian:12\nRUN apt-get --yes install curl=1\n",
    "FROM debian:12\nRUN apt-get --assume-yes install curl=1\n",
    "FROM debian:12\nRUN apt-get install -qq curl=1\n",
    "FROM debian:12\nRUN apt-get install -q -q curl=1\n",
    "FROM debian:12\nRUN apt-get install --quiet --quiet curl=1\n",
    "FROM debian:12\nRUN apt-get install -q=2 curl=1\n",
    "FROM debian:12\nRUN apt-get update\n",
    "FROM debian:12\nRUN sudo apt-get install curl=1\n",
    "FROM debian:12\nRUN apt install curl=1\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF603", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF603", source) }
}

@Suite("DF604 apt-no-install-recommends")
struct AptNoInstallRecommendsTests {
  static let fires = [
    "FROM debian:12\nRUN 1️⃣apt-get install2️⃣ -y curl=1\n",
    "FROM debian:12\nRUN 1️⃣apt-get -y install2️⃣ curl=1\n",
    "FROM debian:12\nRUN 1️⃣apt-get install2️⃣ -y -o APT::Install-Suggests=false curl=1\n",
    "FROM debian:12\nONBUILD RUN 1️⃣apt-get install2️⃣ -y curl=1\n",
  ]

  static let silent = [
    "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=1\n",
    "FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install -y curl=1\n",
    "FROM debian:12\nRUN apt-get update\n",
    "FROM debian:12\nRUN apt install -y curl=1\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF604", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF604", source) }
}

@Suite("DF607 no-apt")
struct NoAptTests {
  static let fires = [
    "FROM debian:12\nRUN 1️⃣apt2️⃣ update\n",
    "FROM debian:12\nRUN apt-get update && 1️⃣apt2️⃣ install -y curl=1 && apt list\n",
    "FROM debian:12\nONBUILD RUN 1️⃣apt2️⃣ install -y curl=1\n",
    "FROM debian:12\nRUN 1️⃣apt2️⃣ update\nRUN 3️⃣apt4️⃣ upgrade\n",
  ]

  static let silent = [
    "FROM debian:12\nRUN apt-get update && apt-cache policy curl\n",
    "FROM debian:12\nRUN sudo apt install curl\n",
    "FROM debian:12\nRUN /usr/bin/apt install curl\n",
    "FROM debian:12\nRUN echo apt\n",
    "FROM debian:12\nRUN bash -c 'apt update'\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF607", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF607", source) }
}
