// Views over an instruction node that answer in absolute byte ranges and BuildKit's values, so that
// later layers never re-tokenise instruction text themselves.

/// One instruction of a tree, with absolute ranges. Holds the tree's source (shared, copy-on-write).
public struct Instruction: Sendable {
  /// The node behind this view.
  public let node: SyntaxNode
  /// Its structure (for ONBUILD's nested instruction, the nested one).
  public let syntax: InstructionSyntax
  /// 0 for the top-level instruction, k for the one k ONBUILDs deep.
  public let depth: Int
  /// The node's absolute start offset.
  public let start: Int
  /// The whole source text.
  public let source: [UInt8]
  /// The escape character in force in the file.
  public let escapeCharacter: UInt8

  init(node: SyntaxNode, depth: Int = 0, start: Int, source: [UInt8], escape: UInt8 = ASCII.backslash) {
    self.node = node
    self.depth = depth
    self.syntax = node.instruction(atDepth: depth)!
    self.start = start
    self.source = source
    self.escapeCharacter = escape
  }

  /// The instruction kind.
  public var kind: InstructionKind { syntax.kind }

  /// The node's whole range: continuation lines and heredoc bodies included, line ending included.
  public var range: Range<Int> { start..<(start + node.length) }

  /// The instruction head: keyword through the end of its last continuation line.
  public var headRange: Range<Int> { start..<(start + node.headEnd) }

  /// The continuation-joined logical line, as BuildKit sees it.
  public var logicalLine: [UInt8] {
    var out: [UInt8] = []
    for i in 0..<node.segmentCount {
      let s = node.segment(i)
      out.append(contentsOf: source[(start + s.sourceStart)..<(start + s.sourceStart + s.length)])
    }
    return out
  }

  /// Absolute source range (first byte to last byte) of a logical range.
  public func sourceRange(_ logical: Range<Int>) -> Range<Int> {
    let r = node.sourceRange(logical: logical)
    return (start + r.lowerBound)..<(start + r.upperBound)
  }

  /// Absolute source pieces of a logical range (several when it spans continuation lines).
  public func sourcePieces(_ logical: Range<Int>) -> [Range<Int>] {
    node.sourcePieces(logical: logical).map { (start + $0.lowerBound)..<(start + $0.upperBound) }
  }

  /// The bytes of a logical range.
  public func text(_ logical: Range<Int>) -> [UInt8] {
    var out: [UInt8] = []
    for r in node.sourcePieces(logical: logical) {
      out.append(contentsOf: source[(start + r.lowerBound)..<(start + r.upperBound)])
    }
    return out
  }

  /// The keyword as written, and where.
  public var keyword: (text: [UInt8], range: Range<Int>) { (text(syntax.keyword), sourceRange(syntax.keyword)) }

  /// The flags, in order.
  public var flags: [Flag] {
    syntax.flags.map { f in
      let word = flagText(f)
      let eq = word.firstIndex(of: ASCII.equals)
      let name = Array(word[2..<(eq ?? word.count)])
      let value = eq.map { Array(word[($0 + 1)...]) }
      // Locate `=` in the raw text for the value's range (quotes may make the raw text differ from `text`).
      let raw = text(f.range)
      let rawEq = raw.firstIndex(of: ASCII.equals)
      let nameRange = sourceRange(f.range.lowerBound..<(f.range.lowerBound + (rawEq ?? raw.count)))
      let valueRange = rawEq.map { sourceRange((f.range.lowerBound + $0 + 1)..<f.range.upperBound) }
      return Flag(
        name: String(decoding: name, as: UTF8.self), value: value, range: sourceRange(f.range), nameRange: nameRange,
        valueRange: valueRange)
    }
  }

  /// A flag word as BuildKit reads it, e.g. `--from=build`.
  public func flagText(_ f: FlagSyntax) -> [UInt8] { f.processed ?? text(f.range) }

  /// The first flag with this name (without the leading `--`).
  public func flag(_ name: String) -> Flag? { flags.first { $0.name == name } }

  /// The arguments as BuildKit splits them (values are BuildKit's: JSON decoded, words verbatim).
  public var arguments: [Argument] {
    syntax.arguments.map { a in
      Argument(value: argumentValue(a), range: sourceRange(a.range), kind: a.kind)
    }
  }

  /// The number of arguments, without building them.
  public var argumentCount: Int { syntax.argumentCount }

  /// One argument, without building the others.
  public func argument(_ index: Int) -> Argument? {
    guard index >= 0, index < syntax.argumentCount else { return nil }
    let a = syntax.argumentsAreRest ? ArgumentSyntax(range: syntax.argumentText, kind: .rest) : syntax.arguments[index]
    return Argument(value: argumentValue(a), range: sourceRange(a.range), kind: a.kind)
  }

  func argumentValue(_ a: ArgumentSyntax) -> [UInt8] {
    let raw = text(a.range)
    switch a.kind {
    case .jsonString: return decodeGoJSONString(raw[...])
    case .quotedWord: return raw.withUnsafeBufferPointer { repairUTF8($0) }
    case .word, .rest, .healthcheckType: return raw
    }
  }

  /// JSON (exec) form or shell form.
  public var form: ArgumentForm { syntax.form }

  /// The argument text after the flags, verbatim from the logical line, and its source range.
  public var argumentText: (text: [UInt8], range: Range<Int>) {
    (text(syntax.argumentText), sourceRange(syntax.argumentText))
  }

  /// ENV and LABEL pairs.
  public var pairs: [KeyValuePair] {
    syntax.pairs.map { p in
      KeyValuePair(
        key: text(p.key), value: text(p.value), keyRange: sourceRange(p.key), valueRange: sourceRange(p.value),
        isLegacy: p.isLegacy)
    }
  }

  /// Heredocs opened by this instruction, with their bodies.
  public var heredocs: [Heredoc] {
    syntax.heredocs.map { h in
      let body = (start + h.body.lowerBound)..<(start + h.body.upperBound)
      return Heredoc(
        name: h.name, fileDescriptor: h.fileDescriptor, chomp: h.chomp, expand: h.expand,
        openerRange: sourceRange(h.opener), bodyRange: body, content: Array(source[body]),
        terminatorRange: h.terminator.map { (start + $0.lowerBound)..<(start + $0.upperBound) })
    }
  }

  /// ONBUILD's nested instruction, as a view over the same node.
  public var child: Instruction? {
    depth < node.nested.count
      ? Instruction(node: node, depth: depth + 1, start: start, source: source, escape: escapeCharacter) : nil
  }

  /// Problems in this instruction's node, with absolute ranges.
  public var errors: [SyntaxError] { node.errors.map { $0.shifted(by: start) } }
}

/// A `--name[=value]` flag.
public struct Flag: Sendable, Equatable {
  /// The name without `--`.
  public var name: String
  /// The value after `=` as BuildKit reads it (quotes removed); nil for a bare `--name`.
  public var value: [UInt8]?
  /// The whole flag.
  public var range: Range<Int>
  /// `--name`.
  public var nameRange: Range<Int>
  /// The value after `=`.
  public var valueRange: Range<Int>?

  /// The value as a string (invalid UTF-8 repaired).
  public var stringValue: String? { value.map { String(decoding: $0, as: UTF8.self) } }
}

/// One argument of an instruction.
public struct Argument: Sendable, Equatable {
  /// BuildKit's value for it.
  public var value: [UInt8]
  /// Where it is (first to last byte; may span continuation lines).
  public var range: Range<Int>
  /// How it was split out.
  public var kind: ArgumentKind

  /// The value as a string (invalid UTF-8 repaired).
  public var string: String { String(decoding: value, as: UTF8.self) }
}

/// An ENV or LABEL pair.
public struct KeyValuePair: Sendable, Equatable {
  /// The key as written.
  public var key: [UInt8]
  /// The raw value as written (quotes kept; BuildKit unquotes at build time).
  public var value: [UInt8]
  /// Where the key is.
  public var keyRange: Range<Int>
  /// Where the value is.
  public var valueRange: Range<Int>
  /// Whether the pair uses the legacy `KEY value` form.
  public var isLegacy: Bool
}

/// A heredoc and its body.
public struct Heredoc: Sendable, Equatable {
  /// The terminator word.
  public var name: [UInt8]
  /// The file descriptor prefix (0 when absent).
  public var fileDescriptor: UInt
  /// `<<-`.
  public var chomp: Bool
  /// Whether the body is subject to variable expansion.
  public var expand: Bool
  /// The opener word on the instruction line.
  public var openerRange: Range<Int>
  /// The body lines (terminator excluded).
  public var bodyRange: Range<Int>
  /// The body bytes as written (leading tabs kept even with `<<-`).
  public var content: [UInt8]
  /// The terminator line, or nil when unterminated.
  public var terminatorRange: Range<Int>?

  /// The body as BuildKit uses it: with `<<-`, leading tabs removed from every line.
  public var effectiveContent: [UInt8] {
    guard chomp else { return content }
    var out: [UInt8] = []
    var atLineStart = true
    for b in content {
      if atLineStart && b == ASCII.tab { continue }
      atLineStart = b == ASCII.newline
      out.append(b)
    }
    return out
  }
}
