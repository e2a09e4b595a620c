// hadolint's view of a shell command, for rules that answer to a DL code and must agree with hadolint:
// the name is the first word as written (wrappers such as `sudo` are not looked through), the arguments
// are the other words with quotes removed, and flags are read the way hadolint reads them (`-abc` is
// the flags a, b and c; `--name=value` is the flag name; `-` and `--` are not flags).
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
  var flagNames: [String] {
    var out: [String] = []
    for word in arguments {
      let v = word.stringValue
      if v == "-" || v == "--" { continue }
      if v.hasPrefix("--") {
        out.append(String(v.dropFirst(2).prefix { $0 != "=" }))
      } else if v.hasPrefix("-") {
        for c in v.dropFirst() { out.append(String(c)) }
      }
    }
    return out
  }

  /// Whether one of `names` is among the flags.
  func hasAnyFlag(_ names: Set<String>) -> Bool { flagNames.contains { names.contains($0) } }

  /// How often `name` appears among the flags (`-qq` counts `q` twice).
  func flagCount(_ name: String) -> Int { flagNames.reduce(0) { $0 + ($1 == name ? 1 : 0) } }

  /// The arguments that are not flag words, after removing the word that follows each flag in
  /// `valueFlags` (written `-t value` or `--target value`; `--target=value` carries its own value).
  func argumentsWithoutFlags(droppingValuesOf valueFlags: Set<String> = []) -> [ShellWord] {
    var out: [ShellWord] = []
    var skipNext = false
    for word in arguments {
      if skipNext {
        skipNext = false
        continue
      }
      let v = word.stringValue
      if v.hasPrefix("-") {
        if !v.contains("=") {
          let name = v.hasPrefix("--") ? String(v.dropFirst(2)) : String(v.dropFirst())
          if valueFlags.contains(name) { skipNext = true }
        }
        continue
      }
      out.append(word)
    }
    return out
  }

  /// The word after the first occurrence of flag word `-x` / `--name` (hadolint's `flagArg`).
  func flagArgument(_ name: String) -> ShellWord? {
    let written = name.count == 1 ? "-" + name : "--" + name
    var iterator = arguments.makeIterator()
    while let word = iterator.next() {
      if word.stringValue == written { return iterator.next() }
    }
    return nil
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
