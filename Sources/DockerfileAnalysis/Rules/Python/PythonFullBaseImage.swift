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
public struct PythonFullBaseImage: Rule {
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

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard let final = model.finalStage else { return }
    let bases = context.stageBases
    guard isApplicationImage(model, chain: bases.chain(final.index)) else { return }
    guard let image = bases.images[final.index], let tag = image.pythonTag, tag.variant == .full,
      !tag.version.isEmpty
    else { return }
    let name = image.reference?.tag.map { "python:\($0)" } ?? "python"
    let version = tag.version.map(String.init).joined(separator: ".")
    report(
      image.tagRange,
      "`\(name)` is the full Debian image with compilers and headers; the final stage usually needs only "
        + "`python:\(version)-slim`")
  }
}
