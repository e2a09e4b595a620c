// hadolint's view of a shell command, for rules that answer to a DL code and must agree with hadolint:
// the name is the first word as written (wrappers such as `sudo` are not looked through), the arguments
// are the other words with quotes removed, and flags are read the way hadolint reads them (`-abc` is
// the flags a, b and c; `--name=value` is the flag name; `-` and `--` are not flags). The one
// implementation of hadolint's flag helpers, shared by the package-manager and shell-command families.
import DockerfileSyntax

extension ShellCommand {
  /// The command's arguments (every word after the first).
  var arguments: ArraySlice<ShellWord> { words.dropFirst() }

  /// Whether some argument equals one of `values` exactly (an "any of" test).
  func hasArgument(_ values: Set<String>) -> Bool {
    arguments.contains { values.contains($0.stringValue) }
  }

  /// Whether some argument equals `value` exactly.
  func hasArgument(_ value: String) -> Bool {
    arguments.contains { $0.stringValue == value }
  }

  /// The flags as hadolint reads them, one entry per letter of a short group, in order.
  var flagNames: [String] { arguments.flatMap(Self.flagNames(of:)) }

  /// Whether one of `names` is among the flags.
  func hasAnyFlag(_ names: Set<String>) -> Bool { flagNames.contains { names.contains($0) } }

  /// How often `name` appears among the flags (`-qq` counts `q` twice).
  func flagCount(_ name: String) -> Int { flagNames.reduce(0) { $0 + ($1 == name ? 1 : 0) } }

  /// Whether a word is a flag word for hadolint: it starts with `-` and is neither `-` nor `--`.
  static func isFlagWord(_ word: ShellWord) -> Bool {
    let value = word.value
    guard value.first == UInt8(ascii: "-") else { return false }
    return !(value.count == 1 || (value.count == 2 && value[1] == UInt8(ascii: "-")))
  }

  /// The flag names of a word: `--name=value` gives `name`, `-abc` gives `a`, `b` and `c`, anything that is not
  /// a flag word gives none.
  static func flagNames(of word: ShellWord) -> [String] {
    guard isFlagWord(word) else { return [] }
    let text = word.stringValue
    if text.hasPrefix("--") { return [String(text.dropFirst(2).prefix { $0 != "=" })] }
    return text.dropFirst().map { String($0) }
  }

  /// hadolint's `getArgsNoFlags` after `dropFlagArg(valueFlags)`: the arguments that are not flag words, without
  /// the word that follows a flag word naming one of `valueFlags` (`-t x`, `--target-release x`, also inside a
  /// short group such as `-yt x`) unless that flag word contains `=`. A dropped flag word still drops the word
  /// after it when it names one of `valueFlags` too. `-` and `--` are kept, as hadolint keeps them.
  func argumentsWithoutFlags(droppingValuesOf valueFlags: Set<String> = []) -> [ShellWord] {
    var out: [ShellWord] = []
    var dropNext = false
    for word in arguments {
      let dropped = dropNext
      dropNext = false
      if Self.isFlagWord(word) {
        if !valueFlags.isEmpty, !word.value.contains(UInt8(ascii: "=")),
          Self.flagNames(of: word).contains(where: valueFlags.contains)
        {
          dropNext = true
        }
        continue
      }
      if !dropped { out.append(word) }
    }
    return out
  }

  /// hadolint's `getFlagArg`: the word after each flag word that names `flag` (`-u 1000`, `-ou 1000`).
  func flagValues(_ flag: String) -> [ShellWord] {
    var out: [ShellWord] = []
    var previous: ShellWord?
    for word in arguments {
      if let previous, Self.flagNames(of: previous).contains(flag) { out.append(word) }
      previous = word
    }
    return out
  }
}

extension Instruction {
  /// Whether this RUN has a `--mount=type=cache` or `type=tmpfs` whose target contains `fragment`
  /// (hadolint's exception for rules about package caches).
  func hasCacheMount(targetContaining fragment: String) -> Bool {
    guard let run = RunInstruction(self) else { return false }
    return run.mounts.contains { mount in
      guard mount.type == "cache" || mount.type == "tmpfs" else { return false }
      let target = (mount.option("target") ?? mount.option("dst") ?? mount.option("destination"))?.value ?? ""
      return target.contains(fragment)
    }
  }
}
