// How the package-manager rules (DF601-DF616) read a RUN the way hadolint does: which commands count (those of a
// RUN, or of the RUN directly under ONBUILD; never those inside a `sh -c '...'` string), which words are packages
// (hadolint's "arguments without flags", after dropping the values of options that take one: `argumentsWithoutFlags`
// in HadolintShell.swift), and which words a finding points at.
import DockerfileSyntax

extension InstructionFacts {
  /// The commands hadolint checks: those of a RUN, or of the RUN directly under one ONBUILD (hadolint unwraps a
  /// single ONBUILD), without the commands found inside `sh -c '...'` strings, which hadolint does not parse.
  var packageCommands: LazyFilterCollection<[ShellCommand]> {
    let checked = isPackageRun(instruction) ? commands : []
    return checked.lazy.filter { !$0.isInScriptArgument }
  }
}

/// Whether hadolint checks the commands of `ins`: a RUN, or an ONBUILD whose trigger is a RUN.
func isPackageRun(_ ins: Instruction) -> Bool {
  ins.kind == .run || (ins.kind == .onbuild && ins.child?.kind == .run)
}

extension ShellCommand {
  /// hadolint's `cmdHasArgs`: the command is named `name` (its first word as written) and some argument equals
  /// one of `values`.
  func isNamed(_ name: String, withAnyArgument values: Set<String>) -> Bool {
    isNamed(name) && hasArgument(values)
  }

  /// Whether the command's name (its first word, when literal) is `name`, compared without building a String.
  func isNamed(_ name: String) -> Bool {
    guard let first = words.first, first.isLiteral else { return false }
    return first.value.elementsEqual(name.utf8)
  }

  /// The range from the command's first word through its first argument equal to one of `values` (the
  /// `apt-get -y install` words); just the first word when no argument matches.
  func wordsRange(through values: Set<String>) -> Range<Int> {
    guard let first = words.first else { return range }
    let last = arguments.first { values.contains($0.stringValue) } ?? first
    return first.range.lowerBound..<max(first.range.upperBound, last.range.upperBound)
  }
}

extension ShellCommand {
  /// The command's name and its first argument equal to one of `values`, for messages (`dnf install`).
  func invocation(through values: Set<String>) -> String {
    let name = words.first?.stringValue ?? ""
    guard let sub = arguments.first(where: { values.contains($0.stringValue) }) else { return name }
    return name + " " + sub.stringValue
  }
}

/// The offending words for a message: each in backticks, at most `limit` of them, then how many more.
func packageList(_ words: [ShellWord], limit: Int = 5) -> String {
  var seen: Set<String> = []
  var names: [String] = []
  for word in words where seen.insert(word.stringValue).inserted { names.append(word.stringValue) }
  let shown = names.prefix(limit).map { "`\($0)`" }.joined(separator: ", ")
  return names.count > limit ? "\(shown) and \(names.count - limit) more" : shown
}

/// What the stateful rules (DF602, DF610, DF616) see of one instruction in one of hadolint's two passes: the
/// main pass sees top-level instructions, the ONBUILD pass sees the instruction inside each ONBUILD (and nothing
/// else, so no FROM, ENV or ARG outside ONBUILD reaches it).
enum PackagePass: CaseIterable {
  case main, onbuild

  /// The instruction this pass sees at `ins`, if any.
  func view(of ins: Instruction) -> Instruction? {
    switch self {
    case .main: ins.kind == .onbuild ? nil : ins
    case .onbuild: ins.kind == .onbuild ? ins.child : nil
    }
  }
}

/// The image name of a FROM reference as hadolint's parser reads it: without a registry (a leading part that
/// has a `.` followed, later, by a `/`), a tag or a digest; `${...}` is opaque.
func hadolintImageName(_ reference: String) -> String {
  var rest = Substring(reference)
  // Registry: text up to a `.`, then text up to a `/`, both non-empty.
  if let dot = rest.firstIndex(of: "."), dot > rest.startIndex {
    let afterDot = rest.index(after: dot)
    if let slash = rest[afterDot...].firstIndex(of: "/"), slash > afterDot {
      rest = rest[rest.index(after: slash)...]
    }
  }
  var name = ""
  var depth = 0
  var previous: Character = " "
  for c in rest {
    if depth == 0 && (c == ":" || c == "@") { break }
    if c == "{" && (previous == "$" || depth > 0) {
      depth += 1
    } else if c == "}" && depth > 0 {
      depth -= 1
    }
    name.append(c)
    previous = c
  }
  return name
}
