// DF414 no-dockerignore.
//
// `COPY . .` sends and copies the whole build context. Without a .dockerignore that includes `.git`, local
// virtual environments (`.venv`), `__pycache__`, test caches and any `.env` file with secrets: the image grows,
// the layer changes on every commit (busting the cache of everything after it), and secrets can end up in the
// image. Reported once, at the first COPY or ADD of the context root, when the build context is readable and has
// no ignore file (neither `<Dockerfile>.dockerignore` nor `.dockerignore`).
import DockerfileSyntax

/// Reports copying the whole build context when there is no .dockerignore.
public struct NoDockerignore: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF414.
  public let descriptor = RuleDescriptor(
    code: "DF414", name: "no-dockerignore", aliases: [], severity: .info, category: .size,
    summary: "The whole build context is copied but there is no .dockerignore",
    documentation: RuleDocumentation(
      why: """
        COPY . . copies everything in the build context. Without a .dockerignore that includes .git, local \
        virtual environments, __pycache__ and .env files: the image grows, the layer changes with every commit, \
        and secrets can be baked into the image. Add a .dockerignore next to the Dockerfile.
        """,
      bad: """
        FROM python:3.12-slim
        COPY . /app

        """,
      good: """
        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        COPY app.py /app/
        USER nobody
        CMD ["python", "/app/app.py"]

        """))

  /// Whether the first copy of the context root was seen (only that one is reported).
  public struct State: Equatable, Sendable {
    var sawContextRoot = false
  }

  public var stepKinds: Set<InstructionKind>? { [.copy, .add] }

  public var readsBuildContext: Bool { true }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    guard !state.sawContextRoot, ins.kind == .copy || ins.kind == .add, let copy = CopyInstruction(ins),
      copy.from == nil, copy.heredocs.isEmpty,
      let source = copy.sources.first(where: { isContextRoot($0.string) })
    else { return }
    state.sawContextRoot = true
    guard let buildContext = file.buildContext, buildContext.dockerignore == nil, buildContext.exists(".") == true
    else { return }
    out.report(
      source.range,
      "`\(source.string)` copies the whole build context and there is no .dockerignore, so .git, virtual "
        + "environments, caches and .env files go into the image; add a .dockerignore")
  }

  /// Whether a source names the context root.
  func isContextRoot(_ source: String) -> Bool {
    var s = Substring(source)
    while s.hasPrefix("./") { s = s.dropFirst(2) }
    while s.hasSuffix("/") && s.count > 1 { s = s.dropLast() }
    return s.isEmpty || s == "." || s == "/" || s == "./"
  }
}
