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
public struct UserSiteUnreadable: Rule {
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

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard let final = model.finalStage else { return }
    let bases = context.stageBases
    let chain = Array(bases.chain(final.index).reversed())
    // The user the container runs as: the last USER in the chain.
    var finalUser: String?
    for stageIndex in chain {
      for index in model.stages[stageIndex].instructionIndices where model.instructions[index].kind == .user {
        finalUser = model.instructions[index].arguments.first?.string
      }
    }
    guard let runUser = finalUser.map(userName), !runUser.contains("$"), !isRoot(runUser) else { return }
    let variables = Variables(model)
    var current: String?
    var blamed: (range: Range<Int>, how: String)?
    for stageIndex in chain {
      for index in model.stages[stageIndex].instructionIndices {
        let ins = model.instructions[index]
        switch ins.kind {
        case .user:
          current = ins.arguments.first.map { userName($0.string) }
        case .copy, .add:
          guard blamed == nil, let copy = CopyInstruction(ins), let destination = copy.destination else { continue }
          let d = normalisedDirectory(destination.string)
          if d == "/root/.local" || d.hasPrefix("/root/.local/") {
            blamed = (destination.range, "are copied to \(d)")
          }
        case .run:
          for command in context.shellCommands(ofInstructionAt: index) {
            if command.name == "chmod" || command.name == "chown",
              command.words.dropFirst().contains(where: { $0.stringValue.hasPrefix("/root") })
            {
              return
            }
            guard blamed == nil, let install = pythonInstall(command), install.isUser,
              current.map(isRoot) ?? true, let flag = install.flag("--user")
            else { continue }
            if variables.value("PYTHONUSERBASE", at: index) != nil { continue }
            if let home = variables.value("HOME", at: index), home != "/root" { continue }
            blamed = (flag.range, "are installed as root into /root/.local")
          }
        default:
          continue
        }
      }
    }
    guard let blamed else { return }
    report(
      blamed.range,
      "packages \(blamed.how), but the image runs as `\(runUser)`, who cannot read /root; install them as that user "
        + "or into a virtual environment outside /root")
  }

  /// The user part of a USER value (`app:app` → `app`).
  func userName(_ value: String) -> String {
    let trimmed = String(value.drop { $0 == " " || $0 == "\t" })
    return trimmed.split(separator: ":", maxSplits: 1).first.map(String.init) ?? trimmed
  }

  /// Whether a user is root.
  func isRoot(_ user: String) -> Bool { user == "root" || user == "0" }
}
