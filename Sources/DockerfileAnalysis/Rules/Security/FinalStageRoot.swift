// DF301 final-stage-root.
//
// Containers run as the image's user, and most base images (python, debian, alpine, ubuntu) leave it as root.
// A process running as root inside a container is one kernel bug or one mounted socket away from root on the
// host, and it can rewrite its own code and packages at run time. The image that ships is the final stage, so
// that is where a USER with an unprivileged account belongs; builder stages may stay root. hadolint's DL3002
// looks only for an explicit `USER root`; this rule also reports the far more common case of no USER at all.
//
// Which stage is final is known only at the end, so the rule reads the file in order and keeps a small summary per
// stage (keyed by its ordinal): the stage it builds on and its last USER. Every FROM and every root USER registers a
// candidate finding; at the end, the final stage's chain of ancestors decides which one, if any, is reported.
import DockerfileSyntax

/// Reports a final stage that runs as root: no USER in it or the stages it builds on, or a last USER of root.
public struct FinalStageRoot: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF301.
  public let descriptor = RuleDescriptor(
    code: "DF301", name: "final-stage-root", aliases: [], severity: .warning, category: .security,
    summary: "The final stage runs as root",
    documentation: RuleDocumentation(
      why: """
        Containers run as the image's user, and most base images leave that user as root. A root process in a \
        container is one kernel bug or mounted socket away from root on the host, and it can rewrite its own \
        code at run time. Create an unprivileged user and switch to it with USER in the final stage (the one \
        that ships); builder stages may stay root. A USER whose value is a build variable is not judged.
        """,
      bad: "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n",
      good: """
        FROM python:3.12-slim
        RUN useradd --create-home app
        COPY . /app
        USER app
        CMD ["python", "/app/main.py"]

        """))

  /// What the rule knows of one stage.
  struct StageSummary: Equatable, Sendable {
    /// The ordinal of the stage it builds on (`FROM <earlier stage>`), if any.
    var parent: Int?
    /// The identity of its last USER, if any.
    var lastUser: ObjectIdentifier?
  }

  /// The stages read so far.
  public struct State: Equatable, Sendable {
    /// One summary per stage, by ordinal.
    var stages: [StageSummary] = []
    /// Lower-cased stage name → the ordinal of the latest stage with that name.
    var byName: [String: Int] = [:]
  }

  /// A finding that depends on which stage is final.
  public enum CandidateKey: Hashable, Sendable {
    /// The base image of the stage with this ordinal, reported when it is the final stage and no USER is in its chain.
    case base(stage: Int)
    /// A root USER (its identity and trimmed text) in the stage with this ordinal, reported when it is the USER that
    /// decides the final stage's user.
    case user(stage: Int, id: ObjectIdentifier, text: String)
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .user] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<CandidateKey>
  ) {
    let ins = facts.instruction
    if ins.kind == .from {
      guard let from = FromInstruction(ins) else { return }
      var parent: Int? = nil
      if let text = from.image?.string {
        let lower = text.lowercased()
        if lower != "scratch" { parent = state.byName[lower] }
      }
      let ordinal = state.stages.count
      state.stages.append(StageSummary(parent: parent))
      if let name = from.stageName?.string { state.byName[name.lowercased()] = ordinal }
      out.candidate(from.image?.range ?? ins.keyword.range, key: .base(stage: ordinal))
      return
    }
    guard ins.kind == .user, let last = state.stages.indices.last else { return }
    let id = ObjectIdentifier(ins.node)
    state.stages[last].lastUser = id
    guard let value = ins.arguments.first else { return }
    let text = value.string.trimmingCharacters(in: " \t")
    if text.contains("$") { return }
    let name = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? text
    if name == "root" || name == "0" { out.candidate(value.range, key: .user(stage: last, id: id, text: text)) }
  }

  public func resolve(_ key: CandidateKey, _ state: State) -> String? {
    guard let final = state.stages.indices.last else { return nil }
    // The stage whose last USER decides: the final stage, else the nearest stage it builds on with a USER.
    var deciding: Int? = nil
    var current: Int? = final
    while let c = current {
      if state.stages[c].lastUser != nil {
        deciding = c
        break
      }
      // Parents are always earlier stages, so the chain ends.
      current = state.stages[c].parent
    }
    switch key {
    case .base(let stage):
      guard stage == final, deciding == nil else { return nil }
      return "the final stage runs as the base image's user, usually root; add a USER with an unprivileged user"
    case .user(let stage, let id, let text):
      guard stage == deciding, state.stages[stage].lastUser == id else { return nil }
      return "the final stage runs as root (`USER \(text)`); switch to an unprivileged user"
    }
  }
}

extension String {
  /// The string without leading and trailing characters from `set`.
  func trimmingCharacters(in set: String) -> String {
    let chars = Set(set)
    var s = Substring(self)
    while let f = s.first, chars.contains(f) { s = s.dropFirst() }
    while let l = s.last, chars.contains(l) { s = s.dropLast() }
    return String(s)
  }
}
