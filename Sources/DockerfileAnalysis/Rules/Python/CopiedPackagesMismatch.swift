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
public struct CopiedPackagesMismatch: Rule {
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

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard model.stages.count > 1 else { return }
    let bases = context.stageBases
    // Per stage, the package directories of its chain, merged once (a stage's own plus its parent's).
    var merged: [Int: StagePackageDirectories] = [:]
    func directoriesOfChain(_ stage: Int) -> StagePackageDirectories {
      // The stages not merged yet, from `stage` up its chain, then merged from the top down (no recursion, since
      // chains can be thousands of stages long).
      var pending: [Int] = []
      var current: Int? = stage
      while let s = current, merged[s] == nil {
        pending.append(s)
        current = bases.parents[s]
      }
      for s in pending.reversed() {
        var own = StagePackageDirectories(stage: model.stages[s], context: context)
        if let parent = bases.parents[s], let inherited = merged[parent] {
          own.venvs.formUnion(inherited.venvs)
          own.populatedVenvs.formUnion(inherited.populatedVenvs)
          own.prefixes.formUnion(inherited.prefixes)
        }
        merged[s] = own
      }
      return merged[stage] ?? StagePackageDirectories(stage: model.stages[stage], context: context)
    }
    for stage in model.stages {
      guard let destination = bases.images[stage.index] else { continue }
      let destinationVersion = destination.pythonVersion
      let destinationLibc = destination.libc
      guard destinationVersion != nil || destinationLibc != nil else { continue }
      for index in stage.instructionIndices where model.instructions[index].kind == .copy {
        guard let copy = CopyInstruction(model.instructions[index]), let from = copy.from?.stringValue,
          let source = model.stage(named: from), source.index < stage.index
        else { continue }
        let sourceImage = bases.images[source.index]
        let sourceDirectories = directoriesOfChain(source.index)
        for argument in copy.sources {
          let path = argument.string
          guard packageDirectoryKind(path, in: sourceDirectories) != nil else { continue }
          let name = source.name.map { "stage `\($0)`" } ?? "stage \(source.index)"
          let sourceVersion = sourceImage?.pythonVersion ?? embeddedPythonVersion(path)
          if let sourceVersion, let destinationVersion, sourceVersion != destinationVersion {
            report(
              argument.range,
              "`\(path)` holds packages installed by Python \(sourceVersion.label) in \(name), but this stage runs "
                + "Python \(destinationVersion.label); build them on the same Python version")
          } else if let sourceLibc = sourceImage?.libc, let destinationLibc, sourceLibc != destinationLibc {
            report(
              argument.range,
              "`\(path)` holds packages built against \(sourceLibc.label) in \(name), but this stage uses "
                + "\(destinationLibc.label); compiled extensions will not load")
          }
        }
      }
    }
  }
}
