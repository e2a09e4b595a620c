// DF405 python-image-latest.
//
// `python`, `python:latest`, and the version-less variant tags (`python:slim`, `python:alpine`,
// `python:slim-bookworm`) follow the newest Python release. When a new minor version comes out, the next build
// silently switches interpreter: compiled packages need new wheels (or fail to build), deprecated standard library
// modules disappear, and two builds of the same commit differ. A digest (`python@sha256:...`) pins the image and is
// not reported.
import DockerfileSyntax

/// Reports FROM lines that use the official python image without a version.
public struct PythonImageLatest: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF405.
  public let descriptor = RuleDescriptor(
    code: "DF405", name: "python-image-latest", aliases: [], severity: .warning, category: .python,
    summary: "The python image is used without a version (latest, slim, alpine), so Python changes under the build",
    documentation: RuleDocumentation(
      why: """
        python, python:latest and the version-less variants such as python:slim or python:alpine always point to \
        the newest Python release. When a new minor version is published, the next build changes interpreter \
        without any change to the Dockerfile: compiled packages need new wheels or fail to build, and removed \
        standard-library modules break imports. Name the minor version (python:3.12-slim) and upgrade on purpose.
        """,
      bad: """
        FROM python:slim
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
      let tag = image.pythonTag, let reference = image.reference, reference.digest == nil, tag.version.isEmpty
    else { return }
    let written = reference.tag.map { "python:\($0)" } ?? "python"
    let range: Range<Int>
    if reference.tag != nil {
      range = image.tagRange
    } else if image.isVerbatim {
      let start = image.argumentRange.lowerBound
      range = (start + reference.repositoryRange.lowerBound)..<(start + reference.repositoryRange.upperBound)
    } else {
      range = image.argumentRange
    }
    out.report(
      range,
      "`\(written)` follows the newest Python release, so a new minor version changes the build without notice; "
        + "name the version (for example `python:3.12\(suggestedSuffix(tag))`)")
  }

  /// The variant suffix to keep in the suggestion (`-slim`, `-alpine`, or none).
  func suggestedSuffix(_ tag: PythonTag) -> String {
    switch tag.variant {
    case .slim: "-slim"
    case .alpine: "-alpine"
    default: ""
    }
  }
}
