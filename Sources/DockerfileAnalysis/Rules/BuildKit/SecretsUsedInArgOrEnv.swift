// DF216 secrets-used-in-arg-or-env (BuildKit's SecretsUsedInArgOrEnv).
//
// ARG and ENV values end up in the image: ENV in its configuration, ARG in the build history of every RUN that sees
// it. A key named like a credential (`DB_PASSWORD`, `GITHUB_TOKEN`, `api_key`) suggests a secret is being passed
// that way; secret mounts (`RUN --mount=type=secret`) keep it out of the image. BuildKit matches whole
// `_`-separated words, case-insensitively, and lets keys that also name a public value, a file or a version pass.
// Global ARGs (before the first FROM) are never dispatched, so they are not checked. A sequential rule whose state
// is whether the first FROM was read.
import DockerfileSyntax

/// Reports ARG and ENV keys that look like credentials.
public struct SecretsUsedInArgOrEnv: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF216.
  public let descriptor = RuleDescriptor(
    code: "DF216", name: "secrets-used-in-arg-or-env", aliases: ["SecretsUsedInArgOrEnv"], severity: .warning,
    category: .security, summary: "Sensitive data should not be used in the ARG or ENV commands",
    documentation: RuleDocumentation(
      why: """
        ENV values are stored in the image configuration and ARG values in the history of the RUN steps that \
        use them, so anyone who can pull the image can read them. A key such as DB_PASSWORD, API_KEY or \
        GITHUB_TOKEN suggests a credential travels that way. Pass secrets with `RUN --mount=type=secret` (or \
        `--mount=type=ssh`) instead; keys that name a public value, a file or a version (PUBLIC_KEY, \
        PASSWORD_FILE, AUTH_VERSION) are not reported.
        """,
      bad: "FROM alpine:3.20\nARG API_KEY\nRUN ./deploy.sh\n",
      good:
        "FROM alpine:3.20\nARG APP_VERSION=1.0\nRUN --mount=type=secret,id=api_key,env=API_KEY ./deploy.sh\n"
        + "USER nobody\n"))

  static let secretWords: Set<String> = [
    "apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token",
  ]
  static let allowedWords: Set<String> = ["public", "file", "version"]

  /// Whether BuildKit takes `key` for a credential.
  static func looksSecret(_ key: String) -> Bool {
    let words = key.lowercased().split(separator: "_", omittingEmptySubsequences: false).map(String.init)
    return words.contains(where: secretWords.contains) && !words.contains(where: allowedWords.contains)
  }

  /// ARG and ENV, and FROM to know where the stages start.
  public var stepKinds: Set<InstructionKind>? { [.from, .arg, .env] }

  /// Whether the first FROM was read: before it, ARGs are global and never dispatched.
  public typealias State = Bool

  public func initialState(_ file: FileFacts) -> Bool { false }

  public func step(_ inStages: inout Bool, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    switch ins.kind {
    case .from:
      inStages = true
    case .arg where inStages:
      for declaration in ArgInstruction(ins)?.declarations ?? [] {
        let key = String(decoding: declaration.name, as: UTF8.self)
        if Self.looksSecret(key) { out.report(declaration.nameRange, Self.message("ARG", key)) }
      }
    case .env where inStages:
      // BuildKit checks ENV keys after expansion; one that uses variables is checked as written.
      let unquote = BuildKitWordEvaluator(escape: Unicode.Scalar(ins.escapeCharacter), lookup: { _ in .unknown })
      for pair in ins.pairs {
        let key = plainWordText(pair.key) ?? unquote.evaluate(pair.key) ?? String(decoding: pair.key, as: UTF8.self)
        if Self.looksSecret(key) { out.report(pair.keyRange, Self.message("ENV", key)) }
      }
    default:
      break
    }
  }

  static func message(_ instruction: String, _ key: String) -> String {
    "Do not use ARG or ENV instructions for sensitive data (\(instruction) \(String(decoding: goQuote(Array(key.utf8)), as: UTF8.self)))"
  }
}
