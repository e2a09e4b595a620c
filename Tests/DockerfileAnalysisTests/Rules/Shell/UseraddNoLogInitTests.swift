// DF656 useradd-no-log-init: sources that must be reported (exact ranges between 1️⃣ and 2️⃣) and sources that
// must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF656 useradd-no-log-init")
struct UseraddNoLogInitTests {
  static let fires = [
    "FROM debian:12\nRUN useradd -u 1️⃣1234562️⃣ luser\n",
    "FROM debian:12\nRUN useradd -ou 1️⃣1234562️⃣ luser\n",
    "FROM debian:12\nONBUILD RUN useradd -m -u 1️⃣1000002️⃣ app\n",
    // hadolint reads `$UID` as `${UID}`: six characters.
    "FROM debian:12\nRUN useradd -u 1️⃣$UID2️⃣ app\n",
    "FROM debian:12\nRUN useradd -u 1️⃣\"${USER_ID}\"2️⃣ app\n",
  ]

  static let silent = [
    "FROM debian:12\nRUN useradd luser\n",
    "FROM debian:12\nRUN useradd -u 12345 luser\n",
    "FROM debian:12\nRUN useradd -l -u 123456 luser\n",
    "FROM debian:12\nRUN useradd --no-log-init -u 123456 luser\n",
    "FROM debian:12\nRUN useradd -lu 123456 luser\n",
    // Like hadolint, `--uid` values are not read.
    "FROM debian:12\nRUN useradd --uid 123456 luser\n",
    "FROM debian:12\nRUN adduser -u 123456 luser\n",
    "FROM debian:12\nRUN useradd -u $ID app\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF656", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF656", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }
}
