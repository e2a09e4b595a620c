// DF412 python-env-defaults (off by default).
//
// Two environment variables are conventional in Python images. PYTHONUNBUFFERED=1 makes stdout and stderr
// unbuffered: without a terminal (the usual case for `docker run` without `-t`), Python buffers stdout in blocks, so
// log lines appear late or are lost when the container is killed. PYTHONDONTWRITEBYTECODE=1 stops Python from
// writing `__pycache__` files at run time into a container's writable layer, where they are thrown away with the
// container. The rule is off by default: the second is a trade-off (bytecode compiled at build time speeds up
// start-up, and some images precompile on purpose), and logging setups that flush explicitly do not need the first.
import DockerfileSyntax

/// Reports a Python final stage that sets neither or only one of PYTHONUNBUFFERED and PYTHONDONTWRITEBYTECODE.
public struct PythonEnvDefaults: Rule {
  /// Creates the rule.
  public init() {}

  /// DF412.
  public let descriptor = RuleDescriptor(
    code: "DF412", name: "python-env-defaults", aliases: [], severity: .hint, category: .python,
    summary: "The final Python stage does not set PYTHONUNBUFFERED and PYTHONDONTWRITEBYTECODE",
    documentation: RuleDocumentation(
      why: """
        Without a terminal Python buffers stdout in blocks, so a container's log lines show up late or are lost \
        when it is stopped; PYTHONUNBUFFERED=1 writes them at once. PYTHONDONTWRITEBYTECODE=1 keeps Python from \
        writing __pycache__ files into the container's writable layer at run time. Off by default: precompiled \
        bytecode speeds up start-up, so some images want the opposite.
        """,
      bad: """
        FROM python:3.12-slim
        COPY app.py .
        USER nobody
        CMD ["python", "app.py"]

        """,
      good: """
        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        WORKDIR /app
        COPY app.py .
        USER nobody
        CMD ["python", "app.py"]

        """),
    enabledByDefault: false)

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard let final = model.finalStage, let range = final.baseRange else { return }
    let bases = context.stageBases
    guard isApplicationImage(model, chain: bases.chain(final.index)) else { return }
    guard let image = bases.images[final.index], !image.isWindows,
      image.isOfficialPython || image.pythonVersion != nil
    else { return }
    let end = model.instructions.count
    let variables = Variables(model)
    var missing: [String] = []
    for name in ["PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"] {
      guard case .env(let e) = variables.definition(name, at: end), !unquoted(e.value).isEmpty else {
        missing.append(name)
        continue
      }
    }
    guard !missing.isEmpty else { return }
    report(
      range,
      "the final stage does not set \(missing.map { "\($0)=1" }.joined(separator: " or ")): "
        + (missing.contains("PYTHONUNBUFFERED") ? "log output is block-buffered without a terminal" : "")
        + (missing.count == 2 ? " and " : "")
        + (missing.contains("PYTHONDONTWRITEBYTECODE") ? "Python writes __pycache__ files at run time" : ""))
  }
}
