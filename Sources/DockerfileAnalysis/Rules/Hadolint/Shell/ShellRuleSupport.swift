// How the shell-command family reads RUN instructions the way hadolint does, beyond HadolintShell.swift:
// which RUNs a rule sees (top-level ones, and for rules hadolint also runs over ONBUILD triggers, a RUN
// directly under one ONBUILD), ShellCheck's command names (`command x`, `exec x`, `busybox x` name `x`),
// hadolint's text for expansions, the byte of a pipe operator, and an image's name. Flags and their values are
// read with HadolintShell.swift's `argumentsWithoutFlags` and `flagValues`.
import DockerfileSyntax

/// Helpers shared by the rules of the shell-command family.
enum ShellRuleSupport {
  /// The commands of the RUN hadolint checks for `facts`: a top-level RUN, or (when `onbuild`) the RUN directly
  /// under one ONBUILD. Commands inside `sh -c '...'` operands are left out, as hadolint does not parse them.
  /// Nil when the instruction is not such a RUN.
  static func runCommands(_ facts: InstructionFacts, onbuild: Bool) -> [ShellCommand]? {
    switch facts.instruction.kind {
    case .run:
      return facts.commands.filter { !$0.isInScriptArgument }
    case .onbuild where onbuild && facts.effective.depth == 1 && facts.effective.kind == .run:
      return facts.commands.filter { !$0.isInScriptArgument }
    default:
      return nil
    }
  }

  /// The instruction hadolint's ONBUILD pass sees for a top-level instruction: the one directly under an
  /// ONBUILD, or nil for anything else.
  static func onbuildTrigger(_ ins: Instruction) -> Instruction? {
    ins.kind == .onbuild ? ins.child : nil
  }

  /// The command's name as ShellCheck reads it, and the index of the word that holds it: the first word when it
  /// is literal, except that `busybox x`, `builtin x`, `command x`, `run x` and `exec [-cl] [-a name] x` name
  /// `x` (when `x` is literal; the wrapper itself when nothing or a flag follows). Nil when the name is not
  /// literal (`$X y`) or the command has no words (`A=b`).
  static func name(_ command: ShellCommand) -> (name: String, index: Int)? {
    let words = command.words
    guard let first = words.first, first.isLiteral else { return nil }
    let wrapper = first.stringValue
    var target: Int?
    switch wrapper {
    case "busybox", "builtin", "command", "run":
      if words.count > 1, words[1].value.first != UInt8(ascii: "-") { target = 1 }
    case "exec":
      target = execTarget(words)
    default:
      break
    }
    guard let target else { return (wrapper, 0) }
    guard words[target].isLiteral else { return nil }
    return (words[target].stringValue, target)
  }

  /// The index of the command `exec` runs, reading its options `-c`, `-l` and `-a name` as ShellCheck does;
  /// nil when there is none or an option is not one of these.
  private static func execTarget(_ words: [ShellWord]) -> Int? {
    var index = 1
    while index < words.count {
      let value = words[index].value
      if value == Array("--".utf8) { return index + 1 < words.count ? index + 1 : nil }
      guard value.count > 1, value[0] == UInt8(ascii: "-") else { return index }
      var letter = 1
      var takesNext = false
      while letter < value.count {
        switch value[letter] {
        case UInt8(ascii: "c"), UInt8(ascii: "l"):
          letter += 1
        case UInt8(ascii: "a"):
          takesNext = letter == value.count - 1
          letter = value.count
        default:
          return nil
        }
      }
      index += takesNext ? 2 : 1
    }
    return nil
  }

  /// The words up to the first `install` and any `install` right after it removed (hadolint's package list).
  static func droppingThroughInstall(_ words: [ShellWord]) -> ArraySlice<ShellWord> {
    var rest = words.drop { $0.stringValue != "install" }
    while rest.first?.stringValue == "install" { rest = rest.dropFirst() }
    return rest
  }

  /// The number of characters hadolint counts in a word: expansions read as `${NAME}` (`$NAME` too), command
  /// substitutions as `${command}`, arithmetic and backticks as `${VAR}`.
  static func hadolintLength(_ word: ShellWord) -> Int {
    let value = word.value
    guard !word.isLiteral else { return word.stringValue.unicodeScalars.count }
    var length = 0
    var index = 0
    while index < value.count {
      let byte = value[index]
      if byte == UInt8(ascii: "`") {
        index = (value[(index + 1)...].firstIndex(of: byte) ?? value.count - 1) + 1
        length += "${VAR}".count
        continue
      }
      guard byte == UInt8(ascii: "$"), index + 1 < value.count else {
        if byte & 0xC0 != 0x80 { length += 1 }
        index += 1
        continue
      }
      let next = value[index + 1]
      if next == UInt8(ascii: "{") || next == UInt8(ascii: "(") {
        // `${...}` stays as written; `$(...)` becomes `${...}`; `$((...))` becomes `${VAR}`.
        let close = next == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: ")")
        var depth = 0
        var end = index + 1
        while end < value.count {
          if value[end] == next { depth += 1 } else if value[end] == close { depth -= 1 }
          end += 1
          if depth == 0 { break }
        }
        let arithmetic = next == UInt8(ascii: "(") && index + 2 < value.count && value[index + 2] == next
        length += arithmetic ? "${VAR}".count : value[index..<end].filter { $0 & 0xC0 != 0x80 }.count
        index = end
      } else if isShellNameStart(next) {
        var end = index + 1
        while end < value.count, isShellAlphanumeric(value[end]) { end += 1 }
        length += end - index + 2
        index = end
      } else {
        // `$1`, `$@`: one special character, braced.
        length += 4
        index += 2
      }
    }
    return length
  }

  /// The bytes of the `|` (or `|&`) operator that pipes into `commands[index]`, found between the end of the
  /// last command before it (or the start of the instruction `bounds`, the lowest byte read) and its start; the
  /// command's first word when no operator is found there.
  static func pipeRange(
    into index: Int, of commands: [ShellCommand], source: [UInt8], within bounds: Range<Int>
  ) -> Range<Int> {
    let command = commands[index]
    let start = min(command.range.lowerBound, source.count)
    var lower = bounds.lowerBound
    for other in commands where other.range.upperBound <= start { lower = max(lower, other.range.upperBound) }
    var cursor = start
    while cursor > lower {
      cursor -= 1
      guard source[cursor] == UInt8(ascii: "|") else { continue }
      let before = cursor > 0 ? source[cursor - 1] : 0
      let after = cursor + 1 < source.count ? source[cursor + 1] : 0
      if before == UInt8(ascii: "|") || after == UInt8(ascii: "|") || before == UInt8(ascii: ">") { continue }
      return cursor..<(after == UInt8(ascii: "&") ? cursor + 2 : cursor + 1)
    }
    return command.words.first?.range ?? command.range
  }

  /// An image's name as hadolint compares stage names: without a `domain.tld/` registry, tag or digest.
  static func imageName(_ reference: String) -> String {
    var text = Substring(reference)
    if let slash = text.firstIndex(of: "/"), text[..<slash].contains(".") { text = text[text.index(after: slash)...] }
    return String(text.prefix { $0 != ":" && $0 != "@" })
  }
}
