// DF401 pip-no-cache-dir (alias DL3042).
//
// pip keeps every wheel it downloads or builds in its cache (`~/.cache/pip`). In an image that cache is dead
// weight: it is written into the layer of the RUN that installed the packages, and no later layer can remove
// it. `--no-cache-dir` (or `PIP_NO_CACHE_DIR` in the environment) stops pip from writing it; a BuildKit cache
// mount on pip's cache keeps it between builds without putting it in the image, which is better still.
// `uv pip install` takes `--no-cache` (or `UV_NO_CACHE`).
import DockerfileSyntax

/// Reports `pip install` in a RUN that leaves pip's cache in the image.
public struct PipNoCacheDir: Rule {
  /// Creates the rule.
  public init() {}

  /// DF401.
  public let descriptor = RuleDescriptor(
    code: "DF401", name: "pip-no-cache-dir", aliases: ["DL3042"], severity: .warning, category: .python,
    summary: "pip install without --no-cache-dir leaves pip's cache in the image layer",
    documentation: RuleDocumentation(
      why: """
        pip caches every wheel it downloads or builds under ~/.cache/pip. In an image, that cache is written \
        into the layer of the RUN that installed the packages, where it only adds size: no later layer can \
        remove it. Pass --no-cache-dir (or set PIP_NO_CACHE_DIR=1), or better, mount a BuildKit cache on \
        pip's cache directory so that rebuilds reuse it without it entering the image. For `uv pip install` \
        the flag is --no-cache (or UV_NO_CACHE=1).
        """,
      bad: "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
      good: """
        FROM python:3.12-slim
        COPY requirements.txt .
        RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
        # or: RUN pip install --no-cache-dir -r requirements.txt

        """))

  /// Environment variables that turn pip's cache off, for pip and for uv.
  static let pipVariable = "PIP_NO_CACHE_DIR"
  static let uvVariable = "UV_NO_CACHE"

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    for (index, ins) in model.instructions.enumerated() where ins.kind == .run {
      let commands = context.shellCommands(ofInstructionAt: index)
      guard !commands.isEmpty else { continue }
      if hasCacheMount(ins) { continue }
      for command in commands {
        guard let install = pipInstall(command) else { continue }
        let variable = install.isUV ? Self.uvVariable : Self.pipVariable
        if isTruthy(model.definition(of: variable, visibleAt: index)) { continue }
        if command.assignments.contains(where: { $0.stringValue.hasPrefix(variable + "=") }) { continue }
        if install.isUV ? command.hasFlag("--no-cache") || command.hasFlag("-n") : hasNoCacheDir(command) { continue }
        let flag = install.isUV ? "--no-cache" : "--no-cache-dir"
        report(
          install.range,
          "`\(install.text)` without \(flag) leaves the package cache in this layer; add \(flag) or mount a cache")
      }
    }
  }

  /// Whether pip reads `--no-cache-dir` in the command: pip's option parser also takes any unambiguous prefix
  /// (`--no-cache`, `--no-ca`), with or without `=value`.
  func hasNoCacheDir(_ command: ShellCommand) -> Bool {
    command.effectiveWords.contains { word in
      let flag = word.stringValue.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
      return flag.count >= "--no-ca".count && "--no-cache-dir".hasPrefix(flag)
    }
  }

  /// The `pip install` words of a command (`pip`, `pip3`, `pip3.12`, `python -m pip`, `uv pip`), if it is one.
  func pipInstall(_ command: ShellCommand) -> (range: Range<Int>, text: String, isUV: Bool)? {
    let words = Array(command.effectiveWords)
    guard let first = words.first, first.isLiteral else { return nil }
    let name = String(first.stringValue.split(separator: "/").last ?? "")
    var i = 1
    var isUV = false
    if name == "pip" || (name.hasPrefix("pip") && name.dropFirst(3).allSatisfy { $0.isNumber || $0 == "." }) {
      // pip, pip3, pip3.12
    } else if name.hasPrefix("python") && name.dropFirst(6).allSatisfy({ $0.isNumber || $0 == "." }) {
      // python -m pip, python3.12 -m pip (options before -m are skipped)
      while i < words.count && words[i].stringValue.hasPrefix("-") && words[i].stringValue != "-m" { i += 1 }
      guard i + 1 < words.count, words[i].stringValue == "-m", words[i + 1].stringValue == "pip" else { return nil }
      i += 2
    } else if name == "uv", words.count > 1, words[1].stringValue == "pip" {
      isUV = true
      i = 2
    } else {
      return nil
    }
    // Global options may come before the subcommand (`pip -q install`).
    while i < words.count && words[i].stringValue.hasPrefix("-") { i += 1 }
    guard i < words.count, words[i].stringValue == "install" else { return nil }
    let range = first.range.lowerBound..<words[i].range.upperBound
    let text = words[0...i].map(\.stringValue).joined(separator: " ")
    return (range, text, isUV)
  }

  /// Whether the RUN mounts a cache on pip's (or uv's) cache directory.
  func hasCacheMount(_ ins: Instruction) -> Bool {
    guard let run = RunInstruction(ins) else { return false }
    return run.mounts.contains { mount in
      guard mount.type == "cache",
        let target = (mount.option("target") ?? mount.option("dst") ?? mount.option("destination"))?.value
      else { return false }
      return target.hasSuffix(".cache/pip") || target.hasSuffix(".cache/uv") || target.hasSuffix(".cache")
        || target.hasSuffix(".cache/pip/") || target.hasSuffix(".cache/uv/")
    }
  }

  /// Whether an ENV or ARG value turns a `*_NO_CACHE*` switch on (pip reads any value but 0/false/no/off as on).
  func isTruthy(_ definition: VariableDefinition?) -> Bool {
    guard let definition else { return false }
    let raw: String
    switch definition {
    case .env(let e): raw = e.value
    case .arg(let a):
      guard let v = a.defaultValue else { return false }
      raw = v
    }
    let value = raw.trimmingQuotes.lowercased()
    return !value.isEmpty && !["0", "false", "no", "off"].contains(value)
  }
}

extension String {
  /// The string without one pair of surrounding double or single quotes.
  var trimmingQuotes: String {
    if count >= 2, let f = first, f == "\"" || f == "'", last == f { return String(dropFirst().dropLast()) }
    return self
  }
}
