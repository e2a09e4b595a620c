// The Python rules DF404-DF406 and DF408-DF412 as they were written before they became sequential rules
// (whole-file checks over the semantic model), kept to compare the sequential versions against.
import DockerfileSyntax

@testable import DockerfileAnalysis

/// DF404 before it became sequential.
struct LegacyPythonFullBaseImage: Rule {
  let descriptor = PythonFullBaseImage().descriptor

  func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard let final = model.finalStage else { return }
    let bases = StageBases(context.model)
    guard legacyIsApplicationImage(model, chain: bases.chain(final.index)) else { return }
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

/// DF405 before it became sequential.
struct LegacyPythonImageLatest: Rule {
  let descriptor = PythonImageLatest().descriptor

  func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    let bases = StageBases(context.model)
    for stage in model.stages {
      guard let image = bases.images[stage.index], image.rootStage == stage.index, let tag = image.pythonTag,
        let reference = image.reference, reference.digest == nil, tag.version.isEmpty
      else { continue }
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
      report(
        range,
        "`\(written)` follows the newest Python release, so a new minor version changes the build without notice; "
          + "name the version (for example `python:3.12\(suggestedSuffix(tag))`)")
    }
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

/// DF406 before it became sequential.
struct LegacyPythonFloatingTag: Rule {
  let descriptor = PythonFloatingTag().descriptor

  func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    let bases = StageBases(context.model)
    for stage in model.stages {
      guard let image = bases.images[stage.index], image.rootStage == stage.index, let tag = image.pythonTag,
        let reference = image.reference, reference.digest == nil, tag.version.count == 1, tag.variant != .windows
      else { continue }
      let written = "python:" + (reference.tag ?? "")
      let suffix = String((reference.tag ?? "").dropFirst(tag.versionLength))
      let example = tag.version[0] == 3 ? " (for example `python:3.12\(suffix)`)" : ""
      report(image.tagRange, "`\(written)` moves to each new minor Python release; name the minor version\(example)")
    }
  }
}

/// DF408 before it became sequential.
struct LegacyCompilerInFinalStage: Rule {
  let descriptor = CompilerInFinalStage().descriptor

  func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard let final = model.finalStage else { return }
    let bases = StageBases(context.model)
    let chain = bases.chain(final.index)
    guard legacyIsApplicationImage(model, chain: chain) else { return }
    let image = bases.images[final.index]
    if let image {
      if image.isWindows { return }
      if let repository = image.reference?.repository, repository.contains("devcontainers/") { return }
    }
    // Only Python images: a python base, or a stage chain that installs Python packages.
    let isPython =
      image.map { $0.isOfficialPython || $0.pythonVersion != nil } == true
      || chain.contains { stage in
        model.stages[stage].instructionIndices.contains { index in
          model.instructions[index].kind == .run
            && context.shellCommands(ofInstructionAt: index).contains { pythonInstall($0) != nil }
        }
      }
    guard isPython else { return }
    for stageIndex in chain.reversed() {
      for index in model.stages[stageIndex].instructionIndices where model.instructions[index].kind == .run {
        let commands = context.shellCommands(ofInstructionAt: index)
        for (position, command) in commands.enumerated() {
          guard let install = osPackageInstall(command) else { continue }
          let build = install.packages.filter { CompilerInFinalStage.isBuildPackage(packageName($0.stringValue)) }
          guard !build.isEmpty else { continue }
          let removed = removals(after: position, in: commands)
          if removed.unknown { continue }
          if let virtual = install.virtualName, removed.names.contains(virtual) { continue }
          let kept = build.filter { !removed.names.contains(packageName($0.stringValue)) }
          guard let blamed = kept.first else { continue }
          let names = kept.map { packageName($0.stringValue) }
          let list: String
          switch names.count {
          case 1: list = "`\(names[0])` stays"
          case 2: list = "`\(names[0])` and `\(names[1])` stay"
          default: list = "`\(names[0])`, `\(names[1])` and \(names.count - 2) more build packages stay"
          }
          report(
            blamed.range,
            "\(list) in the final image; compile in a builder stage and copy the result, or remove "
              + (names.count == 1 ? "it" : "them") + " in this RUN")
        }
      }
    }
  }

  /// The package names removed by commands after `position` in the same RUN; `unknown` when a removal names
  /// packages through variables or removes what `apt-mark` marked as automatic.
  func removals(after position: Int, in commands: [ShellCommand]) -> (names: Set<String>, unknown: Bool) {
    var names: Set<String> = []
    var unknown = false
    let marksAutomatic = commands.contains { $0.name == "apt-mark" }
    for command in commands[(position + 1)...] {
      guard let removal = osPackageRemoval(command) else { continue }
      if removal.hasUnknownNames { unknown = true }
      let autoRemoves = command.words.contains {
        let w = $0.stringValue
        return w == "autoremove" || w == "--auto-remove" || w == "--autoremove"
      }
      if autoRemoves && marksAutomatic { unknown = true }
      names.formUnion(removal.names)
    }
    return (names, unknown)
  }
}

/// DF409 before it became sequential.
struct LegacyCopiedPackagesMismatch: Rule {
  let descriptor = CopiedPackagesMismatch().descriptor

  func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard model.stages.count > 1 else { return }
    let bases = StageBases(context.model)
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
        var own = StagePackageDirectories(legacyStage: model.stages[s], context: context)
        if let parent = bases.parents[s], let inherited = merged[parent] {
          own.venvs.formUnion(inherited.venvs)
          own.populatedVenvs.formUnion(inherited.populatedVenvs)
          own.prefixes.formUnion(inherited.prefixes)
        }
        merged[s] = own
      }
      return merged[stage] ?? StagePackageDirectories(legacyStage: model.stages[stage], context: context)
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

/// DF410 before it became sequential.
struct LegacyVenvNotOnPath: Rule {
  let descriptor = VenvNotOnPath().descriptor

  func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard let final = model.finalStage else { return }
    let bases = StageBases(context.model)
    let chain = bases.chain(final.index)
    guard bases.images[final.index]?.hasStandardPath == true else { return }
    guard let program = legacyStartupProgram(model, chain: chain), !program.isPath else { return }
    let isInterpreter = isVersionedName(program.name, prefix: "python")
    let isScript = pythonConsoleScripts.contains(program.name)
    guard isInterpreter || isScript else { return }
    let end = model.instructions.count
    let variables = Variables(model)
    if let pythonPath = variables.value("PYTHONPATH", at: end), !pythonPath.isEmpty { return }
    guard let path = legacyEffectivePath(variables, at: end) else { return }
    func onPath(_ bin: String) -> Bool { path.contains(normalisedDirectory(bin)) }
    func anyOnPath(endingWith suffix: String) -> Bool { path.contains { $0.hasSuffix(suffix) } }

    var sourceDirectories: [Int: StagePackageDirectories] = [:]
    var createdVenvs: Set<String> = []
    for stageIndex in chain {
      createdVenvs.formUnion(StagePackageDirectories(legacyStage: model.stages[stageIndex], context: context).venvs)
    }
    for stageIndex in chain.reversed() {
      for index in model.stages[stageIndex].instructionIndices {
        let ins = model.instructions[index]
        if ins.kind == .copy, let copy = CopyInstruction(ins), let from = copy.from?.stringValue,
          let source = model.stage(named: from), let destination = copy.destination?.string,
          destination.hasPrefix("/"), !destination.contains("$")
        {
          if sourceDirectories[source.index] == nil {
            sourceDirectories[source.index] = StagePackageDirectories(legacyStage: source, context: context)
          }
          guard let directories = sourceDirectories[source.index] else { continue }
          for argument in copy.sources {
            let kind = packageDirectoryKind(argument.string, in: directories)
            let dir = normalisedDirectory(destination)
            if kind == .venv, !onPath(dir + "/bin") {
              report(argument.range, venvMessage(dir, program.name))
              return
            }
            if kind == .userBase, isScript, !onPath(dir + "/bin") {
              report(argument.range, userMessage(dir, program.name))
              return
            }
          }
        }
        guard ins.kind == .run else { continue }
        for command in context.shellCommands(ofInstructionAt: index) {
          guard let install = pythonInstall(command) else { continue }
          if install.tool == .uvSync {
            let environment = variables.value("UV_PROJECT_ENVIRONMENT", at: index)
            let covered =
              environment.map { $0.contains("$") || onPath(normalisedDirectory($0) + "/bin") }
              ?? anyOnPath(endingWith: ".venv/bin")
            if !covered {
              report(install.headRange, venvMessage(environment ?? ".venv", program.name))
              return
            }
          }
          if install.isUser, isScript, !anyOnPath(endingWith: ".local/bin"),
            variables.value("PYTHONUSERBASE", at: index) == nil, let flag = install.flag("--user")
          {
            report(flag.range, userMessage("~/.local", program.name))
            return
          }
          // A venv created in the chain and filled through its own bin/pip or bin/python.
          if let first = command.effectiveWords.first, first.isLiteral, install.tool == .pip {
            let text = first.stringValue
            if text.hasPrefix("/"), let slash = text.lastIndex(of: "/") {
              let bin = String(text[..<slash])
              let venv = String(bin.dropLast(4))
              if bin.hasSuffix("/bin"), createdVenvs.contains(venv), !onPath(bin) {
                report(first.range, venvMessage(venv, program.name))
                return
              }
            }
          }
        }
      }
    }
  }

  /// The message for a venv whose bin is not on PATH.
  func venvMessage(_ directory: String, _ program: String) -> String {
    let effect =
      isVersionedName(program, prefix: "python")
      ? "`\(program)` at start-up is the system interpreter, which does not see the venv's packages"
      : "`\(program)` at start-up is looked for outside the venv"
    return "the virtual environment \(directory) is not on PATH, so \(effect); add ENV PATH=\"\(directory)/bin:$PATH\""
  }

  /// The message for a user base whose bin is not on PATH.
  func userMessage(_ directory: String, _ program: String) -> String {
    "\(directory)/bin, where pip --user puts `\(program)`, is not on PATH; add it with ENV PATH or install into a "
      + "virtual environment"
  }
}

/// DF411 before it became sequential.
struct LegacyUserSiteUnreadable: Rule {
  let descriptor = UserSiteUnreadable().descriptor

  func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard let final = model.finalStage else { return }
    let bases = StageBases(context.model)
    let chain = Array(bases.chain(final.index).reversed())
    // The user the container runs as: the last USER in the chain.
    var finalUser: String?
    for stageIndex in chain {
      for index in model.stages[stageIndex].instructionIndices where model.instructions[index].kind == .user {
        finalUser = model.instructions[index].arguments.first?.string
      }
    }
    guard let runUser = finalUser.map(userName), !runUser.contains("$"), !isRoot(runUser) else { return }
    let variables = Variables(model)
    var current: String?
    var blamed: (range: Range<Int>, how: String)?
    for stageIndex in chain {
      for index in model.stages[stageIndex].instructionIndices {
        let ins = model.instructions[index]
        switch ins.kind {
        case .user:
          current = ins.arguments.first.map { userName($0.string) }
        case .copy, .add:
          guard blamed == nil, let copy = CopyInstruction(ins), let destination = copy.destination else { continue }
          let d = normalisedDirectory(destination.string)
          if d == "/root/.local" || d.hasPrefix("/root/.local/") {
            blamed = (destination.range, "are copied to \(d)")
          }
        case .run:
          for command in context.shellCommands(ofInstructionAt: index) {
            if command.name == "chmod" || command.name == "chown",
              command.words.dropFirst().contains(where: { $0.stringValue.hasPrefix("/root") })
            {
              return
            }
            guard blamed == nil, let install = pythonInstall(command), install.isUser,
              current.map(isRoot) ?? true, let flag = install.flag("--user")
            else { continue }
            if variables.value("PYTHONUSERBASE", at: index) != nil { continue }
            if let home = variables.value("HOME", at: index), home != "/root" { continue }
            blamed = (flag.range, "are installed as root into /root/.local")
          }
        default:
          continue
        }
      }
    }
    guard let blamed else { return }
    report(
      blamed.range,
      "packages \(blamed.how), but the image runs as `\(runUser)`, who cannot read /root; install them as that user "
        + "or into a virtual environment outside /root")
  }

  /// The user part of a USER value (`app:app` → `app`).
  func userName(_ value: String) -> String {
    let trimmed = String(value.drop { $0 == " " || $0 == "\t" })
    return trimmed.split(separator: ":", maxSplits: 1).first.map(String.init) ?? trimmed
  }

  /// Whether a user is root.
  func isRoot(_ user: String) -> Bool { user == "root" || user == "0" }
}

/// DF412 before it became sequential.
struct LegacyPythonEnvDefaults: Rule {
  let descriptor = PythonEnvDefaults().descriptor

  func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard let final = model.finalStage, let range = final.baseRange else { return }
    let bases = StageBases(context.model)
    guard legacyIsApplicationImage(model, chain: bases.chain(final.index)) else { return }
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

extension StagePackageDirectories {
  /// Reads one stage.
  init(legacyStage stage: Stage, context: RuleContext) {
    self.init()
    let model = context.model
    for index in stage.instructionIndices {
      let ins = model.instructions[index]
      if ins.kind == .env {
        for pair in ins.pairs {
          let key = String(decoding: pair.key, as: UTF8.self)
          guard key == "VIRTUAL_ENV" || key == "UV_PROJECT_ENVIRONMENT" else { continue }
          let value = unquoted(String(decoding: pair.value, as: UTF8.self))
          if value.hasPrefix("/"), !value.contains("$") { venvs.insert(normalisedDirectory(value)) }
        }
      }
      guard ins.kind == .run else { continue }
      for command in context.shellCommands(ofInstructionAt: index) {
        if let created = createdVenv(command) { venvs.insert(created) }
        if let install = pythonInstall(command) {
          for flag in ["--prefix", "--target", "--root", "-t"] {
            if let value = optionValue(flag, in: install), value.hasPrefix("/"), !value.contains("$") {
              prefixes.insert(normalisedDirectory(value))
            }
          }
          if let first = command.effectiveWords.first, first.isLiteral {
            let path = first.stringValue
            if path.hasPrefix("/"), let bin = path.lastIndex(of: "/") {
              let directory = String(path[..<bin])
              if directory.hasSuffix("/bin") { populatedVenvs.insert(String(directory.dropLast(4))) }
            }
          }
        }
      }
    }
  }
}

/// The ENTRYPOINT and the CMD in force at the end of a stage chain (the last of each kind), if any.
private func legacyStartupInstructions(_ model: SemanticModel, chain: [Int]) -> (
  entrypoint: Instruction?, cmd: Instruction?
) {
  var entrypoint: Instruction?
  var cmd: Instruction?
  for stageIndex in chain {
    for index in model.stages[stageIndex].instructionIndices.reversed() {
      let ins = model.instructions[index]
      if ins.kind == .entrypoint, entrypoint == nil { entrypoint = ins }
      if ins.kind == .cmd, cmd == nil { cmd = ins }
    }
  }
  return (entrypoint, cmd)
}

/// Which program a stage's container runs first: the ENTRYPOINT's program (init wrappers such as tini skipped),
/// else the CMD's; nil when there is none or it is not understood (a shell script with several commands).
func legacyStartupProgram(_ model: SemanticModel, chain: [Int]) -> (name: String, isPath: Bool)? {
  let (entrypoint, cmd) = legacyStartupInstructions(model, chain: chain)
  let wrappers: Set<String> = ["tini", "dumb-init", "tini-static", "catatonit"]
  var words: [String]
  if let entrypoint {
    guard var e = programWords(entrypoint) else { return nil }
    while let first = e.first, wrappers.contains(shellBasename(Array(first.utf8))) || first.hasPrefix("-") {
      e.removeFirst()
    }
    if !e.isEmpty {
      words = e
    } else if let cmd, let c = programWords(cmd) {
      words = c
    } else {
      return nil
    }
  } else if let cmd, let c = programWords(cmd) {
    words = c
  } else {
    return nil
  }
  guard let program = words.first, !program.isEmpty else { return nil }
  return (program, program.contains("/"))
}

/// The PATH directories in force at the end of a stage chain (ENV PATH expanded with earlier ENV/ARG values);
/// nil when PATH cannot be read exactly. Without ENV PATH, the python image's default PATH.
func legacyEffectivePath(_ variables: Variables, at index: Int, depth: Int = 0) -> [String]? {
  guard depth < 32 else { return nil }
  guard let definition = variables.definition("PATH", at: index) else {
    return ["/usr/local/bin", "/usr/local/sbin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
  }
  guard case .env(let env) = definition else { return nil }
  let raw = unquoted(env.value)
  var out = ""
  var chars = Substring(raw)
  while let c = chars.first {
    chars = chars.dropFirst()
    guard c == "$" else {
      out.append(c)
      continue
    }
    let (name, braced, _) = legacyReadVariableName(&chars)
    if braced && (name.contains(":") || name.contains("-")) { return nil }
    if name == "PATH" {
      guard let earlier = legacyEffectivePath(variables, at: env.instructionIndex, depth: depth + 1) else { return nil }
      out += earlier.joined(separator: ":")
      continue
    }
    guard let value = variables.value(name, at: env.instructionIndex), !value.contains("$") else {
      return nil
    }
    out += value
  }
  return out.split(separator: ":").map { normalisedDirectory(String($0)) }
}

/// Reads the variable name that follows a `$` from `chars`: `{NAME}` through its closing brace (`closed` says
/// whether there was one), or else a run of letters, digits and underscores (possibly empty).
private func legacyReadVariableName(_ chars: inout Substring) -> (name: String, braced: Bool, closed: Bool) {
  var name = ""
  guard chars.first == "{" else {
    while let d = chars.first, d.isLetter || d.isNumber || d == "_" {
      name.append(d)
      chars = chars.dropFirst()
    }
    return (name, false, false)
  }
  chars = chars.dropFirst()
  while let d = chars.first, d != "}" {
    name.append(d)
    chars = chars.dropFirst()
  }
  let closed = chars.first == "}"
  chars = chars.dropFirst()
  return (name, true, closed)
}

/// Whether a stage chain is an application image: it says how its container starts (CMD or ENTRYPOINT), and
/// that is not just an interactive shell, a bare interpreter or `sleep infinity`. Final stages that are not
/// (development containers, CI images, bases for other images) want their toolchains, and the rules about what
/// ships stay silent on them.
func legacyIsApplicationImage(_ model: SemanticModel, chain: [Int]) -> Bool {
  let (entrypoint, cmd) = legacyStartupInstructions(model, chain: chain)
  guard entrypoint != nil || cmd != nil else { return false }
  for ins in [entrypoint, cmd].compactMap({ $0 }) {
    guard let words = programWords(ins), let first = words.first else { continue }
    let name = shellBasename(Array(first.utf8))
    if name == "sleep" { return false }
    let isShell = ["sh", "bash", "zsh", "ash", "dash", "fish"].contains(name)
    if (isShell || isVersionedName(name, prefix: "python")) && words.count == 1 && ins.kind == .cmd
      && entrypoint == nil
    {
      return false
    }
  }
  return true
}

// The whole-file resolution of stage bases the legacy rules used (the rules now use StageTracker).
/// Every stage's base, computed once: the stage it builds on (through variables too) and the image at the top of
/// its chain of stages.
struct StageBases {
  /// Per stage: the earlier stage its FROM names, if any.
  var parents: [Int?]
  /// Per stage: the image its chain ends in; nil for `scratch`, unresolvable variables, or a missing image.
  var images: [StageImage?]

  /// Resolves every stage of `model`.
  init(_ model: SemanticModel) {
    var parents: [Int?] = []
    var images: [StageImage?] = []
    var stageByName: [String: Int] = [:]
    for stage in model.stages {
      defer { if let name = stage.name { stageByName[name.lowercased()] = stage.index } }
      var parent: Int?
      var image: StageImage?
      switch stage.base {
      case .stage(let p):
        parent = p
      case .image(let text):
        if let expanded = expandGlobalArgs(text, model: model) {
          let lower = expanded.lowercased()
          if let p = stageByName[lower] {
            parent = p
          } else if lower != "scratch", let range = stage.baseRange {
            let reference = try? parseImageReference(expanded).get()
            let from = model.instructions[stage.fromIndex]
            let argument = FromInstruction(from)?.image
            let verbatim =
              expanded == text && argument?.kind == .word && argument.map { $0.range.count == $0.value.count } == true
            image = StageImage(
              rootStage: stage.index, text: expanded, reference: reference, argumentRange: range, isVerbatim: verbatim)
          }
        }
      case .scratch, .missing:
        break
      }
      parents.append(parent)
      if let parent, parent < images.count {
        image = images[parent]
      }
      images.append(image)
    }
    self.parents = parents.enumerated().map { index, parent in parent.flatMap { $0 < index ? $0 : nil } }
    self.images = images
  }

  /// The stage and the stages it builds on, the stage itself first (parents always come earlier, so the walk
  /// ends).
  func chain(_ stage: Int) -> [Int] {
    var out = [stage]
    var current = parents[stage]
    while let p = current {
      out.append(p)
      current = parents[p]
    }
    return out
  }
}

/// Substitutes global ARG defaults in a FROM argument; nil when some variable has no known value.
func expandGlobalArgs(_ text: String, model: SemanticModel) -> String? {
  expandGlobalArgs(text, escape: model.tree.escape) { name -> String?? in
    guard let declaration = model.globalArgs.last(where: { $0.name == name }) else { return nil }
    return .some(declaration.defaultValue)
  }
}
