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
/// redirection's range. A word's value is either a `commonShellWords` index or its length followed by its bytes.
/// Integers are LEB128 (7 bits a byte); a range is its lower bound as a signed (zigzag) distance from the previous
/// position written, then its length, so that most take two bytes.
struct PackedShellCommands: Sendable, Equatable {
  /// The packed form; empty for no commands (no allocation).
  let bytes: [UInt8]

  /// Packs `commands`, storing positions relative to `origin`.
  init(_ commands: [ShellCommand], origin: Int) {
    guard !commands.isEmpty else {
      bytes = []
      return
    }
    var writer = PackWriter(origin: origin)
    writer.write(commands)
    // An exact-size copy: the cache keeps the buffer for as long as the node lives.
    let scratch = writer.bytes
    bytes = [UInt8](unsafeUninitializedCapacity: scratch.count) { buffer, initialized in
      initialized = buffer.initialize(fromContentsOf: scratch)
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

/// Word header: the number above the two flag bits is an index into `commonShellWords`, not a value length.
private let commonWordFlag: UInt = 0b10

/// Values that are frequent in the RUN instructions of real Dockerfiles (package managers, their subcommands and
/// options, core utilities, common paths), packed as their index: no value bytes in the cache, and unpacking
/// shares the table's array instead of allocating one per word (about half the words of the real-world corpus).
let commonShellWords: [[UInt8]] = [
  "apt-get", "apt", "install", "update", "upgrade", "-y", "--yes", "-q", "-qq", "--no-install-recommends", "clean",
  "autoremove", "purge", "remove", "/var/lib/apt/lists/*", "apk", "add", "del", "--no-cache", "--update",
  "--virtual", ".build-deps", "yum", "dnf", "microdnf", "makecache", "pip", "pip3", "python", "python3", "-m",
  "--no-cache-dir", "--upgrade", "-U", "-r", "requirements.txt", "setuptools", "wheel", "venv", "virtualenv", "uv",
  "sync", "npm", "ci", "yarn", "node", "go", "build", "mod", "download", "cargo", "make", "cmake", "gcc", "g++",
  "build-essential", "ca-certificates", "curl", "wget", "git", "clone", "gnupg", "unzip", "tar", "-xzf", "-xf",
  "-xvf", "-C", "--strip-components=1", "-fsSL", "-sSL", "-L", "-o", "-O", "rm", "-rf", "-f", "mkdir", "-p",
  "chmod", "+x", "-R", "chown", "cp", "mv", "ln", "-s", "-sf", "cd", "echo", "set", "-e", "-eux", "-ex", "-x",
  "pipefail", "export", "sed", "-i", "grep", "find", "xargs", "useradd", "groupadd", "adduser",
  "addgroup", "-u", "-g", "-G", "-D", "-S", "--create-home", "--shell", "/bin/bash", "/bin/sh", "bash", "sh", "-c",
  "true", "exit", "0", "1", "sudo", "env", "/tmp", "/app", "/usr/local", "/usr/local/bin", ".", "/",
  "DEBIAN_FRONTEND=noninteractive", "--no-same-owner", "source", "test", "[", "]", "touch", "dpkg",
  "--print-architecture", "jq", "openssl", "tzdata", "locales", "vim", "-n", "-d", "-v", "-a", "-z", "--global",
  "config", "--no-dev", "--frozen", "--production", "run",
].map { Array($0.utf8) }

/// Open addressing over `commonShellWords`: slot `hash & (count - 1)` and the ones after it hold indices into the
/// table (-1: empty). A map keyed by `[UInt8]` would hash every word with SipHash, several times the cost of
/// packing the rest of a command.
private let commonShellWordSlots: [Int16] = {
  var slots = [Int16](repeating: -1, count: 512)
  for (index, word) in commonShellWords.enumerated() {
    var slot = commonShellWordHash(word[...]) & (slots.count - 1)
    while slots[slot] >= 0 && commonShellWords[Int(slots[slot])] != word { slot = (slot + 1) & (slots.count - 1) }
    if slots[slot] < 0 { slots[slot] = Int16(index) }
  }
  return slots
}()

/// The longest value in `commonShellWords`; longer values are not looked up.
private let commonShellWordMaximumLength = commonShellWords.map(\.count).max() ?? 0

/// FNV-1a over a value's bytes.
private func commonShellWordHash(_ value: ArraySlice<UInt8>) -> Int {
  var hash: UInt32 = 2_166_136_261
  for byte in value { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
  return Int(hash)
}

/// The index of `value` in `commonShellWords`, if it is there.
private func commonShellWordIndex(_ value: [UInt8]) -> Int? {
  guard !value.isEmpty, value.count <= commonShellWordMaximumLength else { return nil }
  let slots = commonShellWordSlots
  let mask = slots.count - 1
  var slot = commonShellWordHash(value[...]) & mask
  while true {
    let index = Int(slots[slot])
    if index < 0 { return nil }
    if commonShellWords[index] == value { return index }
    slot = (slot + 1) & mask
  }
}

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

/// Writes the packed form.
private struct PackWriter {
  /// The position distances are measured from: the last position written, at first the origin.
  var position: Int
  var bytes: [UInt8] = []

  init(origin: Int) { position = origin }

  mutating func byte(_ value: UInt8) { bytes.append(value) }

  @inline(__always)
  mutating func unsigned(_ value: UInt) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
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
    let literal: UInt = word.isLiteral ? 1 : 0
    if let common = commonShellWordIndex(value) {
      unsigned(UInt(common) << 2 | commonWordFlag | literal)
      return
    }
    unsigned(UInt(bitPattern: value.count) << 2 | literal)
    bytes.append(contentsOf: value)
  }

  mutating func write(_ commands: [ShellCommand]) {
    // Room for the values and a few bytes per field, so that appending rarely grows the buffer.
    var estimate = 4
    for command in commands {
      estimate += 12 + 6 * command.redirections.count
      for word in command.assignments { estimate += 6 + word.value.count }
      for word in command.words { estimate += 6 + word.value.count }
    }
    bytes.reserveCapacity(estimate)
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
  /// `commonShellWords`, read once per unpacking.
  let common = commonShellWords

  mutating func byte() -> UInt8 {
    let value = bytes[index]
    index += 1
    return value
  }

  /// Most numbers take one byte: that case is inlined, longer ones are read by `unsignedTail`.
  @inline(__always)
  mutating func unsigned() -> UInt {
    let first = bytes[index]
    index += 1
    if first < 0x80 { return UInt(first) }
    return unsignedTail(first)
  }

  @inline(never)
  mutating func unsignedTail(_ first: UInt8) -> UInt {
    var value = UInt(first & 0x7F)
    var shift: UInt = 7
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
    return [ShellWord](unsafeUninitializedCapacity: count) { words, initialized in
      for slot in 0..<count {
        let range = self.range(fromLower: false)
        let header = unsigned()
        let number = Int(bitPattern: header >> 2)
        let value: [UInt8]
        if header & commonWordFlag != 0 {
          value = common[number]
        } else {
          value = Array(UnsafeBufferPointer(rebasing: bytes[index..<(index + number)]))
          index += number
        }
        (words.baseAddress! + slot).initialize(to: ShellWord(range: range, value: value, isLiteral: header & 1 == 1))
      }
      initialized = count
    }
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
