// DF212 expose-invalid-format (BuildKit's ExposeInvalidFormat).
//
// EXPOSE documents the container's ports; it cannot publish them. An IP address or a host-port mapping
// (`8080:80`, `127.0.0.1:8080:80`) belongs to `docker run -p`, not to the image, and BuildKit warns that it
// will become an error.
import DockerfileSyntax

/// Reports EXPOSE words with an IP address or a host port.
public struct ExposeInvalidFormat: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF212.
  public let descriptor = RuleDescriptor(
    code: "DF212", name: "expose-invalid-format", aliases: ["ExposeInvalidFormat"], severity: .warning,
    category: .correctness,
    summary:
      "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in "
      + "a future release",
    documentation: RuleDocumentation(
      why: """
        EXPOSE records which ports the container listens on; it cannot publish them. A host port or an IP \
        address (`8080:80`, `127.0.0.1:8080:80`) is for `docker run -p` or a compose file. BuildKit ignores \
        that part today and warns that it will become an error. A word built from variables is not judged.
        """,
      bad: "FROM nginx\nEXPOSE 8080:80\n",
      good: "FROM nginx:1.27\nEXPOSE 80\nUSER nginx\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let ins = facts.instruction
    guard ins.kind == .expose else { return }
    for word in ins.arguments {
      let text = word.string
      if text.contains("$") || !text.contains(":") { continue }
      report(
        word.range,
        "EXPOSE instruction should not define an IP address or host-port mapping, found '\(text)'")
    }
  }
}
