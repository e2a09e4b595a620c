// DF523 non-numeric-user (hadolint DL3066).
//
// A user name is resolved through the image's /etc/passwd, which the host and orchestrators cannot see: a
// Kubernetes `runAsNonRoot` policy, for example, cannot verify that `USER app` is not root and refuses to run
// the container. hadolint reports a USER whose user part (before `:`) is not all digits, unless it refers to an
// ARG declared earlier in the file (`$NAME` or `${NAME}`). It is opinionated (user names are normal practice
// and `USER root` is reported too), so it is off by default.
import DockerfileSyntax

/// Reports USER with a non-numeric user id.
public struct NonNumericUser: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF523.
  public let descriptor = RuleDescriptor(
    code: "DF523", name: "non-numeric-user", aliases: ["DL3066"], severity: .info, category: .security,
    summary: "USER should name a numeric user id",
    documentation: RuleDocumentation(
      why: """
        A user name is looked up in the image's /etc/passwd, which the host and orchestrators cannot read: a \
        Kubernetes `runAsNonRoot` policy cannot tell whether `USER app` is root and refuses the container, and \
        file ownership on mounted volumes is by number anyway. A numeric id (`USER 10001:10001`) works \
        everywhere. This is opinionated, since user names are common and readable, so the rule is off by \
        default. A user id given by an ARG declared earlier is accepted.
        """,
      bad: "FROM alpine:3.20\nUSER nobody\n",
      good: "FROM alpine:3.20\nUSER 65534:65534\n"),
    enabledByDefault: false)

  /// The ARG names declared so far and the length of the longest.
  public struct State: Equatable, Sendable {
    var args = PersistentSet<String>()
    var longestArg = 0
  }

  public var stepKinds: Set<InstructionKind>? { [.arg, .user] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    switch ins.kind {
    case .arg:
      for d in ArgInstruction(ins)?.declarations ?? [] {
        state.args.insert(String(decoding: d.name, as: UTF8.self))
        state.longestArg = max(state.longestArg, d.name.count)
      }
    case .user:
      let text = ins.argumentText.text
      let uid = text.split(separator: UInt8(ascii: ":"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
      if uid.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return }
      if refersToArg(text, args: state.args, longest: state.longestArg) { return }
      let shown = String(decoding: uid, as: UTF8.self)
      out.report(
        ins.arguments.first?.range ?? ins.keyword.range,
        "user \(shown) is a name, which the host cannot resolve; use a numeric user id")
    default:
      return
    }
  }

  /// Whether `text` contains `${NAME}` or `$NAME` for a declared ARG (as hadolint tests it: `$NAME` may be
  /// followed by anything, so `$NAMEX` counts too).
  func refersToArg(_ text: [UInt8], args: PersistentSet<String>, longest: Int) -> Bool {
    guard !args.isEmpty else { return false }
    for (i, b) in text.enumerated() where b == UInt8(ascii: "$") {
      var start = i + 1
      if start < text.count, text[start] == UInt8(ascii: "{"),
        let close = text[(start + 1)...].prefix(longest + 1).firstIndex(of: UInt8(ascii: "}")),
        args.contains(String(decoding: text[(start + 1)..<close], as: UTF8.self))
      {
        return true
      }
      // `$NAME` with anything after it: some prefix of what follows is a declared name.
      let end = min(text.count, start + longest)
      while start < end {
        start += 1
        if args.contains(String(decoding: text[(i + 1)..<start], as: UTF8.self)) { return true }
      }
    }
    return false
  }
}
