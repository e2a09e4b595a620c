// DF517 invalid-label-key (hadolint DL3048).
//
// Docker's label guidelines: keys are lower-case reverse-DNS names (`org.opencontainers.image.title`), made of
// `a-z`, `0-9`, `.`, `-`, `_` and `/`, starting with a letter and ending with a letter or digit, without
// repeated separators (`..`, `--`), and outside the namespaces Docker reserves for itself (`com.docker.`,
// `io.docker.`, `org.dockerproject.`). hadolint reports one LABEL per finding, at its first bad key (quotes
// removed before the check).
import DockerfileSyntax

/// Reports a LABEL key that does not follow Docker's key format.
public struct InvalidLabelKey: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF517.
  public let descriptor = RuleDescriptor(
    code: "DF517", name: "invalid-label-key", aliases: ["DL3048"], severity: .info, category: .style,
    summary: "Label keys should follow Docker's key format",
    documentation: RuleDocumentation(
      why: """
        Tools find labels by key, and Docker's convention is a lower-case reverse-DNS name such as \
        `org.opencontainers.image.title`: letters, digits and `. - _ /`, starting with a letter, ending with a \
        letter or digit, without `..` or `--`. The `com.docker.`, `io.docker.` and `org.dockerproject.` \
        namespaces are reserved for Docker itself.
        """,
      bad: "FROM alpine:3.20\nLABEL Maintainer=\"me@example.org\"\n",
      good: "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"me@example.org\"\nUSER nobody\n"))

  /// Namespaces Docker reserves.
  static let reservedPrefixes = ["com.docker.", "io.docker.", "org.dockerproject."]

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let ins = facts.instruction
    guard ins.kind == .label else { return }
    for pair in ins.pairs {
      let key = hadolintUnquoted(pair.key, escape: ins.escapeCharacter)
      if let problem = Self.problem(key) {
        report(pair.keyRange, "label key \(key) \(problem)")
        return
      }
    }
  }

  /// What is wrong with a key, or nil when it is valid.
  static func problem(_ key: String) -> String? {
    let bytes = Array(key.utf8)
    func isLower(_ b: UInt8) -> Bool { b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    let separators: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/")]
    guard let first = bytes.first, isLower(first) else { return "should start with a lower-case letter" }
    guard let last = bytes.last, isLower(last) || isDigit(last) else {
      return "should end with a lower-case letter or a digit"
    }
    if bytes.contains(where: { !isLower($0) && !isDigit($0) && !separators.contains($0) }) {
      return "should contain only lower-case letters, digits, and . - _ /"
    }
    if let prefix = reservedPrefixes.first(where: { key.hasPrefix($0) }) {
      return "uses the namespace \(prefix), which Docker reserves"
    }
    if hadolintContains(bytes, Array("..".utf8)) || hadolintContains(bytes, Array("--".utf8)) {
      return "should not repeat the separators . or -"
    }
    return nil
  }
}
