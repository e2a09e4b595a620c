// DF521 sensitive-variable-name (hadolint DL3064).
//
// ARG and ENV values are recorded in the image: ENV in its configuration, ARG in the history of every RUN that
// sees it. A name that looks like a credential suggests a secret is being passed that way. hadolint reports an
// ARG or ENV (also inside ONBUILD, and ARGs before the first FROM) with a name that, upper-cased, is one of a
// list of well-known credential variables, or, lower-cased, contains `api_key`, `client_key`, `password`,
// `private`, `secret`, `token` or `username`. One finding per instruction, at the first such name.
import DockerfileSyntax

/// Reports ARG and ENV names that look like credentials.
public struct SensitiveVariableName: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF521.
  public let descriptor = RuleDescriptor(
    code: "DF521", name: "sensitive-variable-name", aliases: ["DL3064"], severity: .warning, category: .security,
    summary: "ARG and ENV names should not suggest secrets",
    documentation: RuleDocumentation(
      why: """
        ENV values are stored in the image configuration and ARG values in the history of the RUN steps that \
        use them, so anyone who can pull the image can read them. A variable named like a credential \
        (`GITHUB_TOKEN`, `DB_PASSWORD`) suggests a secret is passed that way. Use a secret mount \
        (`RUN --mount=type=secret`) instead, which exposes the secret to one step without storing it. \
        Off by default: DF216 (BuildKit's SecretsUsedInArgOrEnv) reports the same mistake with fewer false \
        alarms (whole words, not substrings); turn this on for hadolint's list.
        """,
      bad: "FROM alpine:3.20\nARG GITHUB_TOKEN\nRUN ./fetch-dependencies.sh\n",
      good: "FROM alpine:3.20\nRUN --mount=type=secret,id=github_token ./fetch-dependencies.sh\nUSER nobody\n"),
    enabledByDefault: false)

  /// Well-known credential variables, upper-case.
  static let knownNames: Set<String> = [
    "ACCESS_TOKEN", "APPLICATION_KEY", "APP_SECRET", "AUTH_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
    "BITTREX_API_KEY", "BITTREX_API_SECRET", "CF_PASSWORD", "CF_USERNAME", "CIRCLE_TOKEN", "CI_DEPLOY_PASSWORD",
    "CI_DEPLOY_USER", "DOCKERHUB_PASSWORD", "DOCKER_EMAIL", "DOCKER_PASSWORD", "DOCKER_USERNAME",
    "FACEBOOK_ACCESS_TOKEN", "FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET", "FIREBASE_API_TOKEN", "FIREBASE_TOKEN",
    "FOSSA_API_KEY", "GH_ENTERPRISE_TOKEN", "GH_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITHUB_TOKEN", "HEROKU_API_KEY",
    "HEROKU_API_USER", "NPM_AUTH_TOKEN", "NPM_TOKEN", "OKTA_AUTHN_GROUPID", "OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN",
    "OKTA_OAUTH2_CLIENTID", "OKTA_OAUTH2_CLIENTSECRET", "OPENAI_API_KEY", "OS_PASSWORD", "OS_USERNAME",
    "POSTGRES_PASSWORD", "SLACK_TOKEN", "STRIPE_API_KEY", "STRIPE_DEVICE_NAME", "TRAVIS_OS_NAME",
    "TRAVIS_SECURE_ENV_VARS", "TRAVIS_SUDO", "VAULT_CLIENT_KEY", "VAULT_TOKEN",
  ]

  /// Lower-case fragments that mark a name as sensitive wherever they occur.
  static let fragments = ["api_key", "client_key", "password", "private", "secret", "token", "username"].map {
    Array($0.utf8)
  }

  /// Whether a variable name looks like a credential (letter case compared in ASCII, as in hadolint's lists).
  static func isSensitive(_ name: String) -> Bool {
    let upper = name.utf8.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 }
    if knownNames.contains(String(decoding: upper, as: UTF8.self)) { return true }
    let lower = name.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
    return fragments.contains { hadolintContains(lower, $0) }
  }

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let ins = facts.instruction.hadolintTrigger ?? facts.instruction
    var names: [(name: String, range: Range<Int>)] = []
    switch ins.kind {
    case .arg:
      names = (ArgInstruction(ins)?.declarations ?? []).map { (String(decoding: $0.name, as: UTF8.self), $0.nameRange) }
    case .env:
      names = ins.pairs.map { (hadolintUnquoted($0.key, escape: ins.escapeCharacter), $0.keyRange) }
    default:
      return
    }
    guard let hit = names.first(where: { Self.isSensitive($0.name) }) else { return }
    let keyword = String(decoding: ins.keyword.text, as: UTF8.self)
    report(
      hit.range,
      "\(keyword) \(hit.name) looks like a secret, and its value is stored in the image; use a secret mount")
  }
}
