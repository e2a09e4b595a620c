// DF208 expose-proto-casing (BuildKit's ExposeProtoCasing).
//
// EXPOSE ports take an optional protocol, `80/tcp` or `53/udp`. Docker's port parser lower-cases nothing: the
// protocol is recorded as written, so `80/TCP` and `80/tcp` are different entries in the image config, and
// tools that look for `tcp` miss the upper-case one. BuildKit warns for each port whose protocol is not lower case.
import DockerfileSyntax

/// Reports EXPOSE ports whose protocol is not written in lower case.
public struct ExposeProtoCasing: Rule {
  /// Creates the rule.
  public init() {}

  /// DF208.
  public let descriptor = RuleDescriptor(
    code: "DF208", name: "expose-proto-casing", aliases: ["ExposeProtoCasing"], severity: .warning,
    category: .style,
    summary: "Protocol in EXPOSE instruction should be lowercase",
    documentation: RuleDocumentation(
      why: """
        The protocol after a port in EXPOSE (`/tcp`, `/udp`, `/sctp`) is stored in the image config as \
        written. `8080/TCP` is therefore not the same entry as `8080/tcp`, and tools that publish or inspect \
        exposed ports expect the lower-case names. Write protocols in lower case.
        """,
      bad: "FROM alpine\nEXPOSE 8080/TCP\n",
      good: "FROM alpine:3.20\nEXPOSE 8080/tcp\nUSER nobody\n"))

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    for stage in model.stages {
      for index in stage.instructionIndices where model.instructions[index].kind == .expose {
        for word in model.instructions[index].arguments {
          // Only literal words: a variable's value is unknown here. Quotes are removed as BuildKit's
          // word expansion would.
          let raw = word.string
          guard !raw.contains("$") else { continue }
          let spec = raw.filter { $0 != "\"" && $0 != "'" }
          let parts = spec.split(separator: "/", omittingEmptySubsequences: false)
          guard parts.count >= 2 else { continue }
          let proto = parts[1]
          if proto != proto.lowercased() {
            report(word.range, "Defined protocol '\(spec)' in EXPOSE instruction should be lowercase")
          }
        }
      }
    }
  }
}
