// Lint rules need shell commands as data: words, ranges, connectors and wrapper-aware flag queries.

/// How a command is joined to the one before it.
public enum ShellConnector: Sendable, Equatable {
  /// The first command of its list (top level or inside `$( )` / backticks).
  case start
  /// Joined by `&&`.
  case and
  /// Joined by `||`.
  case or
  /// Joined by `;`, `;;` or a newline.
  case sequence
  /// Joined by `|` or `|&`.
  case pipe
  /// The previous command was put in the background with `&`.
  case background
}

/// One shell word: its byte range in the input and its value after quote removal.
public struct ShellWord: Sendable, Equatable {
  /// `baseOffset` plus the index of the word's raw bytes (quotes included) in the input.
  public var range: Range<Int>
  /// Quotes removed and backslash escapes applied; expansions (`$X`, `${X}`, `$(...)`, backticks) kept verbatim.
  public var value: [UInt8]
  /// True when the word has no expansion (`$`, backtick, unquoted `*` `?` `[`, leading `~`), so `value` is exact.
  public var isLiteral: Bool

  /// Creates a word.
  public init(range: Range<Int>, value: [UInt8], isLiteral: Bool) {
    self.range = range
    self.value = value
    self.isLiteral = isLiteral
  }

  /// The value decoded as UTF-8, with invalid sequences repaired.
  public var stringValue: String { String(decoding: value, as: UTF8.self) }
}

/// One simple command.
public struct ShellCommand: Sendable, Equatable {
  /// Leading `NAME=value` words.
  public var assignments: [ShellWord]
  /// The argument vector, redirections removed.
  public var words: [ShellWord]
  /// Redirections with their targets, e.g. `> /dev/null`, `2>&1`, `<<EOF`.
  public var redirections: [Range<Int>]
  /// From the first to the last byte of the command's words, assignments and redirections.
  public var range: Range<Int>
  /// How the command joins the previous one.
  public var connector: ShellConnector
  /// Nesting: 0 at top level, +1 per enclosing `( )`, `{ }`, `$( )` or backticks.
  public var depth: Int
  /// True for a command found inside the literal script operand of `sh -c '...'` (only in
  /// `ShellScript.expanded`); hadolint does not look there, so its rules skip these.
  public var isInScriptArgument = false

  /// Creates a command.
  public init(
    assignments: [ShellWord], words: [ShellWord], redirections: [Range<Int>], range: Range<Int>,
    connector: ShellConnector, depth: Int
  ) {
    self.assignments = assignments
    self.words = words
    self.redirections = redirections
    self.range = range
    self.connector = connector
    self.depth = depth
  }

  /// The first word's value when it is literal.
  public var name: String? {
    guard let first = words.first, first.isLiteral else { return nil }
    return first.stringValue
  }

  /// The words starting at the real command once wrappers (`sudo`, `env`, `nice`, `time`, `exec`, `command`,
  /// `timeout`, `nohup`) and their options are stripped; empty when a wrapper runs nothing or is not understood.
  public var effectiveWords: ArraySlice<ShellWord> {
    var index = words.startIndex
    var rounds = 0
    while index < words.endIndex, rounds < 32 {
      rounds += 1
      let word = words[index]
      guard word.isLiteral, let wrapper = ShellWrapper(basenameOf: word.value) else { return words[index...] }
      guard let next = wrapper.commandIndex(in: words, after: index) else { return words[words.endIndex...] }
      if next == index { return words[index...] }
      index = next
    }
    return words[index...]
  }

  /// Whether `flag` (`--no-cache-dir`, `-y`) appears among the effective words, as `--flag`, `--flag=value`, or
  /// (for single-letter flags) inside a combined short group such as `-qy`; words after `--` are operands.
  public func hasFlag(_ flag: String) -> Bool {
    let wanted = Array(flag.utf8)
    guard wanted.count >= 2, wanted[0] == UInt8(ascii: "-") else { return false }
    let dash = UInt8(ascii: "-")
    for word in effectiveWords.dropFirst() where word.isLiteral {
      let value = word.value
      if value == [dash, dash] { return false }
      if value == wanted { return true }
      if wanted[1] == dash {
        if value.count > wanted.count, value.starts(with: wanted), value[wanted.count] == UInt8(ascii: "=") {
          return true
        }
      } else if wanted.count == 2, value.count > 2, value[0] == dash, value[1] != dash,
        value.dropFirst().allSatisfy(isShellAlphanumeric), value.contains(wanted[1])
      {
        return true
      }
    }
    return false
  }
}

/// A parsed script.
public struct ShellScript: Sendable, Equatable {
  /// Every simple command in source order, including those nested in subshells, groups and `$( )`.
  public var commands: [ShellCommand]
  /// Regions not understood: unterminated quotes, unbalanced parentheses, `case` bodies, syntax errors.
  public var unparsed: [Range<Int>]
  /// `commands` plus, right after each `sh -c '...'` style command, the commands of its literal script argument.
  var expandedCommands: [ShellCommand]

  /// Creates a script; `expanded` then equals `commands`.
  public init(commands: [ShellCommand], unparsed: [Range<Int>]) {
    self.commands = commands
    self.unparsed = unparsed
    self.expandedCommands = commands
  }

  /// Commands plus those of every literal `sh -c` / `bash -c` argument (ranges mapped into the input, depth + 1).
  public var expanded: [ShellCommand] { expandedCommands }

  /// True when leading top-level `set` commands turn on `errexit` (`set -e`, `-eux`, `-o errexit`).
  public var setsErrexit: Bool {
    var on = false
    for command in commands where command.depth == 0 {
      guard command.name == "set" else { break }
      if let state = setOption(command, letter: UInt8(ascii: "e"), long: "errexit") { on = state }
    }
    return on
  }

  /// True when some `set` command turns on `pipefail` (`set -o pipefail`, `set -euo pipefail`).
  public var setsPipefail: Bool {
    commands.contains { $0.name == "set" && setOption($0, letter: nil, long: "pipefail") == true }
  }
}

/// Returns the last on/off state a `set` command gives to an option, or nil when it does not mention it.
private func setOption(_ command: ShellCommand, letter: UInt8?, long: String) -> Bool? {
  var state: Bool?
  var index = 1
  let words = command.words
  while index < words.count {
    let word = words[index]
    index += 1
    guard word.isLiteral, word.value.count >= 2 else { break }
    let sign = word.value[0]
    guard sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") else { break }
    if word.value[1] == UInt8(ascii: "-") { break }
    for letterByte in word.value.dropFirst() {
      if letterByte == UInt8(ascii: "o") {
        guard index < words.count else { break }
        if words[index].stringValue == long { state = sign == UInt8(ascii: "-") }
        index += 1
      } else if letterByte == letter {
        state = sign == UInt8(ascii: "-")
      }
    }
  }
  return state
}

/// Whether a byte is an ASCII letter or digit.
func isShellAlphanumeric(_ byte: UInt8) -> Bool {
  (byte >= 0x30 && byte <= 0x39) || isShellNameStart(byte)
}

/// Whether a byte may start a shell name: ASCII letter or underscore.
func isShellNameStart(_ byte: UInt8) -> Bool {
  (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
}

/// The part of a path after its last slash, as a string.
func shellBasename(_ value: [UInt8]) -> String {
  let tail = value.lastIndex(of: UInt8(ascii: "/")).map { value[($0 + 1)...] } ?? value[...]
  return String(decoding: tail, as: UTF8.self)
}

/// The part of a path after its last slash, as bytes.
func shellBasenameBytes(_ value: [UInt8]) -> ArraySlice<UInt8> {
  guard let slash = value.lastIndex(of: UInt8(ascii: "/")) else { return value[...] }
  return value[(slash + 1)...]
}

/// Whether `bytes` are exactly the ASCII text `name`.
func bytesEqual(_ bytes: ArraySlice<UInt8>, _ name: StaticString) -> Bool {
  bytes.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
}

/// Commands that run another command given as their arguments.
private enum ShellWrapper {
  case sudo, env, nice, time, exec, command, timeout, nohup

  /// Recognises a wrapper by the base name of a word's value. Compared as bytes, without making a string: rules
  /// ask for every command's `effectiveWords`, usually of a word that is no wrapper at all.
  init?(basenameOf value: [UInt8]) {
    let name = shellBasenameBytes(value)
    guard let first = name.first, name.count >= 3 else { return nil }
    let candidate: (name: StaticString, wrapper: ShellWrapper)
    switch first {
    case UInt8(ascii: "s"): candidate = ("sudo", .sudo)
    case UInt8(ascii: "e"): candidate = name.count == 3 ? ("env", .env) : ("exec", .exec)
    case UInt8(ascii: "n"): candidate = name.count == 4 ? ("nice", .nice) : ("nohup", .nohup)
    case UInt8(ascii: "t"): candidate = name.count == 4 ? ("time", .time) : ("timeout", .timeout)
    case UInt8(ascii: "c"): candidate = ("command", .command)
    default: return nil
    }
    guard bytesEqual(name, candidate.name) else { return nil }
    self = candidate.wrapper
  }

  /// Short options of this wrapper that take a separate argument.
  var shortWithArgument: [UInt8] {
    switch self {
    case .sudo: Array("ugCDhprtTU".utf8)
    case .env: Array("uCS".utf8)
    case .nice: Array("n".utf8)
    case .time: Array("fo".utf8)
    case .exec: Array("a".utf8)
    case .timeout: Array("ks".utf8)
    case .command, .nohup: []
    }
  }

  /// Long options of this wrapper that take a separate argument when written without `=`.
  var longWithArgument: Set<String> {
    switch self {
    case .sudo:
      [
        "--user", "--group", "--close-from", "--chdir", "--host", "--prompt", "--role", "--type",
        "--command-timeout", "--other-user",
      ]
    case .env: ["--unset", "--chdir", "--split-string"]
    case .nice: ["--adjustment"]
    case .time: ["--format", "--output"]
    case .timeout: ["--kill-after", "--signal"]
    case .exec, .command, .nohup: []
    }
  }

  /// The index of the wrapped command's name; `index` itself when the wrapper does not run a command
  /// (`command -v`), nil when nothing or something not understood follows.
  func commandIndex(in words: [ShellWord], after index: Int) -> Int? {
    var cursor = index + 1
    let dash = UInt8(ascii: "-")
    while cursor < words.count {
      let word = words[cursor]
      guard word.isLiteral else { break }
      let value = word.value
      if value == [dash, dash] {
        cursor += 1
        break
      }
      if self == .env, value == [dash] {
        cursor += 1
        continue
      }
      if self == .nice, value.count >= 2, value[0] == dash, value.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
        cursor += 1
        continue
      }
      guard value.count >= 2, value[0] == dash else { break }
      if value[1] == dash {
        let text = String(decoding: value, as: UTF8.self)
        if self == .env, text.hasPrefix("--split-string") { return nil }
        cursor += longWithArgument.contains(text) ? 2 : 1
        continue
      }
      let letters = value.dropFirst()
      if self == .env, letters.contains(UInt8(ascii: "S")) { return nil }
      if self == .command, letters.contains(UInt8(ascii: "v")) || letters.contains(UInt8(ascii: "V")) {
        return index
      }
      if let position = letters.firstIndex(where: { shortWithArgument.contains($0) }) {
        cursor += position == letters.endIndex - 1 ? 2 : 1
      } else {
        cursor += 1
      }
    }
    if self == .env || self == .sudo {
      while cursor < words.count, isAssignment(words[cursor]) { cursor += 1 }
    }
    if self == .timeout { cursor += 1 }
    return cursor < words.count ? cursor : nil
  }
}

/// Whether a word's value has the `NAME=` shape of an assignment.
private func isAssignment(_ word: ShellWord) -> Bool {
  let value = word.value
  guard let first = value.first, isShellNameStart(first) else { return false }
  for byte in value.dropFirst() {
    if byte == UInt8(ascii: "=") { return true }
    if !isShellAlphanumeric(byte) { return false }
  }
  return false
}
