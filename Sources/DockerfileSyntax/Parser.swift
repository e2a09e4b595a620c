// The never-failing Dockerfile parser: it reads bytes line by line exactly as BuildKit's
// `frontend/dockerfile/parser` does, but records problems instead of stopping, and keeps every byte.

/// BuildKit's bufio.Scanner refuses a physical line of this many bytes or more (its 64 KiB token limit).
let maxLineLength = 65536

/// The state that stays fixed for a whole file once the directive header has been read.
struct ParserConfig: Sendable, Equatable {
  /// The escape character (`\` or `` ` ``).
  var escape: UInt8 = ASCII.backslash
}

/// Parses line groups from a byte buffer. One instance parses one file (or one incremental region).
struct Parser {
  let p: UnsafeBufferPointer<UInt8>
  let n: Int
  let config: ParserConfig
  /// The logical line of the instruction being parsed (reused between instructions).
  var line: [UInt8] = []
  /// Scratch for flag words.
  var word: [UInt8] = []
  /// The pieces of the logical line being parsed (reused between instructions).
  var segments: [LineSegment] = []

  init(_ p: UnsafeBufferPointer<UInt8>, config: ParserConfig) {
    self.p = p
    self.n = p.count
    self.config = config
    line.reserveCapacity(256)
  }

  // MARK: Lines

  /// Bounds of the physical line starting at `start`: content end (line ending excluded) and the next line start.
  @inline(__always)
  func lineBounds(_ start: Int) -> (contentEnd: Int, newline: Int, next: Int) {
    var i = start
    // Eight bytes at a time: a word has a `\n` byte when (x ^ 0x0a..) has a zero byte.
    if let base = p.baseAddress {
      let raw = UnsafeRawPointer(base)
      while i + 8 <= n {
        let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
        if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0 { break }
        i += 8
      }
    }
    while i < n && p[i] != ASCII.newline { i += 1 }
    var ce = i
    while ce > start && p[ce - 1] == ASCII.carriageReturn { ce -= 1 }
    return (ce, i, i < n ? i + 1 : n)
  }

  /// The line-length error for the physical line `start..<newline`, if BuildKit's scanner would refuse it.
  @inline(__always)
  func lineLengthError(_ start: Int, _ newline: Int, nodeStart: Int) -> SyntaxError? {
    guard newline - start >= maxLineLength else { return nil }
    return SyntaxError(
      range: (start - nodeStart)..<(newline - nodeStart),
      message: "dockerfile line greater than max allowed size of \(maxLineLength - 1)", kind: .fatal)
  }

  /// BuildKit's `lineContinuationRegex`: where the content of `anchor..<end` stops if it ends with a continuation.
  @inline(__always)
  func continuation(_ anchor: Int, _ end: Int) -> Int? {
    var k = end
    while k > anchor && (p[k - 1] == ASCII.space || p[k - 1] == ASCII.tab) { k -= 1 }
    guard k > anchor, p[k - 1] == config.escape else { return nil }
    if k - 1 == anchor || p[k - 2] != config.escape { return k - 1 }
    return nil
  }

  // MARK: Items

  /// Parses the item (blank, comment or instruction) whose first line starts at `start`.
  /// Directive lines are handled by `DirectiveHeader` before this is called.
  mutating func parseItem(at start: Int, contentStart: Int? = nil) -> SyntaxNode {
    let (ce, nl, next) = lineBounds(start)
    // BuildKit strips a byte-order mark from the first line only.
    let s = skipGoSpaces(p, contentStart ?? (start == 0 ? bomEnd(p) : start), ce)
    var errors: [SyntaxError] = []
    if let e = lineLengthError(start, nl, nodeStart: start) { errors.append(e) }
    let newlines = nl < n ? 1 : 0
    if s == ce {
      return SyntaxNode(
        kind: .blank, length: next - start, newlineCount: newlines, errors: errors, headEnd: next - start)
    }
    if p[s] == ASCII.hash {
      return SyntaxNode(
        kind: .comment, length: next - start, newlineCount: newlines, errors: errors, headEnd: next - start)
    }
    return parseInstruction(start: start, contentStart: s, firstLine: (ce, nl, next), errors: errors)
  }

  /// Reads an instruction: its continuation lines, its arguments, and its heredoc bodies.
  mutating func parseInstruction(
    start: Int, contentStart s: Int, firstLine: (contentEnd: Int, newline: Int, next: Int), errors: [SyntaxError]
  ) -> SyntaxNode {
    var errors = errors
    var newlines = firstLine.newline < n ? 1 : 0
    segments.removeAll(keepingCapacity: true)
    line.removeAll(keepingCapacity: true)
    var emptyContinuations: [Range<Int>] = []

    func addSegment(_ a: Int, _ b: Int, _ parser: inout Parser) {
      parser.segments.append(LineSegment(sourceStart: a - start, logicalStart: parser.line.count, length: b - a))
      if b > a { parser.line.append(contentsOf: UnsafeBufferPointer(rebasing: parser.p[a..<b])) }
    }

    var cont = continuation(s, firstLine.contentEnd)
    addSegment(s, cont ?? firstLine.contentEnd, &self)
    var pos = firstLine.next
    while cont != nil && pos < n {
      let ls = pos
      let (ce, nl, next) = lineBounds(ls)
      if let e = lineLengthError(ls, nl, nodeStart: start) { errors.append(e) }
      if nl < n { newlines += 1 }
      pos = next
      let fs = skipGoSpaces(p, ls, ce)
      if fs < ce && p[fs] == ASCII.hash { continue }  // comment lines inside a continuation are dropped
      if fs == ce {  // BuildKit skips empty continuation lines, with a warning
        emptyContinuations.append((ls - start)..<(next - start))
        continue
      }
      cont = continuation(ls, ce)
      addSegment(ls, cont ?? ce, &self)
    }
    let headEnd = pos

    let errorsBeforeCommand = errors.count
    var (primary, nested) = parseCommandLine(nodeStart: start, errors: &errors)
    let commandFailed = errors[errorsBeforeCommand...].contains { $0.kind == .fatal }

    if !emptyContinuations.isEmpty {
      let text = String(decoding: line, as: UTF8.self)
      for r in emptyContinuations {
        errors.append(SyntaxError(range: r, message: "Empty continuation line found in: \(text)", kind: .warning))
      }
    }

    // Heredocs: BuildKit looks for them on RUN, COPY and ADD (also under ONBUILD) in shell form.
    let heredocTarget = primary.kind == .onbuild && !nested.isEmpty ? nested[0] : primary
    if heredocTarget.kind.acceptsHeredocs && heredocTarget.form != .json && !commandFailed
      && containsHeredocMarker()
    {
      let openers = line.withUnsafeBufferPointer { lp in
        simpleHeredocsFromLine(lp).map { .success($0) } ?? HeredocWords.heredocsFromLine(lp)
      }
      switch openers {
      case .failure(let e):
        errors.append(
          SyntaxError(
            range: sourceRange(segments, 0..<line.count, nodeStart: start), message: e.message, kind: .fatal))
      case .success(let list):
        var docs: [HeredocSyntax] = []
        for opener in list {
          let bodyStart = pos
          var terminator: Range<Int>? = nil
          var bodyEnd = pos
          while pos < n {
            let ls = pos
            let (ce, nl, next) = lineBounds(ls)
            if let e = lineLengthError(ls, nl, nodeStart: start) { errors.append(e) }
            if nl < n { newlines += 1 }
            pos = next
            // BuildKit's trimNewline strips every trailing \r and \n.
            var t = ls
            if opener.chomp { while t < ce && p[t] == ASCII.tab { t += 1 } }
            if ce - t == opener.name.count
              && opener.name.withUnsafeBufferPointer({ nb in
                var k = 0
                while k < nb.count && nb[k] == p[t + k] { k += 1 }
                return k == nb.count
              })
            {
              terminator = (ls - start)..<(ce - start)
              bodyEnd = ls
              break
            }
            bodyEnd = next
          }
          let opener = HeredocSyntax(
            name: opener.name, fileDescriptor: opener.fileDescriptor, chomp: opener.chomp, expand: opener.expand,
            opener: opener.sourceRange, body: (bodyStart - start)..<(bodyEnd - start), terminator: terminator)
          if terminator == nil {
            errors.append(
              SyntaxError(
                range: sourceRange(segments, opener.opener, nodeStart: start), message: "unterminated heredoc",
                kind: .fatal))
          }
          docs.append(opener)
        }
        if primary.kind == .onbuild && !nested.isEmpty { nested[0].heredocs = docs } else { primary.heredocs = docs }
      }
    }

    return SyntaxNode(
      kind: .instruction, length: pos - start, newlineCount: newlines, instruction: primary, nested: nested,
      segments: segments[...],
      errors: errors, headEnd: headEnd - start)
  }

  func containsHeredocMarker() -> Bool {
    var i = 1
    while i < line.count {
      if line[i] == ASCII.less && line[i - 1] == ASCII.less { return true }
      i += 1
    }
    return false
  }

  /// Maps a logical range of the current line to a node-relative source range.
  func sourceRange(_ segments: [LineSegment], _ r: Range<Int>, nodeStart: Int) -> Range<Int> {
    func map(_ x: Int) -> Int {
      var best = segments[0]
      for s in segments where s.logicalStart <= x { best = s }
      return best.sourceStart + min(x - best.logicalStart, best.length)
    }
    guard !segments.isEmpty else { return 0..<0 }
    if r.isEmpty { return map(r.lowerBound)..<map(r.lowerBound) }
    let a = map(r.lowerBound)
    let b = map(r.upperBound - 1) + 1
    return a..<max(a, b)
  }

  // MARK: Command line (BuildKit's newNodeFromLine and the per-instruction line parsers)

  /// Parses the logical line held in `line` into an instruction and, for ONBUILD, the instructions it wraps
  /// (outermost first).
  mutating func parseCommandLine(nodeStart: Int, errors: inout [SyntaxError])
    -> (InstructionSyntax, [InstructionSyntax])
  {
    var first = splitCommand(0..<line.count, segments: segments, nodeStart: nodeStart, errors: &errors)
    guard first.kind == .onbuild && !first.argumentText.isEmpty else {
      if first.kind != .onbuild { dispatch(&first, segments: segments, nodeStart: nodeStart, errors: &errors) }
      return (first, [])
    }
    var primary: InstructionSyntax? = first
    var nested: [InstructionSyntax] = []
    var range = first.argumentText
    while true {
      var ins = splitCommand(range, segments: segments, nodeStart: nodeStart, errors: &errors)
      let wraps = ins.kind == .onbuild && !ins.argumentText.isEmpty
      if !wraps && ins.kind != .onbuild {
        dispatch(&ins, segments: segments, nodeStart: nodeStart, errors: &errors)
      }
      if primary == nil { primary = ins } else { nested.append(ins) }
      if !wraps { return (primary!, nested) }
      range = ins.argumentText
    }
  }

  /// BuildKit's splitCommand and extractBuilderFlags over `range` of the logical line.
  mutating func splitCommand(
    _ range: Range<Int>, segments: [LineSegment], nodeStart: Int, errors: inout [SyntaxError]
  ) -> InstructionSyntax {
    line.withUnsafeBufferPointer { lp in
      let t0 = skipGoSpaces(lp, range.lowerBound, range.upperBound)
      let t1 = trimGoSpacesEnd(lp, t0, range.upperBound)
      var c1 = t0
      while c1 < t1 && !isRegexWhitespace(lp[c1]) { c1 += 1 }
      var ins = InstructionSyntax(
        kind: keywordKind(lp, t0, c1), keyword: t0..<c1, flags: [], arguments: [], pairs: [], form: .none,
        argumentText: t1..<t1, heredocs: [])
      if ins.kind == .unknown {
        // Long names are shortened in the message (BuildKit prints them whole).
        var name = String(decoding: UnsafeBufferPointer(rebasing: lp[t0..<min(c1, t0 + 60)]), as: UTF8.self)
        if c1 - t0 > 60 { name += "…" }
        errors.append(
          SyntaxError(
            range: sourceRange(segments, t0..<c1, nodeStart: nodeStart),
            message: "unknown instruction: \(name)\(InstructionKind.suggestion(for: name))", kind: .instruction))
      }
      guard c1 < t1 else { return ins }
      var r0 = c1
      while r0 < t1 && isRegexWhitespace(lp[r0]) { r0 += 1 }
      // Into a local first: setting `ins.flags` allocates the instruction's side object.
      var flags: [FlagSyntax] = []
      let restStart = extractFlags(lp, r0, t1, into: &flags)
      if !flags.isEmpty { ins.flags = flags }
      if let restStart {
        let a0 = skipGoSpaces(lp, restStart, t1)
        ins.argumentText = a0..<t1
      }
      return ins
    }
  }

  func keywordKind(_ lp: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> InstructionKind {
    guard b - a >= 3 && b - a <= 11 else {
      return b - a > 11 ? .unknown : (b - a == 0 ? .unknown : nonASCIIKeywordKind(lp, a, b))
    }
    var lo: UInt64 = 0
    var hi: UInt64 = 0
    for i in a..<b {
      let c = lp[i]
      if c >= 0x80 { return nonASCIIKeywordKind(lp, a, b) }
      let shift = UInt64(8 * ((i - a) & 7))
      if i - a < 8 { lo |= UInt64(asciiLower(c)) << shift } else { hi |= UInt64(asciiLower(c)) << shift }
    }
    return InstructionKind.lookup(packedLo: lo, hi: hi)
  }

  /// Go's strings.ToLower maps a few non-ASCII letters to ASCII (the Kelvin sign to `k`, `İ` to `i`).
  func nonASCIIKeywordKind(_ lp: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> InstructionKind {
    InstructionKind.lookup(lowercased: goToLower(UnsafeBufferPointer(rebasing: lp[a..<b])))
  }

  /// BuildKit's extractBuilderFlags: returns where the arguments start, or nil when the line ended in flags.
  mutating func extractFlags(_ lp: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into flags: inout [FlagSyntax])
    -> Int?
  {
    enum Phase { case spaces, word, quote }
    var phase = Phase.spaces
    var quote: UInt8 = 0
    var blankOK = false
    var wordStart = start
    var verbatim = true  // the word so far equals its source text
    word.removeAll(keepingCapacity: true)
    let esc = config.escape
    var pos = start
    func isDashDash(_ w: [UInt8]) -> Bool { w.count == 2 && w[0] == ASCII.dash && w[1] == ASCII.dash }
    func appendByte(_ b: UInt8, _ w: inout [UInt8]) {
      // Go writes rune(byte): bytes >= 0x80 become two-byte UTF-8 sequences.
      if b < 0x80 {
        w.append(b)
      } else {
        w.append(0xC0 | (b >> 6))
        w.append(0x80 | (b & 0x3F))
      }
    }
    while pos <= end {
      var ch: UInt8 = 0
      if pos != end { ch = lp[pos] }
      if phase == .spaces {
        if pos == end { break }
        if isLatin1Space(ch) {
          pos += 1
          continue
        }
        if ch != ASCII.dash || pos + 1 == end || lp[pos + 1] != ASCII.dash { return pos }
        phase = .word
        wordStart = pos
      }
      if pos == end {
        if !isDashDash(word) && (blankOK || !word.isEmpty) {
          flags.append(FlagSyntax(range: wordStart..<end, processed: verbatim ? nil : word))
        }
        break
      }
      if phase == .word {
        if isLatin1Space(ch) {
          phase = .spaces
          if isDashDash(word) { return pos }
          if blankOK || !word.isEmpty {
            flags.append(FlagSyntax(range: wordStart..<pos, processed: verbatim ? nil : word))
          }
          verbatim = true
          word.removeAll(keepingCapacity: true)
          blankOK = false
          pos += 1
          continue
        }
        if ch == ASCII.apostrophe || ch == ASCII.quote {
          quote = ch
          blankOK = true
          phase = .quote
          verbatim = false
          pos += 1
          continue
        }
        if ch == esc {
          verbatim = false
          if pos + 1 == end {
            pos += 1
            continue
          }
          pos += 1
          ch = lp[pos]
        }
        if ch >= 0x80 { verbatim = false }
        appendByte(ch, &word)
        pos += 1
        continue
      }
      // phase == .quote
      if ch == quote {
        phase = .word
        pos += 1
        continue
      }
      if ch == esc {
        if pos + 1 == end {
          phase = .word
          pos += 1
          continue
        }
        pos += 1
        ch = lp[pos]
      }
      appendByte(ch, &word)
      pos += 1
    }
    return nil
  }

  /// Splits the arguments the way BuildKit's dispatch table does for this instruction.
  func dispatch(
    _ ins: inout InstructionSyntax, segments: [LineSegment], nodeStart: Int, errors: inout [SyntaxError]
  ) {
    let a = ins.argumentText
    line.withUnsafeBufferPointer { lp in
      func fatal(_ r: Range<Int>, _ message: String) {
        errors.append(
          SyntaxError(range: sourceRange(segments, r, nodeStart: nodeStart), message: message, kind: .fatal))
      }
      switch ins.kind {
      case .run, .cmd, .entrypoint, .shell:
        maybeJSON(lp, a, &ins, fatal: fatal)
      case .add, .copy, .volume:
        if !maybeJSON(lp, a, &ins, fatal: fatal, fallback: false) { splitWhitespace(lp, a, &ins.arguments) }
      case .from, .expose:
        splitWhitespace(lp, a, &ins.arguments)
      case .arg:
        ins.arguments.reserveCapacity(2)
        parseWords(lp, a, into: &ins.arguments)
      case .env, .label:
        parseNameValue(lp, a, &ins, fatal: fatal)
      case .healthcheck:
        guard !a.isEmpty else { return }
        var sep = a.lowerBound
        while sep < a.upperBound && !isLatin1Space(lp[sep]) { sep += 1 }
        guard sep > a.lowerBound else { return }
        var next = sep
        while next < a.upperBound && isLatin1Space(lp[next]) { next += 1 }
        ins.arguments.reserveCapacity(4)
        ins.arguments.append(ArgumentSyntax(range: a.lowerBound..<sep, kind: .healthcheckType))
        maybeJSON(lp, next..<a.upperBound, &ins, fatal: fatal)
      case .maintainer, .user, .workdir, .stopsignal:
        if !a.isEmpty { ins.arguments = [ArgumentSyntax(range: a, kind: .rest)] }
      case .onbuild, .unknown:
        break
      }
    }
  }

  /// BuildKit's parseMaybeJSON; with `fallback: false` it reports whether JSON was found instead of
  /// adding the shell-form argument.
  @discardableResult
  func maybeJSON(
    _ lp: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ ins: inout InstructionSyntax,
    fatal: (Range<Int>, String) -> Void, fallback: Bool = true
  ) -> Bool {
    guard !a.isEmpty else { return false }
    let j0 = skipGoSpaces(lp, a.lowerBound, a.upperBound)
    if j0 < a.upperBound && lp[j0] == ASCII.leftBracket {
      switch parseGoJSONArray(UnsafeBufferPointer(rebasing: lp[j0..<a.upperBound])) {
      case .strings(let ranges):
        ins.form = .json
        ins.arguments.reserveCapacity(ins.arguments.count + ranges.count)
        for r in ranges {
          ins.arguments.append(ArgumentSyntax(range: (r.lowerBound + j0)..<(r.upperBound + j0), kind: .jsonString))
        }
        return true
      case .notStringArray:
        fatal(a, "when using JSON array syntax, arrays must be comprised of strings only")
        ins.form = .json
        return true
      case .invalid:
        break
      }
    }
    if fallback {
      ins.form = .shell
      ins.arguments.append(ArgumentSyntax(range: a, kind: .rest))
    } else {
      ins.form = .shell
    }
    return false
  }

  /// BuildKit's parseStringsWhitespaceDelimited: split on runs of `[\t\v\f\r ]`.
  func splitWhitespace(_ lp: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ out: inout [ArgumentSyntax]) {
    guard !a.isEmpty else { return }
    var words = 1
    var k = a.lowerBound
    while k < a.upperBound {
      if isRegexWhitespace(lp[k]) {
        words += 1
        while k < a.upperBound && isRegexWhitespace(lp[k]) { k += 1 }
      } else {
        k += 1
      }
    }
    out.reserveCapacity(out.count + words)
    var i = a.lowerBound
    var wordStart = i
    while i < a.upperBound {
      if isRegexWhitespace(lp[i]) {
        out.append(ArgumentSyntax(range: wordStart..<i, kind: .word))
        while i < a.upperBound && isRegexWhitespace(lp[i]) { i += 1 }
        wordStart = i
      } else {
        i += 1
      }
    }
    out.append(ArgumentSyntax(range: wordStart..<a.upperBound, kind: .word))
  }

  /// BuildKit's parseWords: quote-aware words whose text is kept verbatim (an escape at the very end is dropped).
  func parseWords(_ lp: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, into out: inout [ArgumentSyntax]) {
    enum Phase { case spaces, word, quote }
    var phase = Phase.spaces
    var quote: UInt8 = 0
    var blankOK = false
    var wordStart = a.lowerBound
    var wordEnd = a.lowerBound  // end of the text written so far
    let end = a.upperBound
    let esc = config.escape
    var pos = a.lowerBound
    while pos <= end {
      let spaceWidth = pos != end ? goSpaceWidth(lp, pos, end) : 0
      let w = max(1, spaceWidth)
      let isSpace = spaceWidth > 0
      if phase == .spaces {
        if pos == end { break }
        if isSpace {
          pos += w
          continue
        }
        phase = .word
        wordStart = pos
        wordEnd = pos
      }
      if pos == end {
        if blankOK || wordEnd > wordStart { out.append(ArgumentSyntax(range: wordStart..<wordEnd, kind: .quotedWord)) }
        break
      }
      let ch = lp[pos]
      let width = ch < 0x80 ? 1 : runeWidth(lp, pos, end)
      if phase == .word {
        if isSpace {
          phase = .spaces
          if blankOK || wordEnd > wordStart {
            out.append(ArgumentSyntax(range: wordStart..<wordEnd, kind: .quotedWord))
          }
          blankOK = false
          pos += w
          continue
        }
        if ch == ASCII.apostrophe || ch == ASCII.quote {
          quote = ch
          blankOK = true
          phase = .quote
        }
        if ch == esc {
          if pos + 1 == end {
            pos += 1
            continue
          }
          let nextWidth = runeWidth(lp, pos + 1, end)
          pos += 1 + nextWidth
          wordEnd = pos
          continue
        }
        pos += width
        wordEnd = pos
        continue
      }
      // phase == .quote
      if ch == quote { phase = .word }
      if ch == esc && quote != ASCII.apostrophe {
        if pos + 1 == end {
          phase = .word
          pos += 1
          continue
        }
        let nextWidth = runeWidth(lp, pos + 1, end)
        pos += 1 + nextWidth
        wordEnd = pos
        continue
      }
      pos += width
      wordEnd = pos
    }
  }

  /// BuildKit's parseNameVal for ENV and LABEL.
  func parseNameValue(
    _ lp: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ ins: inout InstructionSyntax,
    fatal: (Range<Int>, String) -> Void
  ) {
    var words: [ArgumentSyntax] = []
    words.reserveCapacity(4)
    parseWords(lp, a, into: &words)
    guard let first = words.first else { return }
    func equalsIndex(_ r: Range<Int>) -> Int? {
      var i = r.lowerBound
      while i < r.upperBound {
        if lp[i] == ASCII.equals { return i }
        i += 1
      }
      return nil
    }
    if equalsIndex(first.range) == nil {
      var k = a.lowerBound
      while k < a.upperBound && !isRegexWhitespace(lp[k]) { k += 1 }
      guard k < a.upperBound else {
        fatal(a, "\(ins.kind == .env ? "ENV" : "LABEL") must have two arguments")
        return
      }
      var v = k
      while v < a.upperBound && isRegexWhitespace(lp[v]) { v += 1 }
      ins.pairs = [KeyValueSyntax(key: a.lowerBound..<k, value: v..<a.upperBound, isLegacy: true)]
      return
    }
    var pairs: [KeyValueSyntax] = []
    pairs.reserveCapacity(words.count)
    // Set once at the end: each assignment to `ins.pairs` builds the instruction's side object.
    defer { if !pairs.isEmpty { ins.pairs = pairs } }
    for w in words {
      guard let eq = equalsIndex(w.range) else {
        let quoted = goQuote(repairUTF8(UnsafeBufferPointer(rebasing: lp[w.range]))).lossyString
        fatal(w.range, "Syntax error - can't find = in \(quoted). Must be of the form: name=value")
        return
      }
      pairs.append(
        KeyValueSyntax(key: w.range.lowerBound..<eq, value: (eq + 1)..<w.range.upperBound, isLegacy: false))
    }
  }
}

/// Width of the UTF-8 rune at `i` as Go's decoder reads it (1 for an invalid byte).
@inline(__always)
func runeWidth(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
  if p[i] < 0x80 { return 1 }
  return goDecodeRune(UnsafeBufferPointer(rebasing: p[i..<end]), at: 0).width
}

/// Replaces each invalid UTF-8 byte by U+FFFD, as Go does when it decodes and re-encodes runes.
func repairUTF8(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8] {
  var out: [UInt8] = []
  out.reserveCapacity(p.count)
  var i = 0
  while i < p.count {
    if p[i] < 0x80 {
      out.append(p[i])
      i += 1
      continue
    }
    let (scalar, width) = goDecodeRune(p, at: i)
    if scalar == 0xFFFD && width == 1 {
      out.append(contentsOf: [0xEF, 0xBF, 0xBD])
    } else {
      out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<(i + width)]))
    }
    i += width
  }
  return out
}

/// Go's strings.ToLower: simple per-rune lower-casing; invalid bytes become U+FFFD.
func goToLower(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8] {
  var out: [UInt8] = []
  out.reserveCapacity(p.count)
  var i = 0
  while i < p.count {
    if p[i] < 0x80 {
      out.append(asciiLower(p[i]))
      i += 1
      continue
    }
    let (scalar, width) = goDecodeRune(p, at: i)
    i += width
    guard let u = Unicode.Scalar(scalar) else {
      out.append(contentsOf: [0xEF, 0xBF, 0xBD])
      continue
    }
    let lower = u.properties.lowercaseMapping.unicodeScalars.first ?? u
    out.append(contentsOf: Array(String(Character(lower)).utf8))
  }
  return out
}

extension InstructionKind {
  /// " (did you mean x?)" for a near miss of a known keyword, else "".
  static func suggestion(for name: String) -> String {
    let lower = Array(name.lowercased().utf8)
    var best: (InstructionKind, Int)? = nil
    // Keywords are 3 to 11 bytes; a name more than 2 bytes longer or shorter cannot be within distance 2.
    guard lower.count <= 13 else { return "" }
    for k in InstructionKind.allCases where k != .unknown {
      let d = editDistance(lower, Array(k.rawValue.utf8))
      if d <= 2 && d < lower.count && (best == nil || d < best!.1) { best = (k, d) }
    }
    guard let best else { return "" }
    return " (did you mean \(best.0.rawValue)?)"
  }
}

/// Levenshtein distance between two byte strings.
func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var prev = Array(0...b.count)
  var cur = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    cur[0] = i
    for j in 1...b.count {
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    swap(&prev, &cur)
  }
  return prev[b.count]
}

/// `heredocsFromLine` for the common case of a plain ASCII line without quotes, `$`, backslashes or control
/// characters, where BuildKit's shell lexer reduces to splitting on whitespace; nil when the line needs the
/// full lexer. Gives exactly what `HeredocWords.heredocsFromLine` gives on such lines.
func simpleHeredocsFromLine(_ line: UnsafeBufferPointer<UInt8>) -> [HeredocOpener]? {
  for b in line {
    if b >= 0x80 || b == ASCII.quote || b == ASCII.apostrophe || b == ASCII.dollar || b == ASCII.backslash {
      return nil
    }
    if b < 0x20 && b != ASCII.tab && b != ASCII.carriageReturn { return nil }
  }
  func isSpace(_ b: UInt8) -> Bool { b == ASCII.space || b == ASCII.tab || b == ASCII.carriageReturn }
  var openers: [HeredocOpener] = []
  var i = 0
  let n = line.count
  while i < n {
    while i < n && isSpace(line[i]) { i += 1 }
    guard i < n else { break }
    let wordStart = i
    // A word runs to the next whitespace, except that whitespace right after `<<` belongs to the word.
    while i < n && !isSpace(line[i]) {
      if line[i] == ASCII.less && i + 1 < n && line[i + 1] == ASCII.less {
        i += 2
        while i < n && isSpace(line[i]) { i += 1 }
      } else {
        i += 1
      }
    }
    // ^(\d*)<<(-?)\s*([^<]*)$
    var k = wordStart
    var fd: UInt = 0
    var overflow = false
    while k < i && line[k] >= 0x30 && line[k] <= 0x39 {
      let (m, o1) = fd.multipliedReportingOverflow(by: 10)
      let (s, o2) = m.addingReportingOverflow(UInt(line[k] - 0x30))
      if o1 || o2 { overflow = true }
      fd = s
      k += 1
    }
    guard k + 1 < i, line[k] == ASCII.less, line[k + 1] == ASCII.less else { continue }
    k += 2
    var chomp = false
    if k < i && line[k] == ASCII.dash {
      chomp = true
      k += 1
    }
    while k < i && isSpace(line[k]) { k += 1 }
    guard k < i, !line[k..<i].contains(ASCII.less) else { continue }
    openers.append(
      HeredocOpener(
        name: Array(line[k..<i]), fileDescriptor: overflow ? UInt.max : fd, chomp: chomp, expand: true,
        sourceRange: wordStart..<i))
  }
  return openers
}
