// DF411 user-site-unreadable.
//
// `pip install --user` run as root installs into /root/.local, and `COPY --from=build /root/.local /root/.local`
// puts packages there too. /root is mode 700 in the Debian and Alpine based images, so once the final stage
// switches to an unprivileged USER, that user can neither import the packages nor run their scripts: the app fails
// at start-up with ModuleNotFoundError. Install as the runtime user (into its home), or into a virtual environment
// or `--prefix` outside /root. A `chmod`/`chown` on /root in the final stage's chain, PYTHONUSERBASE, or a HOME
// other than /root, is taken as handled; ONBUILD instructions, which run in a child build, are not judged.
import DockerfileSyntax

/// Reports packages under /root/.local in a final stage that runs as a non-root user.
public struct UserSiteUnreadable: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF411.
  public let descriptor = RuleDescriptor(
    code: "DF411", name: "user-site-unreadable", aliases: [], severity: .warning, category: .python,
    summary: "Packages are installed under /root/.local but the image runs as a non-root user who cannot read it",
    documentation: RuleDocumentation(
      why: """
        pip install --user run as root installs into /root/.local, and copying ~/.local from a builder as root \
        puts packages there too. /root is readable by root only (mode 700), so when the final stage runs as an \
        unprivileged USER the packages cannot be imported and their scripts cannot run. Install as the runtime \
        user, or into a virtual environment or --prefix outside /root.
        """,
      bad: """
        FROM python:3.12-slim
        RUN pip install --no-cache-dir --user flask==3.0.3
        RUN useradd --create-home app
        USER app
        CMD ["python", "-m", "flask", "run"]

        """,
      good: """
        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        RUN useradd --create-home app
        USER app
        ENV PATH="/home/app/.local/bin:$PATH"
        RUN pip install --no-cache-dir --user flask==3.0.3
        CMD ["python", "-m", "flask", "run"]

        """))

  /// Per stage, what its chain (the stage and the stages it builds on) has done so far.
  struct ChainUsers: Equatable, Sendable {
    /// The last USER's first argument as written (`.some(nil)` for a USER without one); nil before any USER.
    var lastUser: String?? = nil
    /// Whether a RUN changed the mode or owner of something under /root.
    var touchesRoot = false
    /// The first stage of the chain (from its top) that put packages under /root/.local.
    var blamedStage: Int?
  }

  /// The stages seen so far, what each one's chain did, and PYTHONUSERBASE and HOME in the current stage.
  public struct State: Equatable, Sendable {
    var stages = StageTracker()
    var chains: [ChainUsers] = []
    var variables = StageVariableScope(tracking: ["PYTHONUSERBASE", "HOME"])
  }

  /// The first install under /root/.local of a stage: the stage, and how the packages got there.
  public struct Candidate: Hashable, Sendable {
    var stage: Int
    var how: String
  }

  /// FROM and ARG for stages and variables, ENV for variables, USER, and what installs or copies packages.
  public var stepKinds: Set<InstructionKind>? { [.from, .arg, .env, .user, .copy, .add, .run] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Candidate>
  ) {
    let ins = facts.instruction
    if ins.kind == .from {
      let literalParent = state.stages.literalParentStage(of: ins)
      state.stages.step(ins)
      guard let stage = state.stages.current else { return }
      let named = FromInstruction(ins)?.stageName != nil
      state.variables.startStage(stage, named: named, literalParent: literalParent)
      state.chains.append(state.stages.parents[stage].map { state.chains[$0] } ?? ChainUsers())
      return
    }
    state.stages.step(ins)
    guard let stage = state.stages.current else { return }
    func blame(_ range: Range<Int>, _ how: String) {
      guard state.chains[stage].blamedStage == nil else { return }
      state.chains[stage].blamedStage = stage
      out.candidate(range, key: Candidate(stage: stage, how: how))
    }
    switch ins.kind {
    case .arg, .env:
      state.variables.read(ins)
    case .user:
      state.chains[stage].lastUser = .some(ins.arguments.first?.string)
    case .copy, .add:
      guard state.chains[stage].blamedStage == nil, let copy = CopyInstruction(ins), let destination = copy.destination
      else { return }
      let d = normalisedDirectory(destination.string)
      if d == "/root/.local" || d.hasPrefix("/root/.local/") { blame(destination.range, "are copied to \(d)") }
    case .run:
      let current = state.chains[stage].lastUser.map { $0.map(userName) } ?? nil
      for (k, command) in facts.commands.enumerated() {
        if command.name == "chmod" || command.name == "chown",
          command.words.dropFirst().contains(where: { $0.stringValue.hasPrefix("/root") })
        {
          state.chains[stage].touchesRoot = true
        }
        guard state.chains[stage].blamedStage == nil, let install = facts.pythonInstall(at: k), install.isUser,
          current.map(isRoot) ?? true, let flag = install.flag("--user")
        else { continue }
        if state.variables.value("PYTHONUSERBASE") != nil { continue }
        if let home = state.variables.value("HOME"), home != "/root" { continue }
        blame(flag.range, "are installed as root into /root/.local")
      }
    default:
      break
    }
  }

  /// Reported when the stage is the first in the final chain to put packages under /root/.local, the chain does
  /// not open /root up, and the image runs as a user other than root.
  public func resolve(_ key: Candidate, _ state: State) -> String? {
    guard let final = state.stages.current else { return nil }
    let chain = state.chains[final]
    guard chain.blamedStage == key.stage, !chain.touchesRoot, case .some(.some(let user)) = chain.lastUser else {
      return nil
    }
    let runUser = userName(user)
    guard !runUser.contains("$"), !isRoot(runUser) else { return nil }
    return "packages \(key.how), but the image runs as `\(runUser)`, who cannot read /root; install them as that user "
      + "or into a virtual environment outside /root"
  }

  /// The user part of a USER value (`app:app` → `app`).
  func userName(_ value: String) -> String {
    let trimmed = String(value.drop { $0 == " " || $0 == "\t" })
    return trimmed.split(separator: ":", maxSplits: 1).first.map(String.init) ?? trimmed
  }

  /// Whether a user is root.
  func isRoot(_ user: String) -> Bool { user == "root" || user == "0" }
}
