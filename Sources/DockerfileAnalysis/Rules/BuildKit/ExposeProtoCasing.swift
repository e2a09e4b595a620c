// DF208 expose-proto-casing (BuildKit's ExposeProtoCasing).
//
// EXPOSE ports take an optional protocol, `80/tcp` or `53/udp`. Docker's port parser lower-cases nothing: the
// protocol is recorded as written, so `80/TCP` and `80/tcp` are different entries in the image config, and
// tools that look for `tcp` miss the upper-case one. BuildKit warns for each port whose protocol is not lower case.
import DockerfileSyntax

/// Reports EXPOSE ports whose protocol is not written in lower case.
public struct ExposeProtoCasing: SequentialRule {
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

  /// FROM (stages start there) and EXPOSE.
  public var stepKinds: Set<InstructionKind>? { [.from, .expose] }

  /// Whether a FROM has been read: instructions before the first one belong to no stage and are not checked.
  public func initialState(_ file: FileFacts) -> Bool { false }

  public func step(_ inStage: inout Bool, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    if ins.kind == .from { inStage = true }
    guard inStage, ins.kind == .expose else { return }
    for word in ins.arguments {
      // Only literal words: a variable's value is unknown here. Quotes are removed as BuildKit's
      // word expansion would.
      let raw = word.string
      guard !raw.contains("$") else { continue }
      let spec = raw.filter { $0 != "\"" && $0 != "'" }
      let parts = spec.split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count >= 2 else { continue }
      let proto = parts[1]
      if proto != proto.lowercased() {
        out.report(word.range, "Defined protocol '\(spec)' in EXPOSE instruction should be lowercase")
      }
    }
  }
}
