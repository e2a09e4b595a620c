// DF408 compiler-in-final-stage.
//
// Compilers and development headers are needed to build native Python extensions, not to run them. Installed in
// the final stage (or a stage it builds on), they ship in the image: hundreds of megabytes, and a toolchain that
// makes any foothold in the container more useful to an attacker. Build wheels in a builder stage and copy them,
// or the virtual environment, into the final stage; or remove the packages in the same RUN that installed them
// (`apt-get purge -y --auto-remove gcc`, `apk del .build-deps` after `apk add --virtual .build-deps`), since a
// later RUN cannot take them out of the earlier layer. Only Python images are judged (a python base, or a final
// stage that installs Python packages), and only application images: a final stage without CMD or ENTRYPOINT
// (a development container, a CI image, a base for other images) and devcontainers bases are left alone.
import DockerfileSyntax

/// Reports compilers and headers installed in the final stage and not removed in the same RUN.
public struct CompilerInFinalStage: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF408.
  public let descriptor = RuleDescriptor(
    code: "DF408", name: "compiler-in-final-stage", aliases: [], severity: .info, category: .size,
    summary: "Compilers or development headers are installed in the final stage",
    documentation: RuleDocumentation(
      why: """
        gcc, build-essential and -dev header packages are needed to compile native extensions, not to run them. \
        Installed in the final stage they ship in the image, adding hundreds of megabytes and a toolchain for \
        anyone who gets into the container. Compile in a builder stage and copy the wheels or the virtual \
        environment over, or remove the packages in the same RUN that installed them.
        """,
      bad: """
        FROM python:3.12-slim
        RUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 libpq-dev=15.* \\
         && rm -rf /var/lib/apt/lists/*
        CMD ["python", "app.py"]

        """,
      good: """
        FROM python:3.12-slim AS build
        RUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 libpq-dev=15.* \\
         && rm -rf /var/lib/apt/lists/*
        RUN pip wheel --no-cache-dir --wheel-dir /wheels psycopg2==2.9.9

        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        RUN apt-get update && apt-get install -y --no-install-recommends libpq5=15.* \\
         && rm -rf /var/lib/apt/lists/*
        COPY --from=build /wheels /wheels
        RUN pip install --no-cache-dir /wheels/*.whl
        USER nobody
        CMD ["python", "-c", "import psycopg2"]

        """))

  /// Package names that are compilers or pull one in.
  static let compilers: Set<String> = [
    "build-essential", "build-base", "gcc", "g++", "gcc-c++", "clang", "gfortran", "rustc", "cargo", "rust",
    "linux-headers", "musl-dev", "libc-dev", "libc6-dev", "python3-dev", "python-dev", "python3-devel",
  ]

  /// Whether a package is a compiler, a versioned compiler (`gcc-12`, `clang-15`) or a header package.
  static func isBuildPackage(_ name: String) -> Bool {
    if compilers.contains(name) { return true }
    if name.hasSuffix("-dev") || name.hasSuffix("-devel") { return name.count > 4 }
    for prefix in ["gcc-", "g++-", "clang-"] where name.hasPrefix(prefix) {
      return name.dropFirst(prefix.count).allSatisfy { $0.isNumber || $0 == "." }
    }
    return false
  }

  /// The stages seen so far; per stage, the CMD and ENTRYPOINT in force and whether its chain installs Python
  /// packages.
  public struct State: Equatable, Sendable {
    var stages = StageTracker()
    var starts: [StageStart] = []
    var installsPython: [Bool] = []
  }

  /// A build package kept by a RUN of a stage: reported if that stage turns out to be in the final chain.
  public struct Candidate: Hashable, Sendable {
    /// The stage of the RUN.
    var stage: Int
    /// The message.
    var message: String
  }

  /// FROM, global ARGs, RUN, and what says how the container starts.
  public var stepKinds: Set<InstructionKind>? { [.from, .arg, .run, .cmd, .entrypoint] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Candidate>
  ) {
    let ins = facts.instruction
    if state.stages.step(ins) {
      guard let stage = state.stages.current else { return }
      let parent = state.stages.parents[stage]
      state.starts.append(parent.map { state.starts[$0] } ?? StageStart())
      state.installsPython.append(parent.map { state.installsPython[$0] } ?? false)
      return
    }
    guard let stage = state.stages.current else { return }
    guard ins.kind == .run else {
      state.starts[stage].read(ins)
      return
    }
    let commands = facts.commands
    if !state.installsPython[stage], commands.indices.contains(where: { facts.pythonInstall(at: $0) != nil }) {
      state.installsPython[stage] = true
    }
    for position in commands.indices {
      guard let install = facts.osPackageInstall(at: position) else { continue }
      let build = install.packages.filter { Self.isBuildPackage(packageName($0.stringValue)) }
      guard !build.isEmpty else { continue }
      let removed = removals(after: position, in: commands)
      if removed.unknown { continue }
      if let virtual = install.virtualName, removed.names.contains(virtual) { continue }
      let kept = build.filter { !removed.names.contains(packageName($0.stringValue)) }
      guard let blamed = kept.first else { continue }
      let names = kept.map { packageName($0.stringValue) }
      let list: String
      switch names.count {
      case 1: list = "`\(names[0])` stays"
      case 2: list = "`\(names[0])` and `\(names[1])` stay"
      default: list = "`\(names[0])`, `\(names[1])` and \(names.count - 2) more build packages stay"
      }
      let message =
        "\(list) in the final image; compile in a builder stage and copy the result, or remove "
        + (names.count == 1 ? "it" : "them") + " in this RUN"
      out.candidate(blamed.range, key: Candidate(stage: stage, message: message))
    }
  }

  /// Reported when the RUN's stage is in the final stage's chain and that is a Python application image.
  public func resolve(_ key: Candidate, _ state: State) -> String? {
    guard let final = state.stages.current, state.starts[final].isApplicationImage else { return nil }
    let image = state.stages.images[final]
    if let image {
      if image.isWindows { return nil }
      if let repository = image.reference?.repository, repository.contains("devcontainers/") { return nil }
    }
    // Only Python images: a python base, or a stage chain that installs Python packages.
    let isPython = image.map { $0.isOfficialPython || $0.pythonVersion != nil } == true || state.installsPython[final]
    guard isPython else { return nil }
    // Whether the RUN's stage is in the final chain (parents come earlier, so the walk stops below it).
    var stage: Int? = final
    while let s = stage, s > key.stage { stage = state.stages.parents[s] }
    return stage == key.stage ? key.message : nil
  }

  /// The package names removed by commands after `position` in the same RUN; `unknown` when a removal names
  /// packages through variables or removes what `apt-mark` marked as automatic.
  func removals(after position: Int, in commands: [ShellCommand]) -> (names: Set<String>, unknown: Bool) {
    var names: Set<String> = []
    var unknown = false
    let marksAutomatic = commands.contains { $0.name == "apt-mark" }
    for command in commands[(position + 1)...] {
      guard let removal = osPackageRemoval(command) else { continue }
      if removal.hasUnknownNames { unknown = true }
      let autoRemoves = command.words.contains {
        let w = $0.stringValue
        return w == "autoremove" || w == "--auto-remove" || w == "--autoremove"
      }
      if autoRemoves && marksAutomatic { unknown = true }
      names.formUnion(removal.names)
    }
    return (names, unknown)
  }
}
