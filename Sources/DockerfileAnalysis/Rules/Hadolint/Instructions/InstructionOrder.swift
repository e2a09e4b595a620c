// DF519 instruction-before-from (hadolint DL3061).
//
// Only ARG (and comments and parser directives) may come before the first FROM: every other instruction needs a
// stage to act on, and Docker refuses to build. hadolint reports each such instruction; the range is its
// keyword. Unknown instructions are left to DF002.
import DockerfileSyntax

/// Reports instructions other than ARG before the first FROM.
public struct InstructionOrder: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF519.
  public let descriptor = RuleDescriptor(
    code: "DF519", name: "instruction-order", aliases: ["DL3061"], severity: .error, category: .correctness,
    summary: "Only ARG may come before the first FROM",
    documentation: RuleDocumentation(
      why: """
        Instructions act on a build stage, and stages start at FROM. Before the first FROM only ARG is \
        allowed (its values can then be used in FROM lines), besides comments and parser directives; Docker \
        refuses to build a Dockerfile with anything else there. \
        Off by default: DF021 instruction-before-from reports the same mistake as the BuildKit error it is; \
        turn this on for hadolint's exact reporting.
        """,
      bad: "LABEL org.opencontainers.image.title=app\nFROM alpine:3.20\n",
      good: """
        ARG ALPINE_VERSION=3.20
        FROM alpine:${ALPINE_VERSION}
        LABEL org.opencontainers.image.title=app
        USER nobody

        """),
    enabledByDefault: false)

  /// Whether a FROM has been seen.
  public struct State: Equatable, Sendable {
    var afterFrom = false
  }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    guard !state.afterFrom else { return }
    if ins.kind == .from {
      state.afterFrom = true
      return
    }
    if ins.kind == .arg || ins.kind == .unknown { return }
    let keyword = String(decoding: ins.keyword.text, as: UTF8.self)
    out.report(ins.keyword.range, "\(keyword) before the first FROM; only ARG may come before FROM")
  }
}
