// The stored shape of a parsed Dockerfile: one immutable node per top-level line group, with every offset
// relative to the node's own start so that an incremental reparse can move nodes without touching them.

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

/// One argument, in logical-line coordinates.
public struct ArgumentSyntax: Sendable, Equatable {
  /// Range in the instruction's logical (continuation-joined) line.
  public var range: Range<Int>
  /// How BuildKit produced it.
  public var kind: ArgumentKind
}

/// An ENV or LABEL pair, in logical-line coordinates.
public struct KeyValueSyntax: Sendable, Equatable {
  /// The key's range.
  public var key: Range<Int>
  /// The value's range (empty for `k=`).
  public var value: Range<Int>
  /// Whether the pair uses the legacy `KEY value` form.
  public var isLegacy: Bool
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
  /// Where the bytes sit in the source, relative to the node start.
  public var sourceStart: Int
  /// Where they sit in the logical line.
  public var logicalStart: Int
  /// How many bytes.
  public var length: Int
}

/// The parsed structure of one instruction (offsets: logical line, or node-relative source where noted).
public struct InstructionSyntax: Sendable {
  /// The instruction kind from the keyword.
  public var kind: InstructionKind
  /// The keyword, in logical coordinates.
  public var keyword: Range<Int>
  /// The flags before the arguments.
  public var flags: [FlagSyntax]
  /// The arguments, as BuildKit splits them (for ENV/LABEL see `pairs`).
  public var arguments: [ArgumentSyntax]
  /// ENV and LABEL pairs.
  public var pairs: [KeyValueSyntax]
  /// JSON (exec) form or shell form.
  public var form: ArgumentForm
  /// The range of the argument text after the flags (logical).
  public var argumentText: Range<Int>
  /// Heredocs opened on this line (for ONBUILD, on the nested instruction's line).
  public var heredocs: [HeredocSyntax]
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

/// One top-level line group. Immutable; offsets inside are relative to the node's start.
///
/// Storage is shaped for the common case so that a one-line instruction costs two allocations (this object
/// and its argument list): the first line segment and the instruction itself are stored inline, and only
/// continuation lines and ONBUILD nesting use extra arrays.
public final class SyntaxNode: Sendable {
  /// What the lines are.
  public let kind: NodeKind
  /// Total bytes, line endings and heredoc bodies included.
  public let length: Int
  /// How many `\n` bytes the node contains.
  public let newlineCount: Int
  /// The top-level instruction, for `.instruction` nodes.
  public let instruction: InstructionSyntax?
  /// What ONBUILD wraps, outermost first (a flat list, so `ONBUILD ONBUILD ...` never recurses).
  public let nested: [InstructionSyntax]
  /// The first piece of the logical line.
  let firstSegment: LineSegment
  /// The other pieces (one per continuation line that contributes text).
  let moreSegments: [LineSegment]
  /// Directive structure, for `.directive` nodes.
  public let directive: DirectiveSyntax?
  /// Problems inside this node (node-relative ranges).
  public let errors: [SyntaxError]
  /// Node-relative end of the instruction head (continuation lines included, heredoc bodies excluded).
  public let headEnd: Int

  init(
    kind: NodeKind, length: Int, newlineCount: Int, instruction: InstructionSyntax? = nil,
    nested: [InstructionSyntax] = [], segments: ArraySlice<LineSegment> = [], directive: DirectiveSyntax? = nil,
    errors: [SyntaxError] = [], headEnd: Int
  ) {
    self.kind = kind
    self.length = length
    self.newlineCount = newlineCount
    self.instruction = instruction
    self.nested = nested
    self.firstSegment = segments.first ?? LineSegment(sourceStart: 0, logicalStart: 0, length: 0)
    self.moreSegments = segments.count > 1 ? Array(segments.dropFirst()) : []
    self.directive = directive
    self.errors = errors
    self.headEnd = headEnd
  }

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
    if moreSegments.isEmpty { return firstSegment.sourceStart + min(logical, firstSegment.length) }
    var lo = 0
    var hi = moreSegments.count
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
