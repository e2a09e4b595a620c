// DF407 alpine-compiled-wheels.
//
// Alpine uses musl instead of glibc, and the manylinux wheels that most binary packages publish on PyPI are built
// for glibc, so pip on Alpine can only use musllinux wheels (PEP 656). A package without one is compiled from its
// source distribution: that needs a compiler and headers in the image, takes minutes (grpcio: tens of minutes),
// and for some packages fails outright. A Debian `-slim` base installs the manylinux wheels as they are.
//
// Two things are reported in a stage whose Python runs on musl (a `python:*-alpine` image, or `alpine` with
// Python from apk): a `pip install` of a package that has no musllinux wheel on PyPI, and the first compiler
// package of an `apk add` in a stage that installs Python packages (the compiler is there to build wheels).
//
// The package table is deliberately short. Many packages that once had to be compiled on Alpine publish musllinux
// wheels today (numpy since 1.25, Pillow since 9.1, cryptography, lxml, orjson, pandas, scipy, uvloop,
// pydantic-core, psycopg2-binary among them); those are reported only when pinned to a release older than their
// first musllinux wheel, where that release is known. psycopg2 and mysqlclient ship only source distributions on
// every Linux, so they need a compiler on Debian too and are not an Alpine problem.
import DockerfileSyntax

/// Reports Python packages that must be compiled on Alpine, and compilers installed to compile them.
public struct AlpineCompiledWheels: Rule {
  /// Creates the rule.
  public init() {}

  /// DF407.
  public let descriptor = RuleDescriptor(
    code: "DF407", name: "alpine-compiled-wheels", aliases: [], severity: .warning, category: .python,
    summary: "Python packages are compiled from source on Alpine because PyPI's glibc wheels do not fit musl",
    documentation: RuleDocumentation(
      why: """
        Alpine's C library is musl, and the manylinux wheels most binary packages publish are built for glibc, so on \
        Alpine pip can only use musllinux wheels. Packages without one (pyarrow, torch, opencv-python, numba) are \
        compiled from source, which needs gcc and headers, takes a long time and often fails. Installing a compiler \
        with apk to get there is the usual sign. A Debian -slim base installs the prebuilt wheels instead.
        """,
      bad: """
        FROM python:3.12-alpine
        RUN apk add --no-cache build-base
        RUN pip install --no-cache-dir pyarrow==17.0.0

        """,
      good: """
        FROM python:3.12-slim
        ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
        RUN pip install --no-cache-dir pyarrow==17.0.0
        USER nobody
        CMD ["python", "-c", "import pyarrow"]

        """))

  /// Packages with no musllinux wheel on PyPI (as of 2025), by normalised name.
  static let withoutMuslWheels: Set<String> = [
    "pyarrow", "torch", "tensorflow", "tensorflow-cpu", "opencv-python", "opencv-python-headless",
    "opencv-contrib-python", "opencv-contrib-python-headless", "numba", "llvmlite", "onnxruntime", "jaxlib",
  ]

  /// Packages whose musllinux wheels start at a known release: older pinned releases are compiled.
  static let muslWheelsSince: [String: [Int]] = ["numpy": [1, 25, 0], "pillow": [9, 1, 0]]

  /// apk packages that are compilers or bring one.
  static let compilers: Set<String> = ["build-base", "gcc", "g++", "clang", "gfortran", "musl-dev", "rust", "cargo"]

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard !model.stages.isEmpty else { return }
    let bases = context.stageBases
    // Per stage: whether it installs Python from apk, and whether it installs Python packages.
    var apkPython = Array(repeating: false, count: model.stages.count)
    var pythonInstalls = Array(repeating: false, count: model.stages.count)
    for stage in model.stages {
      for index in stage.instructionIndices where model.instructions[index].kind == .run {
        for command in context.shellCommands(ofInstructionAt: index) {
          if let install = osPackageInstall(command), install.manager == .apk,
            install.packages.contains(where: { isAlpinePython(packageName($0.stringValue)) })
          {
            apkPython[stage.index] = true
          }
          if pythonInstall(command) != nil { pythonInstalls[stage.index] = true }
        }
      }
    }
    // Carried down each chain of stages: a stage inherits what its parent (already visited) has.
    for stage in model.stages {
      guard let parent = bases.parents[stage.index] else { continue }
      apkPython[stage.index] = apkPython[stage.index] || apkPython[parent]
      pythonInstalls[stage.index] = pythonInstalls[stage.index] || pythonInstalls[parent]
    }
    for stage in model.stages {
      guard let image = bases.images[stage.index], image.libc == .musl else { continue }
      guard image.isOfficialPython || apkPython[stage.index] else { continue }
      let buildsPackages = pythonInstalls[stage.index]
      var reportedCompiler = false
      for index in stage.instructionIndices {
        let kind = model.instructions[index].kind
        guard kind == .run || kind == .onbuild else { continue }
        for command in context.shellCommands(ofInstructionAt: index) {
          if let install = pythonInstall(command), install.tool == .pip || install.tool == .uvPip {
            for operand in install.operands {
              guard let name = requirementName(operand), needsCompiling(name, operand) else { continue }
              report(
                operand.range,
                "`\(name)` has no musllinux wheel\(pinnedNote(name, operand)), so on Alpine pip compiles it from "
                  + "source (slow, needs a compiler, may fail); a Debian -slim base installs the prebuilt wheel")
            }
          }
          if buildsPackages, !reportedCompiler, kind == .run, let install = osPackageInstall(command),
            install.manager == .apk,
            let compiler = install.packages.first(where: { Self.compilers.contains(packageName($0.stringValue)) })
          {
            reportedCompiler = true
            report(
              compiler.range,
              "`\(packageName(compiler.stringValue))` is installed to compile Python packages on Alpine, where PyPI's "
                + "glibc (manylinux) wheels cannot be used; a Debian -slim base installs prebuilt wheels without "
                + "a compiler")
          }
        }
      }
    }
  }

  /// Whether the package must be compiled on musl at the requested version.
  func needsCompiling(_ name: String, _ operand: ShellWord) -> Bool {
    if Self.withoutMuslWheels.contains(name) { return true }
    guard let since = Self.muslWheelsSince[name], let pinned = pinnedVersion(operand) else { return false }
    return pinned.lexicographicallyPrecedes(since)
  }

  /// `" before 1.25.0"` for packages whose musl wheels start at a known release.
  func pinnedNote(_ name: String, _ operand: ShellWord) -> String {
    guard let since = Self.muslWheelsSince[name] else { return "" }
    return " before \(since.map(String.init).joined(separator: "."))"
  }

  /// Whether an apk package is Python itself.
  func isAlpinePython(_ name: String) -> Bool {
    name == "python3" || name == "python3-dev" || name == "py3-pip" || name == "python2" || name == "python"
  }
}
