// DF413 missing-build-context-file.
//
// A COPY or ADD of a dependency manifest (`requirements*.txt`, `requirements/*.txt`, `pyproject.toml`, `poetry.lock`,
// `uv.lock`, `Pipfile`, `setup.py`, ...) that is not in the build context fails the build with "not found", usually after a
// rename (`requirements/prod.txt`) or when the Dockerfile is built from another directory. Only literal paths are
// checked, and only when the caller can read the build context.
import DockerfileSyntax

/// Reports COPY/ADD sources naming Python manifest files that the build context does not have.
public struct MissingBuildContextFile: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF413.
  public let descriptor = RuleDescriptor(
    code: "DF413", name: "missing-build-context-file", aliases: [], severity: .warning, category: .python,
    summary: "A Python manifest file copied into the image does not exist in the build context",
    documentation: RuleDocumentation(
      why: """
        COPY fails when its source is not in the build context. For dependency manifests (requirements*.txt, \
        pyproject.toml, poetry.lock, uv.lock, Pipfile, setup.py) this usually follows a rename or a build run from \
        another directory. The rule checks literal paths against the build context when the editor or command line \
        can read it.
        """,
      bad: """
        FROM python:3.12-slim
        COPY requirements-prod.txt .

        """,
      good: """
        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        WORKDIR /app
        COPY requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt
        USER nobody
        CMD ["python", "-m", "http.server"]

        """))

  /// Exact manifest file names.
  public static let manifests: Set<String> = [
    "pyproject.toml", "poetry.lock", "Pipfile", "Pipfile.lock", "uv.lock", "pdm.lock", "setup.py", "setup.cfg",
  ]

  /// Whether a base name is a Python manifest.
  static func isManifest(_ name: String) -> Bool {
    if manifests.contains(name) { return true }
    return name.hasPrefix("requirements") && name.hasSuffix(".txt")
  }

  /// Nothing is remembered between instructions: each COPY or ADD is checked on its own against the build context
  /// (which is why this is not an `InstructionRule`, whose findings may depend on the instruction's text only).
  public struct State: Equatable, Sendable {}

  public var stepKinds: Set<InstructionKind>? { [.copy, .add] }

  public var readsBuildContext: Bool { true }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    // A context whose directory cannot be read answers nothing for any path: no source needs looking at.
    guard let buildContext = file.buildContext, buildContext.exists(".") != nil else { return }
    let ins = facts.instruction
    guard ins.kind == .copy || ins.kind == .add else { return }
    guard let copy = CopyInstruction(ins), copy.from == nil, copy.heredocs.isEmpty else { return }
    for source in copy.sources {
      let path = source.string
      guard !path.contains(where: { "$*?[\\".contains($0) }), !path.contains("://") else { continue }
      let components = path.split(separator: "/")
      guard let last = components.last, !components.contains("..") else { continue }
      let inRequirementsDirectory = components.dropLast().contains("requirements") && last.hasSuffix(".txt")
      guard Self.isManifest(String(last)) || inRequirementsDirectory else { continue }
      if buildContext.exists(path) == false {
        out.report(source.range, "`\(path)` is not in the build context, so this \(copy.isAdd ? "ADD" : "COPY") fails")
      }
    }
  }
}
