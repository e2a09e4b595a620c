// Finds `sh -c '...'` scripts and parses them with ranges mapped back into the original input.

/// How positions in a parsed text map to positions in the original input.
enum ShellOffsetMap {
  /// The text is the input itself, shifted by `baseOffset`.
  case shift(Int)
  /// Byte `i` of the text came from input bytes `starts[i]..<ends[i]` (an escape sequence can span several).
  case table(starts: [Int], ends: [Int])

  /// The input position where the text byte at `position` starts.
  func lower(_ position: Int) -> Int {
    switch self {
    case .shift(let offset):
      return position + offset
    case .table(let starts, let ends):
      guard let last = ends.last else { return 0 }
      return position >= 0 && position < starts.count ? starts[position] : last
    }
  }

  /// The input position just after the text byte at `position`.
  func upper(_ position: Int) -> Int {
    switch self {
    case .shift(let offset):
      return position + offset + 1
    case .table(_, let ends):
      guard let last = ends.last else { return 0 }
      return position >= 0 && position < ends.count ? ends[position] : last
    }
  }

  /// Maps a range so that it covers the input bytes its text bytes came from.
  func apply(_ range: Range<Int>) -> Range<Int> {
    let lower = lower(range.lowerBound)
    guard !range.isEmpty else { return lower..<lower }
    return lower..<max(lower, upper(range.upperBound - 1))
  }

  /// Maps every range of a command and adds `depthOffset` to its depth.
  func apply(_ command: ShellCommand, depthOffset: Int) -> ShellCommand {
    if case .shift(0) = self, depthOffset == 0 { return command }
    var result = command
    result.assignments = command.assignments.map { word in map(word) }
    result.words = command.words.map { word in map(word) }
    result.redirections = command.redirections.map { apply($0) }
    result.range = apply(command.range)
    result.depth = command.depth + depthOffset
    return result
  }

  private func map(_ word: ShellWord) -> ShellWord {
    var result = word
    result.range = apply(word.range)
    return result
  }
}

/// How many `sh -c` levels inside each other are expanded.
private let maximumExpansionLevel = 8

/// Appends `commands` (in local coordinates) mapped by `map`, each followed by the commands of its `sh -c` script.
func appendShellExpansions(
  _ commands: [ShellCommand], raw rawBytes: (Range<Int>) -> [UInt8],
  map: ShellOffsetMap, depthOffset: Int, level: Int, into output: inout [ShellCommand]
) {
  for command in commands {
    var mapped = map.apply(command, depthOffset: depthOffset)
    mapped.isInScriptArgument = level > 0
    output.append(mapped)
    guard level < maximumExpansionLevel, let script = shellScriptWord(of: command) else { continue }
    let (value, sources) = unquote(rawBytes(script.range))
    guard !value.isEmpty else { continue }
    let offset = script.range.lowerBound
    let starts = sources.map { map.lower(offset + $0.lowerBound) }
    let ends = sources.map { map.upper(offset + $0.upperBound - 1) }
    let inner = value.withUnsafeBufferPointer { parseShellCommands($0) }
    appendShellExpansions(
      inner.commands, raw: { range in Array(value[range]) }, map: .table(starts: starts, ends: ends),
      depthOffset: command.depth + depthOffset + 1, level: level + 1, into: &output
    )
  }
}

/// The literal script operand of `sh -c`, `bash -c` and similar commands.
private func shellScriptWord(of command: ShellCommand) -> ShellWord? {
  let words = command.effectiveWords
  guard let first = words.first, first.isLiteral, isShellProgram(first.value) else { return nil }
  var hasC = false
  var index = words.startIndex + 1
  while index < words.endIndex {
    let word = words[index]
    guard word.isLiteral else { return nil }
    let value = word.value
    guard value.count >= 2, value[0] == UInt8(ascii: "-") || value[0] == UInt8(ascii: "+") else { break }
    index += 1
    if value.count == 2 && value[1] == UInt8(ascii: "-") && value[0] == UInt8(ascii: "-") { break }
    if value[1] == UInt8(ascii: "-") { continue }
    for letter in value.dropFirst() {
      if letter == UInt8(ascii: "c") { hasC = true }
      if letter == UInt8(ascii: "o") || letter == UInt8(ascii: "O") { index += 1 }
    }
  }
  guard hasC, index < words.endIndex, words[index].isLiteral else { return nil }
  return words[index]
}

/// Whether a path's base name is `sh`, `bash`, `dash`, `ash`, `zsh`, `ksh` or `mksh`. Compared as bytes: this runs
/// for every command, and a set of strings built per call cost more than the rest of the search.
private func isShellProgram(_ value: [UInt8]) -> Bool {
  let name = shellBasenameBytes(value)
  guard name.count >= 2, name.count <= 4, name.last == UInt8(ascii: "h") else { return false }
  for candidate in ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"] as [StaticString]
  where bytesEqual(name, candidate) {
    return true
  }
  return false
}

/// Removes quotes from a literal word's raw bytes, returning the value and each value byte's raw range.
private func unquote(_ raw: [UInt8]) -> (value: [UInt8], sources: [Range<Int>]) {
  var value: [UInt8] = []
  var sources: [Range<Int>] = []
  value.reserveCapacity(raw.count)
  sources.reserveCapacity(raw.count)
  var index = 0
  var inDoubleQuote = false
  let backslash = UInt8(ascii: "\\")
  let newline = UInt8(ascii: "\n")
  while index < raw.count {
    let byte = raw[index]
    if byte == UInt8(ascii: "\"") {
      inDoubleQuote.toggle()
      index += 1
    } else if byte == UInt8(ascii: "'") && !inDoubleQuote {
      index += 1
      while index < raw.count && raw[index] != UInt8(ascii: "'") {
        value.append(raw[index])
        sources.append(index..<(index + 1))
        index += 1
      }
      index += 1
    } else if byte == backslash && index + 1 < raw.count {
      let next = raw[index + 1]
      let escapes = !inDoubleQuote || "$`\"\\\n".utf8.contains(next)
      if !escapes {
        value.append(byte)
        sources.append(index..<(index + 1))
        index += 1
      } else {
        if next != newline {
          value.append(next)
          sources.append(index..<(index + 2))
        }
        index += 2
      }
    } else {
      value.append(byte)
      sources.append(index..<(index + 1))
      index += 1
    }
  }
  return (value, sources)
}
