// DF404 python-full-base-image.
//
// The official `python:3.12` image (and `python:3.12-bookworm`, `-trixie`) is built on buildpack-deps: it carries
// gcc, make, headers for dozens of libraries and version-control tools, several hundred megabytes that an
// application rarely needs at run time. `python:3.12-slim` is the same Python on a minimal Debian. Builder stages
// may use the full image to compile wheels; the image that ships is the final stage (and the stages it builds
// on), so only that is reported, and only when it says how it starts (CMD or ENTRYPOINT): development containers
// and CI images, which want the toolchain, usually do not.
import DockerfileSyntax

/// Reports a final stage built on the full (non-slim, non-Alpine) official python image.
public struct PythonFullBaseImage: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF404.
  public let descriptor = RuleDescriptor(
    code: "DF404", name: "python-full-base-image", aliases: [], severity: .info, category: .size,
    summary: "The final stage is built on the full python image rather than python:<version>-slim",
    documentation: RuleDocumentation(
      why: """
        The full python images (python:3.12, python:3.12-bookworm) include compilers, headers and version-control \
        tools: close to a gigabyte, most of it unused by an application at run time and all of it extra attack \
        surface. python:3.12-slim is the same Python on a minimal Debian. Compile wheels in a builder stage on the \
        full image if you need to, and ship the final stage on -slim.
        """,
      bad: """
        FROM python:3.12
        WORKDIR /app
        COPY . .
        USER nobody
        CMD ["python", "main.py"]

        """,
      good: """
        FROM python:3.12 AS build
        RUN pip wheel --no-cache-dir --wheel-dir /wheels numpy==2.1.0

        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        COPY --from=build /wheels /wheels
        RUN pip install --no-cache-dir /wheels/*.whl
        USER nobody
        CMD ["python", "-c", "import numpy"]

        """))

  /// The stages seen so far and, per stage, the CMD and ENTRYPOINT in force.
  public struct State: Equatable, Sendable {
    var stages = StageTracker()
    var starts: [StageStart] = []
  }

  /// FROM, global ARGs, and what says how the container starts.
  public var stepKinds: Set<InstructionKind>? { [.from, .arg, .cmd, .entrypoint] }

  public func initialState(_ file: FileFacts) -> State { State() }

  /// A full python image named by a FROM is a candidate (keyed by its stage), decided once the final stage is
  /// known.
  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    if state.stages.step(ins) {
      guard let stage = state.stages.current else { return }
      state.starts.append(state.stages.parents[stage].map { state.starts[$0] } ?? StageStart())
      if let image = state.stages.imageNamedHere(fromStart: ins.start), let tag = image.pythonTag,
        tag.variant == .full, !tag.version.isEmpty
      {
        out.candidate(image.tagRange, key: stage)
      }
    } else if !state.starts.isEmpty {
      state.starts[state.starts.count - 1].read(ins)
    }
  }

  /// Reported when the final stage's chain ends in the image named by stage `key` and says how it starts.
  public func resolve(_ key: Int, _ state: State) -> String? {
    guard let final = state.stages.current, let image = state.stages.images[final], image.rootStage == key,
      state.starts[final].isApplicationImage, let tag = image.pythonTag
    else { return nil }
    let name = image.reference?.tag.map { "python:\($0)" } ?? "python"
    let version = tag.version.map(String.init).joined(separator: ".")
    return "`\(name)` is the full Debian image with compilers and headers; the final stage usually needs only "
      + "`python:\(version)-slim`"
  }
}
