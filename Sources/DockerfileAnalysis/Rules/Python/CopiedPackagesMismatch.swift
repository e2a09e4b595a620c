// DF409 copied-python-packages-mismatch.
//
// A virtual environment, a `site-packages` directory, a `pip install --prefix` tree or a user base (`~/.local`)
// holds packages built for one interpreter: compiled extensions are tagged for a Python minor version
// (`cpython-311`) and linked against one C library, and a venv's `bin/python` points at its creator's interpreter.
// Copied with `COPY --from` into a stage whose Python minor version or C library differs, the packages fail to
// import (or are not found at all, since `python3.12` does not look in `lib/python3.11`). Versions come from the
// stages' images (`python:3.11-slim`, ARG defaults substituted, stage chains followed) or from a version in the
// copied path; when either side is unknown, nothing is said.
import DockerfileSyntax

/// Reports packages copied between stages whose Python version or C library differ.
public struct CopiedPackagesMismatch: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF409.
  public let descriptor = RuleDescriptor(
    code: "DF409", name: "copied-python-packages-mismatch", aliases: [], severity: .warning, category: .python,
    summary: "Installed packages are copied from a stage with a different Python version or C library",
    documentation: RuleDocumentation(
      why: """
        Installed Python packages belong to the interpreter that installed them: compiled extensions are built for \
        one Python minor version and one C library (glibc or Alpine's musl), and a virtual environment's \
        bin/python points at its creator's interpreter. Copying a venv, site-packages or ~/.local from a builder \
        on python:3.11 into a final stage on python:3.12, or from an Alpine builder into a Debian one, gives \
        packages that fail to import. Build on the same image family and version as the stage that runs them.
        """,
      bad: """
        FROM python:3.11-slim AS build
        RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir requests==2.32.3

        FROM python:3.12-slim
        COPY --from=build /opt/venv /opt/venv

        """,
      good: """
        FROM python:3.12-slim AS build
        RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir requests==2.32.3

        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        COPY --from=build /opt/venv /opt/venv
        ENV PATH="/opt/venv/bin:$PATH"
        USER nobody
        CMD ["python", "-c", "import requests"]

        """))

  /// The stages seen so far: per stage its name and the package directories of its chain; the first stage of
  /// each name.
  public struct State: Equatable, Sendable {
    var stages = StageTracker()
    var directories: [StagePackageDirectories] = []
    var names: [String?] = []
    /// Lower-cased stage name → the first stage with that name (how `COPY --from` finds a stage).
    var firstStageByName: [String: Int] = [:]
  }

  /// A finding on a `COPY --from=<number>` whose number is not an earlier stage's name: a stage named so later in
  /// the file would be the one copied from (and it is not built before this one), so it is decided at the end.
  public struct Candidate: Hashable, Sendable {
    /// The lower-cased `--from` value.
    var reference: String
    /// The message.
    var message: String
  }

  /// FROM, global ARGs, and what creates or copies package directories.
  public var stepKinds: Set<InstructionKind>? { [.from, .arg, .env, .run, .copy] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Candidate>
  ) {
    let ins = facts.instruction
    if state.stages.step(ins) {
      guard let stage = state.stages.current else { return }
      state.directories.append(state.stages.parents[stage].map { state.directories[$0] } ?? StagePackageDirectories())
      let name = FromInstruction(ins)?.stageName?.string
      state.names.append(name)
      if let lower = name?.lowercased(), state.firstStageByName[lower] == nil { state.firstStageByName[lower] = stage }
      return
    }
    guard let stage = state.stages.current else { return }
    guard ins.kind == .copy else {
      state.directories[stage].read(facts)
      return
    }
    guard let destination = state.stages.images[stage] else { return }
    let destinationVersion = destination.pythonVersion
    let destinationLibc = destination.libc
    guard destinationVersion != nil || destinationLibc != nil else { return }
    guard let copy = CopyInstruction(ins), let from = copy.from?.stringValue else { return }
    let lower = from.lowercased()
    let source: Int
    var undecided = false
    if let named = state.firstStageByName[lower] {
      source = named
    } else if let n = Int(from), n >= 0, n < stage {
      source = n
      undecided = true
    } else {
      return
    }
    guard source < stage else { return }
    let sourceImage = state.stages.images[source]
    let sourceDirectories = state.directories[source]
    for argument in copy.sources {
      let path = argument.string
      guard packageDirectoryKind(path, in: sourceDirectories) != nil else { continue }
      let name = state.names[source].map { "stage `\($0)`" } ?? "stage \(source)"
      let sourceVersion = sourceImage?.pythonVersion ?? embeddedPythonVersion(path)
      let message: String
      if let sourceVersion, let destinationVersion, sourceVersion != destinationVersion {
        message =
          "`\(path)` holds packages installed by Python \(sourceVersion.label) in \(name), but this stage runs "
          + "Python \(destinationVersion.label); build them on the same Python version"
      } else if let sourceLibc = sourceImage?.libc, let destinationLibc, sourceLibc != destinationLibc {
        message =
          "`\(path)` holds packages built against \(sourceLibc.label) in \(name), but this stage uses "
          + "\(destinationLibc.label); compiled extensions will not load"
      } else {
        continue
      }
      if undecided {
        out.candidate(argument.range, key: Candidate(reference: lower, message: message))
      } else {
        out.report(argument.range, message)
      }
    }
  }

  /// Reported unless a later stage carries the number as its name.
  public func resolve(_ key: Candidate, _ state: State) -> String? {
    state.firstStageByName[key.reference] == nil ? key.message : nil
  }
}
