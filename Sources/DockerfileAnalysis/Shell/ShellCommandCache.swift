// The shell commands of RUN (and shell-form CMD/ENTRYPOINT/HEALTHCHECK) nodes, kept per node across versions of a
// document: parsing a RUN's shell is among the costliest facts, and an unchanged node keeps its commands.
//
// The cache holds every RUN node's commands for as long as the document is open, so their form matters: as
// `[ShellCommand]` each word is a 32-byte struct plus a heap array of its own for its value (even `-y`), and each
// command has its own words array, about 800 bytes for `apt-get update && apt-get install -y curl`. Packed
// (`PackedShellCommands`), a node's commands are one byte buffer of small integers and value bytes, about a
// seventh of that; they are unpacked only when a node's facts are built, which happens for the few nodes a
// keystroke re-steps, and the unpacked arrays are dropped with the facts.
import DockerfileSyntax

extension AnalysisCache {
  /// The shell commands of the instruction node at `index` of the aligned tree, absolute, computed by
  /// `compute` the first time.
  func shellCommands(ofNode index: Int, start: Int, compute: () -> [ShellCommand]) -> [ShellCommand] {
    if let cached = nodeData[index].commands { return cached.commands(at: start) }
    let fresh = compute()
    nodeData[index].commands = PackedShellCommands(fresh, origin: start)
    return fresh
  }
}

/// Shell commands packed into one byte buffer, positions relative to an origin (the node's start), so that the
/// same buffer serves wherever the node moves.
///
/// Layout: the command count, then per command a flags byte (connector, `isInScriptArgument`, and which of the
/// optional fields follow), its depth, assignment and redirection counts when not zero, the word count, its
/// range, each assignment and word (range, then value length and `isLiteral`, then the value bytes), and each
/// redirection's range. Integers are LEB128 (7 bits a byte); a range is its lower bound as a signed (zigzag)
/// distance from the previous position written, then its length, so that most take two bytes.
struct PackedShellCommands: Sendable, Equatable {
  /// The packed form; empty for no commands (no allocation).
  let bytes: [UInt8]

  /// Packs `commands`, storing positions relative to `origin`.
  init(_ commands: [ShellCommand], origin: Int) {
    guard !commands.isEmpty else {
      bytes = []
      return
    }
    // Measured first, so that the buffer is allocated once at its exact size (the cache keeps it).
    var counter = PackWriter(origin: origin, buffer: nil)
    counter.write(commands)
    let size = counter.count
    bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      var writer = PackWriter(origin: origin, buffer: buffer.baseAddress)
      writer.write(commands)
      precondition(writer.count == size, "packed shell commands changed size")
      initialized = size
    }
  }

  /// The commands, positions made absolute by adding `origin`.
  func commands(at origin: Int) -> [ShellCommand] {
    if bytes.isEmpty { return [] }
    return bytes.withUnsafeBufferPointer { buffer in
      var reader = PackReader(bytes: buffer, position: origin)
      return reader.readCommands()
    }
  }
}

/// Flags byte: the connector's ordinal in its three low bits.
private let connectorMask: UInt8 = 0b111
/// Flags byte: the command was found in an `sh -c` script argument.
private let scriptArgumentFlag: UInt8 = 1 << 3
/// Flags byte: a depth other than 0 follows.
private let depthFlag: UInt8 = 1 << 4
/// Flags byte: an assignment count follows.
private let assignmentsFlag: UInt8 = 1 << 5
/// Flags byte: a redirection count follows.
private let redirectionsFlag: UInt8 = 1 << 6

/// The connector's number in the flags byte.
private func ordinal(_ connector: ShellConnector) -> UInt8 {
  switch connector {
  case .start: 0
  case .and: 1
  case .or: 2
  case .sequence: 3
  case .pipe: 4
  case .background: 5
  }
}

/// The connector numbered `ordinal` in the flags byte.
private func connector(_ ordinal: UInt8) -> ShellConnector {
  switch ordinal {
  case 0: .start
  case 1: .and
  case 2: .or
  case 3: .sequence
  case 4: .pipe
  default: .background
  }
}

/// Writes the packed form, or only counts its bytes when there is no buffer.
private struct PackWriter {
  /// The position distances are measured from: the last position written, at first the origin.
  var position: Int
  let buffer: UnsafeMutablePointer<UInt8>?
  var count = 0

  init(origin: Int, buffer: UnsafeMutablePointer<UInt8>?) {
    position = origin
    self.buffer = buffer
  }

  mutating func byte(_ value: UInt8) {
    if let buffer { buffer[count] = value }
    count += 1
  }

  mutating func unsigned(_ value: UInt) {
    var rest = value
    while rest >= 0x80 {
      byte(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    byte(UInt8(rest))
  }

  mutating func signed(_ value: Int) {
    // Zigzag: small magnitudes of either sign become small unsigned numbers.
    unsigned(UInt(bitPattern: (value &<< 1) ^ (value >> (Int.bitWidth - 1))))
  }

  mutating func count(_ value: Int) { unsigned(UInt(bitPattern: value)) }

  /// A range; later distances are measured from its lower bound (`fromLower`) or its upper bound.
  mutating func range(_ range: Range<Int>, fromLower: Bool) {
    signed(range.lowerBound &- position)
    unsigned(UInt(bitPattern: range.upperBound &- range.lowerBound))
    position = fromLower ? range.lowerBound : range.upperBound
  }

  mutating func word(_ word: ShellWord) {
    range(word.range, fromLower: false)
    let value = word.value
    unsigned(UInt(bitPattern: value.count) << 1 | (word.isLiteral ? 1 : 0))
    if let buffer {
      value.withUnsafeBufferPointer { source in
        guard let base = source.baseAddress else { return }
        (buffer + count).update(from: base, count: source.count)
      }
    }
    count += value.count
  }

  mutating func write(_ commands: [ShellCommand]) {
    self.count(commands.count)
    for command in commands {
      var flags = ordinal(command.connector)
      if command.isInScriptArgument { flags |= scriptArgumentFlag }
      if command.depth != 0 { flags |= depthFlag }
      if !command.assignments.isEmpty { flags |= assignmentsFlag }
      if !command.redirections.isEmpty { flags |= redirectionsFlag }
      byte(flags)
      if command.depth != 0 { signed(command.depth) }
      if !command.assignments.isEmpty { self.count(command.assignments.count) }
      if !command.redirections.isEmpty { self.count(command.redirections.count) }
      self.count(command.words.count)
      range(command.range, fromLower: true)
      for assignment in command.assignments { word(assignment) }
      for word in command.words { self.word(word) }
      for redirection in command.redirections { range(redirection, fromLower: false) }
    }
  }
}

/// Reads the packed form back.
private struct PackReader {
  let bytes: UnsafeBufferPointer<UInt8>
  /// See `PackWriter.position`.
  var position: Int
  var index = 0

  mutating func byte() -> UInt8 {
    let value = bytes[index]
    index += 1
    return value
  }

  mutating func unsigned() -> UInt {
    var value: UInt = 0
    var shift: UInt = 0
    while true {
      let next = byte()
      value |= UInt(next & 0x7F) << shift
      if next < 0x80 { return value }
      shift += 7
    }
  }

  mutating func signed() -> Int {
    let value = unsigned()
    return Int(bitPattern: value >> 1) ^ -Int(bitPattern: value & 1)
  }

  mutating func count() -> Int { Int(bitPattern: unsigned()) }

  mutating func range(fromLower: Bool) -> Range<Int> {
    let lower = position &+ signed()
    let upper = lower &+ count()
    position = fromLower ? lower : upper
    return lower..<upper
  }

  mutating func words(_ count: Int) -> [ShellWord] {
    if count == 0 { return [] }
    var words: [ShellWord] = []
    words.reserveCapacity(count)
    for _ in 0..<count {
      let range = self.range(fromLower: false)
      let header = unsigned()
      let length = Int(bitPattern: header >> 1)
      let value = Array(UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]))
      index += length
      words.append(ShellWord(range: range, value: value, isLiteral: header & 1 == 1))
    }
    return words
  }

  mutating func readCommands() -> [ShellCommand] {
    let total = count()
    var commands: [ShellCommand] = []
    commands.reserveCapacity(total)
    for _ in 0..<total {
      let flags = byte()
      let depth = flags & depthFlag != 0 ? signed() : 0
      let assignmentCount = flags & assignmentsFlag != 0 ? count() : 0
      let redirectionCount = flags & redirectionsFlag != 0 ? count() : 0
      let wordCount = count()
      let range = self.range(fromLower: true)
      let assignments = self.words(assignmentCount)
      let words = self.words(wordCount)
      var redirections: [Range<Int>] = []
      if redirectionCount > 0 {
        redirections.reserveCapacity(redirectionCount)
        for _ in 0..<redirectionCount { redirections.append(self.range(fromLower: false)) }
      }
      var command = ShellCommand(
        assignments: assignments, words: words, redirections: redirections, range: range,
        connector: connector(flags & connectorMask), depth: depth)
      command.isInScriptArgument = flags & scriptArgumentFlag != 0
      commands.append(command)
    }
    return commands
  }
}
