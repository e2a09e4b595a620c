// DF216 secrets-used-in-arg-or-env: keys that look like credentials (exact ranges between 1️⃣ and 2️⃣, and 3️⃣ and
// 4️⃣), keys that do not, and BuildKit's message.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF216 secrets-used-in-arg-or-env")
struct SecretsUsedInArgOrEnvTests {
  static let fires = [
    "FROM scratch\nARG 1️⃣SECRET_PASSPHRASE2️⃣\n",
    "FROM scratch\nENV 1️⃣SUPER_Secret2️⃣=foo\n",
    "FROM scratch\nENV 1️⃣password2️⃣=bar 3️⃣secret4️⃣=baz\n",
    "FROM scratch\nARG 1️⃣super_duper_secret_token2️⃣=foo 3️⃣auth4️⃣=bar\n",
    "FROM scratch\nENV 1️⃣apikey2️⃣=bar sunflower=foo\n",
    "FROM scratch\nENV 1️⃣git_key2️⃣=\n",
    "FROM python:3.12\nENV 1️⃣DB_PASSWORD2️⃣ hunter2\n",
    "FROM alpine\nARG 1️⃣GITHUB_TOKEN2️⃣\nARG 3️⃣NPM_AUTH4️⃣=x\n",
    // Keys are checked after quote removal.
    "FROM alpine\nENV 1️⃣\"API_KEY\"2️⃣=x\n",
    // Per-instruction comments skip only their instruction.
    "FROM scratch\n# check=skip=SecretsUsedInArgOrEnv\nENV password=bar\nARG 1️⃣password2️⃣\n",
  ]

  static let silent = [
    "FROM scratch\nENV PUBLIC_KEY=\nARG public_token\nARG SECRET_PASSPHRASE_FILE\n",
    "FROM scratch\nENV password_file=bar secret_File=baz\nARG AUTH_MODULE_VERSION\n",
    "FROM scratch\nENV sunflower=1 api-key=2 KEYS=3 monkey=4 tokens=5 AUTHOR=6\n",
    // Global ARGs are never dispatched.
    "ARG GITHUB_TOKEN\nFROM alpine\n",
    // ONBUILD triggers run in another build.
    "FROM alpine\nONBUILD ENV PASSWORD=x\n",
    "FROM alpine\nLABEL password=x\n",
    "FROM scratch\n# check=skip=SecretsUsedInArgOrEnv // allowed\nENV password=bar\n",
    "FROM scratch\n# check=skip=all // local to this instruction\nARG alternate_password\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF216", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF216", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func messageNamesTheInstructionAndKey() {
    #expect(
      findingMessages("DF216", in: "FROM scratch\nARG auth\nENV git_key=\n") == [
        "Do not use ARG or ENV instructions for sensitive data (ARG \"auth\")",
        "Do not use ARG or ENV instructions for sensitive data (ENV \"git_key\")",
      ])
  }
}
