// The stored shape of a parsed Dockerfile: one immutable node per top-level line group, with every offset
// relative to the node's own start so that an incremental reparse can move nodes without touching them.
//
// A server keeps a node per line of every open document, so their size is most of a tree's memory. Offsets are
// stored as 32-bit numbers (a node's offsets are relative to its start, and a node of 4 GiB is not a
// Dockerfile) behind the `Range<Int>` and `Int` properties the rest of the code reads, and what few lines have
// (continuation pieces, ONBUILD nesting, errors, directives, flags, pairs, heredocs) is kept in side objects
// that plain lines do not allocate.

/// The instruction keywords BuildKit knows, plus `unknown` for anything else.
public enum InstructionKind: String, CaseIterable, Sendable {
  case add, arg, cmd, copy, entrypoint, env, expose, from, healthcheck, label, maintainer, onbuild, run, shell
  case stopsignal, user, volume, workdir
  case unknown

  /// The kind's place in `allCases` (a small number, for bit sets).
  public var ordinal: Int {
    switch self {
    case .add: 0
    case .arg: 1
    case .cmd: 2
    case .copy: 3
    case .entrypoint: 4
    case .env: 5
    case .expose: 6
    case .from: 7
    case .healthcheck: 8
    case .label: 9
    case .maintainer: 10
    case .onbuild: 11
    case .run: 12
    case .shell: 13
    case .stopsignal: 14
    case .user: 15
    case .volume: 16
    case .workdir: 17
    case .unknown: 18
    }
  }

  /// The keyword as documentation writes it (`FROM`, `HEALTHCHECK`, ...).
  public var keyword: String { self == .unknown ? "" : rawValue.uppercased() }

  /// Whether BuildKit looks for heredocs on this instruction's line.
  public var acceptsHeredocs: Bool { self == .run || self == .copy || self == .add }

  /// Keywords packed into two little-endian words (at most 16 bytes), with their kinds.
  private static let packedKeywords: [(UInt64, UInt64, InstructionKind)] = allCases.filter { $0 != .unknown }.map {
    let (lo, hi) = pack(Array($0.rawValue.utf8)[...])!
    return (lo, hi, $0)
  }

  /// Packs up to 16 bytes into two words; nil when longer.
  @inline(__always)
  static func pack(_ bytes: ArraySlice<UInt8>) -> (UInt64, UInt64)? {
    guard bytes.count <= 16 else { return nil }
    var lo: UInt64 = 0
    var hi: UInt64 = 0
    for (i, b) in bytes.enumerated() {
      if i < 8 { lo |= UInt64(b) << (8 * UInt64(i)) } else { hi |= UInt64(b) << (8 * UInt64(i - 8)) }
    }
    return (lo, hi)
  }

  /// Maps a lower-cased keyword to its kind.
  static func lookup(lowercased k: [UInt8]) -> InstructionKind {
    guard let (lo, hi) = pack(k[...]) else { return .unknown }
    return lookup(packedLo: lo, hi: hi)
  }

  /// Maps a packed lower-cased keyword to its kind.
  @inline(__always)
  static func lookup(packedLo lo: UInt64, hi: UInt64) -> InstructionKind {
    for (l, h, kind) in packedKeywords where l == lo && h == hi { return kind }
    return .unknown
  }
}

/// How a node's line group reads at the top level of a Dockerfile.
public enum NodeKind: Sendable, Equatable {
  /// A line holding only whitespace.
  case blank
  /// A comment line between instructions (including a `#!` shebang).
  case comment
  /// A parser directive such as `# escape=\``.
  case directive
  /// An instruction with its continuation lines and heredoc bodies.
  case instruction
}

/// Whether an instruction's arguments are a JSON array (exec form) or free text.
public enum ArgumentForm: Sendable, Equatable {
  /// No arguments at all.
  case none
  /// A JSON array of strings.
  case json
  /// Anything that is not a valid JSON array of strings.
  case shell
}

/// How BuildKit split an argument out of the logical line.
public enum ArgumentKind: Sendable, Equatable {
  /// A whitespace-delimited word, kept verbatim (FROM, EXPOSE, non-JSON ADD/COPY/VOLUME).
  case word
  /// A word as BuildKit's quote-aware `parseWords` reads it (ARG and key=value ENV/LABEL).
  case quotedWord
  /// One string element of a JSON array, including its quotes.
  case jsonString
  /// The rest of the line verbatim (shell-form RUN/CMD/ENTRYPOINT/SHELL, USER, WORKDIR, ...).
  case rest
  /// HEALTHCHECK's type word (`CMD`, `NONE`).
  case healthcheckType
}

/// A node-relative or logical-line offset as a node stores it.
@inline(__always)
func compact(_ offset: Int) -> UInt32 { UInt32(offset) }

/// A range of node-relative or logical-line offsets as a node stores it: 8 bytes instead of 16.
struct CompactRange: Sendable, Equatable {
  var lower: UInt32
  var upper: UInt32

  @inline(__always)
  init(_ r: Range<Int>) {
    lower = compact(r.lowerBound)
    upper = compact(r.upperBound)
  }

  @inline(__always)
  var range: Range<Int> { Int(lower)..<Int(upper) }
}

/// One argument, in logical-line coordinates.
public struct ArgumentSyntax: Sendable, Equatable {
  var stored: CompactRange
  /// How BuildKit produced it.
  public var kind: ArgumentKind

  /// Creates an argument.
  public init(range: Range<Int>, kind: ArgumentKind) {
    self.stored = CompactRange(range)
    self.kind = kind
  }

  /// Range in the instruction's logical (continuation-joined) line.
  public var range: Range<Int> {
    @inline(__always) get { stored.range }
    set { stored = CompactRange(newValue) }
  }
}

/// An ENV or LABEL pair, in logical-line coordinates.
public struct KeyValueSyntax: Sendable, Equatable {
  var storedKey: CompactRange
  var storedValue: CompactRange
  /// Whether the pair uses the legacy `KEY value` form.
  public var isLegacy: Bool

  /// Creates a pair.
  public init(key: Range<Int>, value: Range<Int>, isLegacy: Bool) {
    storedKey = CompactRange(key)
    storedValue = CompactRange(value)
    self.isLegacy = isLegacy
  }

  /// The key's range.
  public var key: Range<Int> {
    get { storedKey.range }
    set { storedKey = CompactRange(newValue) }
  }
  /// The value's range (empty for `k=`).
  public var value: Range<Int> {
    get { storedValue.range }
    set { storedValue = CompactRange(newValue) }
  }
}

/// One `--name[=value]` flag, in logical-line coordinates.
public struct FlagSyntax: Sendable, Equatable {
  /// The whole flag word as written.
  public var range: Range<Int>
  /// The flag word as BuildKit reads it (quotes removed, escapes applied), e.g. `--from=build`; nil when
  /// that is exactly the text of `range` (the common case, stored without a copy).
  public var processed: [UInt8]?
}

/// A heredoc opened on an instruction line, with node-relative source ranges.
public struct HeredocSyntax: Sendable, Equatable {
  /// The terminator word after quote removal.
  public var name: [UInt8]
  /// The file descriptor prefix (`3<<EOF`), 0 when absent.
  public var fileDescriptor: UInt
  /// `<<-`: leading tabs are stripped from the body and terminator.
  public var chomp: Bool
  /// False when any part of the delimiter was quoted (no variable expansion in the body).
  public var expand: Bool
  /// The opener word (`<<-"EOF"`) in the logical line.
  public var opener: Range<Int>
  /// The body lines, node-relative source offsets, terminator excluded.
  public var body: Range<Int>
  /// The terminator line without its line ending; nil when the heredoc is unterminated.
  public var terminator: Range<Int>?
}

/// A piece of the logical line: `length` bytes copied from node-relative `sourceStart`.
public struct LineSegment: Sendable, Equatable {
  var storedSourceStart: UInt32
  var storedLogicalStart: UInt32
  var storedLength: UInt32

  /// Creates a segment.
  public init(sourceStart: Int, logicalStart: Int, length: Int) {
    storedSourceStart = compact(sourceStart)
    storedLogicalStart = compact(logicalStart)
    storedLength = compact(length)
  }

  /// Where the bytes sit in the source, relative to the node start.
  public var sourceStart: Int {
    @inline(__always) get { Int(storedSourceStart) }
    set { storedSourceStart = compact(newValue) }
  }
  /// Where they sit in the logical line.
  public var logicalStart: Int {
    @inline(__always) get { Int(storedLogicalStart) }
    set { storedLogicalStart = compact(newValue) }
  }
  /// How many bytes.
  public var length: Int {
    @inline(__always) get { Int(storedLength) }
    set { storedLength = compact(newValue) }
  }
}

/// The parts of an instruction that most instructions lack, in one shared immutable object.
final class InstructionExtras: Sendable {
  let flags: [FlagSyntax]
  let pairs: [KeyValueSyntax]
  let heredocs: [HeredocSyntax]

  init(flags: [FlagSyntax], pairs: [KeyValueSyntax], heredocs: [HeredocSyntax]) {
    self.flags = flags
    self.pairs = pairs
    self.heredocs = heredocs
  }

  /// The extras holding these parts; nil when all are empty.
  static func make(flags: [FlagSyntax], pairs: [KeyValueSyntax], heredocs: [HeredocSyntax]) -> InstructionExtras? {
    flags.isEmpty && pairs.isEmpty && heredocs.isEmpty
      ? nil : InstructionExtras(flags: flags, pairs: pairs, heredocs: heredocs)
  }
}

/// The parsed structure of one instruction (offsets: logical line, or node-relative source where noted).
///
/// Stored in 40 bytes: ranges as 32-bit offsets, and flags, pairs and heredocs (which most instructions lack)
/// in a side object that setting one of them replaces. The commonest argument list, a single `rest` argument
/// spanning the argument text (a shell-form RUN, a USER), is a flag rather than an array: an array of one costs
/// a 64-byte allocation per line, most of what a RUN line's node costs besides the node itself.
public struct InstructionSyntax: Sendable {
  /// The instruction kind from the keyword.
  public var kind: InstructionKind
  /// JSON (exec) form or shell form.
  public var form: ArgumentForm
  /// Whether the arguments are one `rest` argument spanning `argumentText` (then `storedArguments` is empty).
  var argumentsAreRest = false
  var storedKeyword: CompactRange
  var storedArgumentText: CompactRange
  /// The arguments unless `argumentsAreRest`.
  var storedArguments: [ArgumentSyntax]
  var extras: InstructionExtras?

  /// The arguments, as BuildKit splits them (for ENV/LABEL see `pairs`).
  public var arguments: [ArgumentSyntax] {
    get { argumentsAreRest ? [ArgumentSyntax(range: argumentText, kind: .rest)] : storedArguments }
    set {
      storedArguments = newValue
      argumentsAreRest = false
      foldRestArgument()
    }
    // In place (`append`, `reserveCapacity`, inout arguments): a get and a set would copy the array each time.
    _modify {
      if argumentsAreRest {
        storedArguments = [ArgumentSyntax(range: argumentText, kind: .rest)]
        argumentsAreRest = false
      }
      defer { foldRestArgument() }
      yield &storedArguments
    }
  }

  /// Replaces a stored list of one `rest` argument spanning the argument text with the flag.
  private mutating func foldRestArgument() {
    if storedArguments.count == 1 && storedArguments[0].kind == .rest && storedArguments[0].stored == storedArgumentText
    {
      argumentsAreRest = true
      storedArguments = []
    }
  }

  /// The number of arguments (without building the list).
  public var argumentCount: Int { argumentsAreRest ? 1 : storedArguments.count }

  /// Creates an instruction's structure.
  public init(
    kind: InstructionKind, keyword: Range<Int>, flags: [FlagSyntax] = [], arguments: [ArgumentSyntax] = [],
    pairs: [KeyValueSyntax] = [], form: ArgumentForm, argumentText: Range<Int>, heredocs: [HeredocSyntax] = []
  ) {
    self.kind = kind
    self.form = form
    self.storedKeyword = CompactRange(keyword)
    self.storedArgumentText = CompactRange(argumentText)
    self.storedArguments = []
    self.extras = InstructionExtras.make(flags: flags, pairs: pairs, heredocs: heredocs)
    self.arguments = arguments
  }

  /// The keyword, in logical coordinates.
  public var keyword: Range<Int> {
    get { storedKeyword.range }
    set { storedKeyword = CompactRange(newValue) }
  }
  /// The range of the argument text after the flags (logical).
  public var argumentText: Range<Int> {
    get { storedArgumentText.range }
    set {
      // A `rest` argument stays where it was.
      if argumentsAreRest { (storedArguments, argumentsAreRest) = (arguments, false) }
      storedArgumentText = CompactRange(newValue)
    }
  }
  /// The flags before the arguments.
  public var flags: [FlagSyntax] {
    get { extras?.flags ?? [] }
    set { extras = InstructionExtras.make(flags: newValue, pairs: pairs, heredocs: heredocs) }
  }
  /// ENV and LABEL pairs.
  public var pairs: [KeyValueSyntax] {
    get { extras?.pairs ?? [] }
    set { extras = InstructionExtras.make(flags: flags, pairs: newValue, heredocs: heredocs) }
  }
  /// Heredocs opened on this line (for ONBUILD, on the nested instruction's line).
  public var heredocs: [HeredocSyntax] {
    get { extras?.heredocs ?? [] }
    set { extras = InstructionExtras.make(flags: flags, pairs: pairs, heredocs: newValue) }
  }
}

/// The severity of a problem found while parsing.
public enum SyntaxErrorKind: Sendable, Equatable {
  /// BuildKit's parser rejects the file with this error.
  case fatal
  /// BuildKit's parser accepts the text, but the build fails later on it (e.g. an unknown instruction).
  case instruction
  /// BuildKit accepts the text and warns (e.g. an empty continuation line).
  case warning
}

/// A problem found while parsing, with a byte range.
public struct SyntaxError: Sendable, Equatable, CustomStringConvertible {
  /// The bytes to blame, in absolute source offsets once read from a tree (node-relative inside a node).
  public var range: Range<Int>
  /// A sentence describing the problem, in BuildKit's wording where BuildKit has one.
  public var message: String
  /// How bad it is.
  public var kind: SyntaxErrorKind
  /// A stable identifier: `syntax-error` (BuildKit rejects the file), `unknown-instruction`,
  /// `empty-continuation-line`.
  public var code: String

  /// Creates an error; the code defaults from the kind.
  public init(range: Range<Int>, message: String, kind: SyntaxErrorKind, code: String? = nil) {
    self.range = range
    self.message = message
    self.kind = kind
    switch kind {
    case .fatal: self.code = code ?? "syntax-error"
    case .instruction: self.code = code ?? "unknown-instruction"
    case .warning: self.code = code ?? "empty-continuation-line"
    }
  }

  /// `start..<end: message`.
  public var description: String { "\(range.lowerBound)..<\(range.upperBound): \(message)" }

  func shifted(by delta: Int) -> SyntaxError {
    SyntaxError(
      range: (range.lowerBound + delta)..<(range.upperBound + delta), message: message, kind: kind, code: code)
  }
}

/// A parser directive line (`# syntax=...`, `# escape=...`, `# check=...`), node-relative.
public struct DirectiveSyntax: Sendable, Equatable {
  /// The lower-cased directive name.
  public var name: String
  /// The name as written.
  public var nameRange: Range<Int>
  /// The value as BuildKit reads it (trailing whitespace removed).
  public var valueRange: Range<Int>
}

/// The parts of a node that most nodes lack: continuation pieces, ONBUILD nesting, a directive, errors.
final class NodeExtras: Sendable {
  let nested: [InstructionSyntax]
  let moreSegments: [LineSegment]
  let directive: DirectiveSyntax?
  let errors: [SyntaxError]

  init(nested: [InstructionSyntax], moreSegments: [LineSegment], directive: DirectiveSyntax?, errors: [SyntaxError]) {
    self.nested = nested
    self.moreSegments = moreSegments
    self.directive = directive
    self.errors = errors
  }
}

/// One top-level line group. Immutable; offsets inside are relative to the node's start.
///
/// Storage is shaped for the common case, a one-line instruction, which costs two allocations (this object of
/// 88 bytes and its argument list): numbers are 32-bit, the first line segment and the instruction are stored
/// inline, and the rest (`NodeExtras`, `InstructionExtras`) only when a node has it.
public final class SyntaxNode: Sendable {
  /// What the lines are.
  public let kind: NodeKind
  let storedLength: UInt32
  let storedNewlineCount: UInt32
  let storedHeadEnd: UInt32
  /// The first piece of the logical line (its logical start is always 0).
  let firstSourceStart: UInt32
  let firstLength: UInt32
  /// The top-level instruction, for `.instruction` nodes.
  public let instruction: InstructionSyntax?
  /// Nesting, more segments, directive and errors; nil when the node has none of them.
  let extras: NodeExtras?

  init(
    kind: NodeKind, length: Int, newlineCount: Int, instruction: InstructionSyntax? = nil,
    nested: [InstructionSyntax] = [], segments: ArraySlice<LineSegment> = [], directive: DirectiveSyntax? = nil,
    errors: [SyntaxError] = [], headEnd: Int
  ) {
    self.kind = kind
    self.storedLength = compact(length)
    self.storedNewlineCount = compact(newlineCount)
    self.storedHeadEnd = compact(headEnd)
    self.instruction = instruction
    let first = segments.first ?? LineSegment(sourceStart: 0, logicalStart: 0, length: 0)
    self.firstSourceStart = first.storedSourceStart
    self.firstLength = first.storedLength
    let more = segments.count > 1 ? Array(segments.dropFirst()) : []
    if nested.isEmpty && more.isEmpty && directive == nil && errors.isEmpty {
      self.extras = nil
    } else {
      self.extras = NodeExtras(nested: nested, moreSegments: more, directive: directive, errors: errors)
    }
  }

  /// Total bytes, line endings and heredoc bodies included.
  public var length: Int {
    @inline(__always) get { Int(storedLength) }
  }
  /// How many `\n` bytes the node contains.
  public var newlineCount: Int {
    @inline(__always) get { Int(storedNewlineCount) }
  }
  /// Node-relative end of the instruction head (continuation lines included, heredoc bodies excluded).
  public var headEnd: Int {
    @inline(__always) get { Int(storedHeadEnd) }
  }
  /// What ONBUILD wraps, outermost first (a flat list, so `ONBUILD ONBUILD ...` never recurses).
  public var nested: [InstructionSyntax] { extras?.nested ?? [] }
  /// Directive structure, for `.directive` nodes.
  public var directive: DirectiveSyntax? { extras?.directive }
  /// Problems inside this node (node-relative ranges).
  public var errors: [SyntaxError] { extras?.errors ?? [] }
  /// Whether the node has any problem (without building the list).
  public var hasErrors: Bool { !(extras?.errors.isEmpty ?? true) }
  /// The first piece of the logical line.
  var firstSegment: LineSegment {
    LineSegment(sourceStart: Int(firstSourceStart), logicalStart: 0, length: Int(firstLength))
  }
  /// The other pieces (one per continuation line that contributes text).
  var moreSegments: [LineSegment] { extras?.moreSegments ?? [] }

  /// The instruction at ONBUILD depth `depth` (0 is the top level).
  public func instruction(atDepth depth: Int) -> InstructionSyntax? {
    depth == 0 ? instruction : (depth - 1 < nested.count ? nested[depth - 1] : nil)
  }

  /// The top-level instruction followed by what ONBUILD wraps.
  public var chain: [InstructionSyntax] { instruction.map { [$0] + nested } ?? [] }

  /// How many pieces the logical line has.
  public var segmentCount: Int { kind == .instruction ? 1 + moreSegments.count : 0 }

  /// The pieces of the continuation-joined logical line.
  public var segments: [LineSegment] { kind == .instruction ? [firstSegment] + moreSegments : [] }

  @inline(__always)
  func segment(_ i: Int) -> LineSegment { i == 0 ? firstSegment : moreSegments[i - 1] }

  /// Maps a logical-line offset to a node-relative source offset.
  public func sourceOffset(logical: Int) -> Int {
    guard let more = extras?.moreSegments, !more.isEmpty else {
      return Int(firstSourceStart) + min(logical, Int(firstLength))
    }
    var lo = 0
    var hi = more.count
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if segment(mid).logicalStart <= logical { lo = mid } else { hi = mid - 1 }
    }
    let s = segment(lo)
    return s.sourceStart + min(logical - s.logicalStart, s.length)
  }

  /// Maps a logical range to the node-relative source range from its first to its last byte.
  public func sourceRange(logical r: Range<Int>) -> Range<Int> {
    if r.isEmpty {
      let p = sourceOffset(logical: r.lowerBound)
      return p..<p
    }
    let start = sourceOffset(logical: r.lowerBound)
    let end = sourceOffset(logical: r.upperBound - 1) + 1
    return start..<max(start, end)
  }

  /// Maps a logical range to the node-relative source pieces it covers (several when it spans continuations).
  public func sourcePieces(logical r: Range<Int>) -> [Range<Int>] {
    var out: [Range<Int>] = []
    for i in 0..<segmentCount {
      let s = segment(i)
      let lo = max(r.lowerBound, s.logicalStart)
      let hi = min(r.upperBound, s.logicalStart + s.length)
      if lo < hi { out.append((s.sourceStart + lo - s.logicalStart)..<(s.sourceStart + hi - s.logicalStart)) }
    }
    return out
  }

  /// Length of the logical line.
  public var logicalLength: Int {
    guard segmentCount > 0 else { return 0 }
    let last = segment(segmentCount - 1)
    return last.logicalStart + last.length
  }
}
