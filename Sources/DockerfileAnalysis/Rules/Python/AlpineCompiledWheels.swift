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
public struct AlpineCompiledWheels: SequentialRule {
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

  /// What the rule remembers: the stages, and per stage (by ordinal) whether it or a stage it builds on installs
  /// Python from apk or installs Python packages; whether the current stage's first compiler was seen.
  public struct State: Equatable, Sendable {
    var stages = StageTracker()
    var apkPython: [Bool] = []
    var pythonInstalls: [Bool] = []
    var sawCompiler = false
  }

  /// A finding decided once the whole stage is read: a package operand when the stage's Python may come from apk
  /// later, or the stage's first compiler, which counts when the stage installs Python packages.
  public struct CandidateKey: Hashable, Sendable {
    var stage: Int
    var isCompiler: Bool
    var message: String
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .arg, .run, .onbuild] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<CandidateKey>
  ) {
    let ins = facts.instruction
    switch ins.kind {
    case .from:
      state.stages.step(ins)
      // A stage inherits what its parent (complete by now) has.
      let parent = state.stages.parents[state.stages.count - 1]
      state.apkPython.append(parent.map { state.apkPython[$0] } ?? false)
      state.pythonInstalls.append(parent.map { state.pythonInstalls[$0] } ?? false)
      state.sawCompiler = false
      return
    case .arg:
      state.stages.step(ins)
      return
    case .run, .onbuild:
      break
    default:
      return
    }
    guard let stage = state.stages.current else { return }
    let isRun = ins.kind == .run
    if isRun {
      for k in facts.commands.indices {
        if let install = facts.osPackageInstall(at: k), install.manager == .apk,
          install.packages.contains(where: { isAlpinePython(packageName($0.stringValue)) })
        {
          state.apkPython[stage] = true
        }
        if facts.pythonInstall(at: k) != nil { state.pythonInstalls[stage] = true }
      }
    }
    guard let image = state.stages.images[stage], image.libc == .musl else { return }
    // Whether the stage's Python is known to run on musl now; else apk may still install it later in the stage.
    let pythonKnown = image.isOfficialPython || state.apkPython[stage]
    for k in facts.commands.indices {
      if let install = facts.pythonInstall(at: k), install.tool == .pip || install.tool == .uvPip {
        for operand in install.operands {
          guard let name = requirementName(operand), needsCompiling(name, operand) else { continue }
          let message =
            "`\(name)` has no musllinux wheel\(pinnedNote(name, operand)), so on Alpine pip compiles it from "
            + "source (slow, needs a compiler, may fail); a Debian -slim base installs the prebuilt wheel"
          if pythonKnown {
            out.report(operand.range, message)
          } else {
            out.candidate(operand.range, key: CandidateKey(stage: stage, isCompiler: false, message: message))
          }
        }
      }
      if !state.sawCompiler, isRun, let install = facts.osPackageInstall(at: k), install.manager == .apk,
        let compiler = install.packages.first(where: { Self.compilers.contains(packageName($0.stringValue)) })
      {
        state.sawCompiler = true
        let message =
          "`\(packageName(compiler.stringValue))` is installed to compile Python packages on Alpine, where PyPI's "
          + "glibc (manylinux) wheels cannot be used; a Debian -slim base installs prebuilt wheels without a compiler"
        out.candidate(compiler.range, key: CandidateKey(stage: stage, isCompiler: true, message: message))
      }
    }
  }

  public func resolve(_ key: CandidateKey, _ state: State) -> String? {
    guard key.stage < state.apkPython.count, let image = state.stages.images[key.stage] else { return nil }
    guard image.isOfficialPython || state.apkPython[key.stage] else { return nil }
    if key.isCompiler && !state.pythonInstalls[key.stage] { return nil }
    return key.message
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
