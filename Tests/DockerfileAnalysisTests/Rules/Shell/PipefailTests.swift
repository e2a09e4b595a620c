// DF663 pipefail: sources that must be reported (exact ranges between 1️⃣ and 2️⃣, 3️⃣ and 4️⃣) and sources that
// must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF663 pipefail")
struct PipefailTests {
  static let fires = [
    "FROM scratch\nRUN wget -O - https://some.site 1️⃣|2️⃣ wc -l > /number\n",
    "FROM debian:12\nRUN a && b 1️⃣|2️⃣ c | d\n",
    "FROM debian:12\nRUN a 1️⃣|&2️⃣ b\n",
    "FROM debian:12\nRUN a || b\nRUN c 1️⃣|2️⃣ d\n",
    "FROM debian:12\nRUN x $(a 1️⃣|2️⃣ b)\n",
    "FROM debian:12\nRUN cat <<EOF 1️⃣|2️⃣ grep x\nbody | here\nEOF\n",
    "FROM debian:12\nRUN wget -qO- x \\\n  1️⃣|2️⃣ tar -x\n",
    "FROM debian:12\nRUN { a; } 1️⃣|2️⃣ b\n",
    "FROM debian:12\nRUN a 1️⃣|2️⃣ while read l; do echo $l; done\n",
    "FROM debian:12\nRUN a >| f 1️⃣|2️⃣ b\n",
    "FROM debian:12\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\nRUN a 1️⃣|2️⃣ b\n",
    "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM debian:12\nRUN a 1️⃣|2️⃣ b\n",
    "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nSHELL [\"/bin/sh\", \"-c\"]\nRUN a 1️⃣|2️⃣ b\n",
    // `set -o pipefail` in the RUN does not count (as in hadolint).
    "FROM debian:12\nRUN set -o pipefail && a 1️⃣|2️⃣ b\n",
    "FROM debian:12\nRUN a 1️⃣|2️⃣ b\nRUN c 3️⃣|4️⃣ d\n",
  ]

  static let silent = [
    "FROM scratch AS build\nRUN wget -O - https://some.site && wc -l file > /number\n",
    "FROM debian:12\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b\n",
    "FROM debian:12\nSHELL [\"/bin/bash\", \"-e\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
    "FROM debian:12\nSHELL [\"/usr/local/bin/zsh\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
    "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n",
    "FROM debian:12\nSHELL [\"pwsh\", \"-c\"]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value\n",
    "FROM debian:12\nSHELL [ \"cmd.exe\", \"/c\" ]\nRUN a | b\n",
    "FROM debian:12\nRUN a || b\n",
    "FROM debian:12\nRUN sh -c 'a | b'\n",
    "FROM debian:12\nRUN echo 'a | b' \"c|d\" e\\|f\n",
    "FROM debian:12\nONBUILD RUN a | b\n",
    "FROM debian:12\nRUN [\"sh\", \"-c\", \"a | b\"]\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF663", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF663", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }
}
