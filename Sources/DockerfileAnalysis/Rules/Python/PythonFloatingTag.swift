// DF406 python-floating-tag.
//
// `python:3` and `python:3-slim` name only the major version, so they move to each new minor release (3.12,
// then 3.13, then 3.14). Minor releases change the ABI that compiled wheels are built for (`cp312`, `cp313`) and
// remove deprecated standard-library modules, so a rebuild of an unchanged Dockerfile can fail or behave
// differently. A `major.minor` tag still receives patch releases. Reported in every stage: a builder on `python:3`
// and a final stage on `python:3.12` drift apart just the same.
import DockerfileSyntax

/// Reports the official python image tagged with a major version only.
public struct PythonFloatingTag: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF406.
  public let descriptor = RuleDescriptor(
    code: "DF406", name: "python-floating-tag", aliases: [], severity: .info, category: .python,
    summary: "The python image is tagged with a major version only (python:3), which moves to each minor release",
    documentation: RuleDocumentation(
      why: """
        python:3 and python:3-slim follow every minor release. Each minor release changes the ABI compiled wheels \
        are built for and removes deprecated standard-library modules, so rebuilding an unchanged Dockerfile can \
        break. A major.minor tag such as python:3.12-slim still receives security and bug-fix releases.
        """,
      bad: """
        FROM python:3-slim
        WORKDIR /app
        COPY . .
        USER nobody
        CMD ["python", "main.py"]

        """,
      good: """
        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        WORKDIR /app
        COPY . .
        USER nobody
        CMD ["python", "main.py"]

        """))

  /// The stages seen so far.
  public struct State: Equatable, Sendable {
    var stages = StageTracker()
  }

  /// FROM, and ARG for the global ARGs that FROM lines expand.
  public var stepKinds: Set<InstructionKind>? { [.from, .arg] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    guard state.stages.step(ins), let image = state.stages.imageNamedHere(fromStart: ins.start),
      let tag = image.pythonTag, let reference = image.reference, reference.digest == nil, tag.version.count == 1,
      tag.variant != .windows
    else { return }
    let written = "python:" + (reference.tag ?? "")
    let suffix = String((reference.tag ?? "").dropFirst(tag.versionLength))
    let example = tag.version[0] == 3 ? " (for example `python:3.12\(suffix)`)" : ""
    out.report(image.tagRange, "`\(written)` moves to each new minor Python release; name the minor version\(example)")
  }
}
