// Tokenizes and parses POSIX shell text in one pass with explicit stacks, so hostile input cannot overflow the stack.

/// Parses shell text. `baseOffset` is added to every range.
public func parseShell(_ text: [UInt8], baseOffset: Int = 0) -> ShellScript {
  text.withUnsafeBufferPointer { parseShell($0, baseOffset: baseOffset) }
}

/// Parses shell text held in a buffer. `baseOffset` is added to every range.
public func parseShell(_ text: UnsafeBufferPointer<UInt8>, baseOffset: Int = 0) -> ShellScript {
  var parser = ShellParser(text: text)
  parser.run()
  let map = ShellOffsetMap.shift(baseOffset)
  var script = ShellScript(
    commands: parser.commands.map { map.apply($0, depthOffset: 0) },
    unparsed: parser.unparsed.map { map.apply($0) }
  )
  var expanded: [ShellCommand] = []
  expanded.reserveCapacity(parser.commands.count)
  appendShellExpansions(parser.commands, raw: { Array(text[$0]) }, map: map, depthOffset: 0, level: 0, into: &expanded)
  script.expandedCommands = expanded
  return script
}

/// The deepest nesting of `( )`, `{ }`, `$( )` and backticks that is parsed; deeper input becomes unparsed.
let maximumShellNesting = 200

/// Parses local text into commands and unparsed regions whose ranges are indices into `text`.
func parseShellCommands(_ text: UnsafeBufferPointer<UInt8>) -> (commands: [ShellCommand], unparsed: [Range<Int>]) {
  var parser = ShellParser(text: text)
  parser.run()
  return (parser.commands, parser.unparsed)
}

/// Byte constants used by the tokenizer.
private enum Byte {
  static let newline = UInt8(ascii: "\n")
  static let space = UInt8(ascii: " ")
  static let tab = UInt8(ascii: "\t")
  static let backslash = UInt8(ascii: "\\")
  static let singleQuote = UInt8(ascii: "'")
  static let doubleQuote = UInt8(ascii: "\"")
  static let backtick = UInt8(ascii: "`")
  static let dollar = UInt8(ascii: "$")
  static let hash = UInt8(ascii: "#")
  static let semicolon = UInt8(ascii: ";")
  static let ampersand = UInt8(ascii: "&")
  static let pipe = UInt8(ascii: "|")
  static let less = UInt8(ascii: "<")
  static let greater = UInt8(ascii: ">")
  static let openParen = UInt8(ascii: "(")
  static let closeParen = UInt8(ascii: ")")
  static let openBrace = UInt8(ascii: "{")
  static let closeBrace = UInt8(ascii: "}")
  static let openBracket = UInt8(ascii: "[")
  static let closeBracket = UInt8(ascii: "]")
  static let star = UInt8(ascii: "*")
  static let question = UInt8(ascii: "?")
  static let tilde = UInt8(ascii: "~")
  static let dash = UInt8(ascii: "-")
  static let equals = UInt8(ascii: "=")
}

/// Whether a byte is an ASCII digit.
private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

/// Whether an unquoted byte inside a word stands for itself: none of the cases of `lexWord` applies to it.
private func isPlainInWord(_ byte: UInt8) -> Bool {
  switch byte {
  case Byte.space, Byte.tab, Byte.newline, Byte.semicolon, Byte.ampersand, Byte.pipe, Byte.less, Byte.greater,
    Byte.openParen, Byte.closeParen, Byte.singleQuote, Byte.doubleQuote, Byte.backslash, Byte.dollar, Byte.backtick,
    Byte.star, Byte.question, Byte.openBracket, Byte.closeBracket:
    false
  default:
    true
  }
}

/// Whether a byte inside double quotes stands for itself.
private func isPlainInDoubleQuotes(_ byte: UInt8) -> Bool {
  byte != Byte.doubleQuote && byte != Byte.backslash && byte != Byte.dollar && byte != Byte.backtick
}

/// Operator tokens handed from the tokenizer to the parser.
private enum ShellOperator: Equatable {
  case newline, semicolon, and, or, pipe, background, open, close
  case redirect(heredoc: Bool, stripTabs: Bool)
  /// `;;`, `;&` or `;;&`: the end of a `case` arm.
  case caseBreak
}

/// What kind of construct a parser frame stands for.
private enum FrameKind: Equatable {
  case top, subshell, group, substitution, backtick
}

/// Compound commands whose keywords must balance.
private enum CompoundKind: Equatable {
  case ifClause, loop, caseClause
}

/// Progress through a `case WORD in [(] PATTERN [| PATTERN]... ) COMMANDS ;; ... esac` construct.
private enum CaseState: Equatable {
  /// After `case`: the word to match.
  case subject
  /// After the word: `in` (line breaks allowed before it).
  case inKeyword
  /// Before an arm, after `in` or `;;`: a pattern, `(`, or `esac`.
  case armStart
  /// After `(` or `|`: a pattern.
  case nextPattern
  /// After a pattern: `|` and another, or `)`.
  case afterPattern
  /// In an arm's commands, until `;;` or `esac`.
  case body
}

/// Progress through a `for NAME [in WORDS]` header.
private enum ForState: Equatable {
  case none, name, afterName, words
}

/// A word being tokenized.
private struct WordBuilder {
  var start: Int
  var value: [UInt8] = []
  var literal = true
  var inDoubleQuote = false
  var openBracket = false
}

/// Parser state for one nesting level.
private struct Frame {
  var kind: FrameKind
  var start: Int
  var depth: Int
  var savedWord: WordBuilder?
  var connector: ShellConnector
  var assignments: [ShellWord] = []
  var words: [ShellWord] = []
  var redirections: [Range<Int>] = []
  var commandStart: Int?
  var commandEnd = 0
  var compounds: [(kind: CompoundKind, start: Int)] = []
  var forState = ForState.none
  /// One state per `caseClause` in `compounds`, innermost last.
  var caseStates: [CaseState] = []
  var redirectionStart: Int?
  var redirectionHeredoc = false
  var redirectionStripsTabs = false
  var discardRedirection = false
  var afterCompound = false
  var pendingFunction = false
  var needsCommand: Int?

  /// Whether nothing is left open in this frame.
  var isClean: Bool {
    compounds.isEmpty && forState == .none && redirectionStart == nil && !pendingFunction && needsCommand == nil
  }

  /// Where the innermost open construct is in a `case`, when that construct is a `case`.
  var caseState: CaseState? { compounds.last?.kind == .caseClause ? caseStates.last : nil }
}

/// The one-pass tokenizer and parser.
private struct ShellParser {
  let text: UnsafeBufferPointer<UInt8>
  var index = 0
  var frames: [Frame]
  var word: WordBuilder?
  var commands: [ShellCommand] = []
  var unparsed: [Range<Int>] = []
  var heredocs: [(delimiter: [UInt8], stripTabs: Bool)] = []
  var stopped = false

  init(text: UnsafeBufferPointer<UInt8>) {
    self.text = text
    frames = [Frame(kind: .top, start: 0, depth: 0, connector: .start)]
  }

  var count: Int { text.count }
  var top: Int { frames.count - 1 }

  mutating func run() {
    while !stopped {
      if word != nil {
        lexWord()
        continue
      }
      guard index < count else {
        finishInput()
        break
      }
      lexBoundary(text[index])
    }
    commands.sort { $0.range.lowerBound < $1.range.lowerBound }
  }

  // MARK: Tokenizer

  mutating func lexBoundary(_ byte: UInt8) {
    let start = index
    let next: UInt8? = index + 1 < count ? text[index + 1] : nil
    switch byte {
    case Byte.space, Byte.tab:
      index += 1
    case Byte.backslash where next == Byte.newline:
      index += 2
    case Byte.newline:
      index += 1
      handle(.newline, start..<index)
      if !heredocs.isEmpty && !stopped { skipHeredocBodies() }
    case Byte.hash:
      while index < count && text[index] != Byte.newline { index += 1 }
    case Byte.semicolon:
      if next == Byte.semicolon || next == Byte.ampersand {
        index += next == Byte.semicolon && index + 2 < count && text[index + 2] == Byte.ampersand ? 3 : 2
        handle(.caseBreak, start..<index)
      } else {
        index += 1
        handle(.semicolon, start..<index)
      }
    case Byte.ampersand:
      if next == Byte.ampersand {
        index += 2
        handle(.and, start..<index)
      } else if next == Byte.greater {
        index += index + 2 < count && text[index + 2] == Byte.greater ? 3 : 2
        handle(.redirect(heredoc: false, stripTabs: false), start..<index)
      } else {
        index += 1
        handle(.background, start..<index)
      }
    case Byte.pipe:
      index += next == Byte.pipe || next == Byte.ampersand ? 2 : 1
      handle(next == Byte.pipe ? .or : .pipe, start..<index)
    case Byte.openParen:
      index += 1
      handle(.open, start..<index)
    case Byte.closeParen:
      index += 1
      // Inside `$( )`, a `)` that ends a `case` pattern is the pattern's.
      if frames[top].kind == .substitution && frames[top].caseState.map({ $0 == .body }) ?? true {
        closeFrame(at: start, end: index)
      } else {
        handle(.close, start..<index)
      }
    case Byte.less, Byte.greater:
      lexRedirection(start: start, operatorAt: index)
    case Byte.backtick where frames[top].kind == .backtick:
      index += 1
      closeFrame(at: start, end: index)
    default:
      if isDigit(byte) {
        var cursor = index
        while cursor < count && isDigit(text[cursor]) { cursor += 1 }
        if cursor < count && (text[cursor] == Byte.less || text[cursor] == Byte.greater) {
          lexRedirection(start: start, operatorAt: cursor)
          return
        }
      }
      word = WordBuilder(start: index)
    }
  }

  mutating func lexRedirection(start: Int, operatorAt position: Int) {
    func at(_ offset: Int) -> UInt8? { position + offset < count ? text[position + offset] : nil }
    var length = 1
    var heredoc = false
    var stripTabs = false
    if text[position] == Byte.less {
      if at(1) == Byte.less {
        if at(2) == Byte.less {
          length = 3
        } else if at(2) == Byte.dash {
          length = 3
          heredoc = true
          stripTabs = true
        } else {
          length = 2
          heredoc = true
        }
      } else if at(1) == Byte.greater || at(1) == Byte.ampersand {
        length = 2
      }
    } else if at(1) == Byte.greater || at(1) == Byte.pipe || at(1) == Byte.ampersand {
      length = 2
    }
    index = position + length
    handle(.redirect(heredoc: heredoc, stripTabs: stripTabs), start..<index)
  }

  mutating func lexWord() {
    guard var current = word else { return }
    word = nil
    while index < count && !stopped {
      let byte = text[index]
      if current.inDoubleQuote {
        switch byte {
        case Byte.doubleQuote:
          current.inDoubleQuote = false
          index += 1
        case Byte.backslash:
          let next: UInt8? = index + 1 < count ? text[index + 1] : nil
          if next == Byte.newline {
            index += 2
          } else if let next,
            next == Byte.dollar || next == Byte.backtick || next == Byte.doubleQuote
              || next == Byte.backslash
          {
            current.value.append(next)
            index += 2
          } else {
            current.value.append(byte)
            index += 1
          }
        case Byte.dollar:
          if !lexDollar(&current) { return }
        case Byte.backtick:
          index += 1
          _ = pushFrame(.backtick, start: index - 1, saving: current, connector: .start)
          return
        default:
          var end = index + 1
          while end < count && isPlainInDoubleQuotes(text[end]) { end += 1 }
          current.value.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<end]))
          index = end
        }
        continue
      }
      switch byte {
      case Byte.space, Byte.tab, Byte.newline, Byte.semicolon, Byte.ampersand, Byte.pipe, Byte.less, Byte.greater,
        Byte.openParen, Byte.closeParen:
        emitWord(current)
        return
      case Byte.singleQuote:
        var close = index + 1
        while close < count && text[close] != Byte.singleQuote { close += 1 }
        guard close < count else {
          word = current
          fail(at: current.start)
          return
        }
        current.value.append(contentsOf: UnsafeBufferPointer(rebasing: text[(index + 1)..<close]))
        index = close + 1
      case Byte.doubleQuote:
        current.inDoubleQuote = true
        index += 1
      case Byte.backslash:
        if index + 1 < count {
          if text[index + 1] != Byte.newline { current.value.append(text[index + 1]) }
          index += 2
        } else {
          current.value.append(byte)
          index += 1
        }
      case Byte.dollar:
        if !lexDollar(&current) { return }
      case Byte.backtick:
        if frames[top].kind == .backtick {
          emitWord(current)
          return
        }
        index += 1
        _ = pushFrame(.backtick, start: index - 1, saving: current, connector: .start)
        return
      case Byte.star, Byte.question:
        current.literal = false
        current.value.append(byte)
        index += 1
      case Byte.openBracket:
        current.openBracket = true
        current.value.append(byte)
        index += 1
      case Byte.closeBracket:
        if current.openBracket { current.literal = false }
        current.value.append(byte)
        index += 1
      default:
        if byte == Byte.tilde && index == current.start { current.literal = false }
        // The bytes up to the next one with a meaning of its own are copied at once.
        var end = index + 1
        while end < count && isPlainInWord(text[end]) { end += 1 }
        current.value.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<end]))
        index = end
      }
    }
    if stopped { return }
    if current.inDoubleQuote {
      word = current
      fail(at: current.start)
      return
    }
    emitWord(current)
  }

  /// The index of the `close` byte that balances the `open` byte at `start`, or nil at the end of the text
  /// (with `skipEscapes`, a backslash hides the byte after it).
  func matchingClose(_ open: UInt8, _ close: UInt8, from start: Int, skipEscapes: Bool) -> Int? {
    var depth = 0
    var cursor = start
    while cursor < count {
      let byte = text[cursor]
      if skipEscapes && byte == Byte.backslash {
        cursor += 2
        continue
      }
      if byte == open { depth += 1 }
      if byte == close {
        depth -= 1
        if depth == 0 { return cursor }
      }
      cursor += 1
    }
    return nil
  }

  /// Handles `$` at `index`; returns false when the word was suspended (a frame was pushed) or parsing stopped.
  mutating func lexDollar(_ current: inout WordBuilder) -> Bool {
    let start = index
    guard index + 1 < count else {
      current.value.append(Byte.dollar)
      index += 1
      return true
    }
    let next = text[index + 1]
    var end = index + 1
    switch next {
    case Byte.openParen:
      if index + 2 < count && text[index + 2] == Byte.openParen {
        guard let close = matchingClose(Byte.openParen, Byte.closeParen, from: index + 1, skipEscapes: false) else {
          word = current
          fail(at: current.start)
          return false
        }
        end = close + 1
      } else {
        index += 2
        return pushFrame(.substitution, start: start, saving: current, connector: .start)
      }
    case Byte.openBrace:
      guard let close = matchingClose(Byte.openBrace, Byte.closeBrace, from: index + 1, skipEscapes: true) else {
        word = current
        fail(at: current.start)
        return false
      }
      end = close + 1
    case Byte.singleQuote, Byte.doubleQuote:
      if !current.inDoubleQuote { current.literal = false }
      current.value.append(Byte.dollar)
      index += 1
      return true
    default:
      if isShellNameStart(next) {
        end = index + 2
        while end < count && isShellAlphanumeric(text[end]) { end += 1 }
      } else if isDigit(next) || "@*#?$!-".utf8.contains(next) {
        end = index + 2
      } else {
        current.value.append(Byte.dollar)
        index += 1
        return true
      }
    }
    current.literal = false
    current.value.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end]))
    index = end
    return true
  }

  mutating func skipHeredocBodies() {
    for heredoc in heredocs {
      while index < count {
        var lineEnd = index
        while lineEnd < count && text[lineEnd] != Byte.newline { lineEnd += 1 }
        var lineStart = index
        if heredoc.stripTabs {
          while lineStart < lineEnd && text[lineStart] == Byte.tab { lineStart += 1 }
        }
        let matches = text[lineStart..<lineEnd].elementsEqual(heredoc.delimiter)
        index = min(lineEnd + 1, count)
        if matches { break }
      }
    }
    heredocs.removeAll()
  }

  // MARK: Frames

  /// Pushes a nesting level; returns false (and stops) beyond the nesting bound.
  mutating func pushFrame(
    _ kind: FrameKind, start: Int, saving saved: WordBuilder?, connector: ShellConnector
  ) -> Bool {
    if frames.count > maximumShellNesting {
      word = saved
      fail(at: start)
      return false
    }
    frames.append(Frame(kind: kind, start: start, depth: frames[top].depth + 1, savedWord: saved, connector: connector))
    return false
  }

  mutating func closeFrame(at position: Int, end: Int) {
    guard frames[top].isClean, frames[top].kind != .top else {
      fail(at: position)
      return
    }
    finishCommand()
    let frame = frames.removeLast()
    switch frame.kind {
    case .subshell, .group:
      frames[top].afterCompound = true
      frames[top].commandEnd = end
    case .substitution, .backtick:
      guard var restored = frame.savedWord else { return }
      restored.literal = false
      restored.value.append(contentsOf: UnsafeBufferPointer(rebasing: text[frame.start..<end]))
      word = restored
    case .top:
      break
    }
  }

  // MARK: Parser

  mutating func emitWord(_ built: WordBuilder) {
    let range = built.start..<index
    let shellWord = ShellWord(range: range, value: built.value, isLiteral: built.literal)
    let raw = text[range]
    let t = top
    if let state = frames[t].caseState, state != .body {
      caseHeaderWord(state, raw: raw, at: range.lowerBound)
      return
    }
    if let redirectionStart = frames[t].redirectionStart {
      frames[t].redirectionStart = nil
      if frames[t].redirectionHeredoc { heredocs.append((built.value, frames[t].redirectionStripsTabs)) }
      if !frames[t].discardRedirection {
        frames[t].redirections.append(redirectionStart..<range.upperBound)
        frames[t].commandEnd = range.upperBound
      }
      return
    }
    if frames[t].pendingFunction {
      fail(at: range.lowerBound)
      return
    }
    switch frames[t].forState {
    case .none:
      break
    case .name:
      frames[t].forState = .afterName
      return
    case .afterName:
      if raw.elementsEqual("in".utf8) {
        frames[t].forState = .words
      } else if raw.elementsEqual("do".utf8) {
        frames[t].forState = .none
      } else {
        fail(at: range.lowerBound)
      }
      return
    case .words:
      return
    }
    let atCommandStart = frames[t].commandStart == nil
    if atCommandStart && raw.count <= 5, let keyword = String(validating: raw, as: UTF8.self) {
      if handleKeyword(keyword, range: range) { return }
    }
    if frames[t].afterCompound {
      fail(at: range.lowerBound)
      return
    }
    frames[t].needsCommand = nil
    if frames[t].commandStart == nil { frames[t].commandStart = range.lowerBound }
    frames[t].commandEnd = range.upperBound
    if frames[t].words.isEmpty && isAssignment(raw) {
      frames[t].assignments.append(shellWord)
    } else {
      frames[t].words.append(shellWord)
    }
  }

  /// A word in a `case` header or pattern list.
  mutating func caseHeaderWord(_ state: CaseState, raw: Slice<UnsafeBufferPointer<UInt8>>, at position: Int) {
    let t = top
    switch state {
    case .subject:
      frames[t].caseStates[frames[t].caseStates.count - 1] = .inKeyword
    case .inKeyword:
      guard raw.elementsEqual("in".utf8) else { return fail(at: position) }
      frames[t].caseStates[frames[t].caseStates.count - 1] = .armStart
    case .armStart where raw.elementsEqual("esac".utf8):
      closeCase()
    case .armStart, .nextPattern:
      frames[t].caseStates[frames[t].caseStates.count - 1] = .afterPattern
    case .afterPattern, .body:
      fail(at: position)
    }
  }

  /// Ends the innermost `case` at `esac`.
  mutating func closeCase() {
    let t = top
    frames[t].compounds.removeLast()
    frames[t].caseStates.removeLast()
    frames[t].afterCompound = true
  }

  func isAssignment(_ raw: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    guard let first = raw.first, isShellNameStart(first) else { return false }
    for byte in raw.dropFirst() {
      if byte == Byte.equals { return true }
      if !isShellAlphanumeric(byte) { return false }
    }
    return false
  }

  /// Handles a reserved word at command start; returns false when `keyword` is an ordinary word.
  mutating func handleKeyword(_ keyword: String, range: Range<Int>) -> Bool {
    let t = top
    // Switches rather than arrays of strings: this runs for every short word at a command's start.
    let opening: Bool
    switch keyword {
    case "if", "while", "until", "for", "case", "{", "!": opening = true
    default: opening = false
    }
    let continuing: Bool
    switch keyword {
    case "then", "elif", "else", "fi", "do", "done", "}": continuing = true
    default: continuing = false
    }
    guard opening || continuing || keyword == "esac" || keyword == "in" || keyword == "function" else { return false }
    if keyword == "esac" && frames[t].caseState == .body && frames[t].needsCommand == nil {
      closeCase()
      return true
    }
    if opening && frames[t].afterCompound || continuing && frames[t].needsCommand != nil {
      fail(at: range.lowerBound)
      return true
    }
    switch keyword {
    case "!":
      break
    case "if":
      frames[t].compounds.append((.ifClause, range.lowerBound))
    case "while", "until":
      frames[t].compounds.append((.loop, range.lowerBound))
    case "for":
      frames[t].compounds.append((.loop, range.lowerBound))
      frames[t].forState = .name
    case "case":
      frames[t].compounds.append((.caseClause, range.lowerBound))
      frames[t].caseStates.append(.subject)
    case "{":
      frames[t].needsCommand = nil
      _ = pushFrame(.group, start: range.lowerBound, saving: nil, connector: frames[t].connector)
      return true
    case "then", "elif", "else":
      guard frames[t].compounds.last?.kind == .ifClause else { break }
      frames[t].afterCompound = false
      return true
    case "fi":
      guard frames[t].compounds.last?.kind == .ifClause else { break }
      frames[t].compounds.removeLast()
      frames[t].afterCompound = true
      return true
    case "do":
      guard frames[t].compounds.last?.kind == .loop else { break }
      frames[t].afterCompound = false
      return true
    case "done":
      guard frames[t].compounds.last?.kind == .loop else { break }
      frames[t].compounds.removeLast()
      frames[t].afterCompound = true
      return true
    case "}":
      guard frames[t].kind == .group else { break }
      closeFrame(at: range.lowerBound, end: range.upperBound)
      return true
    default:
      break
    }
    if !opening {
      fail(at: range.lowerBound)
      return true
    }
    if keyword != "!" { frames[t].needsCommand = nil }
    return true
  }

  mutating func handle(_ op: ShellOperator, _ range: Range<Int>) {
    if stopped { return }
    let t = top
    if let state = frames[t].caseState, state != .body || op == .caseBreak {
      caseOperator(state, op, at: range.lowerBound)
      return
    }
    if frames[t].redirectionStart != nil {
      fail(at: range.lowerBound)
      return
    }
    if frames[t].pendingFunction {
      if op == .close {
        frames[t].pendingFunction = false
      } else {
        fail(at: range.lowerBound)
      }
      return
    }
    if frames[t].forState != .none {
      if frames[t].forState != .name && (op == .newline || op == .semicolon) {
        frames[t].forState = .none
      } else {
        fail(at: range.lowerBound)
      }
      return
    }
    let hasCommand = frames[t].commandStart != nil
    switch op {
    case .redirect(let heredoc, let stripTabs):
      if !hasCommand && !frames[t].afterCompound { frames[t].commandStart = range.lowerBound }
      frames[t].redirectionStart = range.lowerBound
      frames[t].redirectionHeredoc = heredoc
      frames[t].redirectionStripsTabs = stripTabs
      frames[t].discardRedirection = frames[t].afterCompound
      frames[t].needsCommand = nil
    case .and, .or, .pipe:
      guard hasCommand || frames[t].afterCompound else {
        fail(at: range.lowerBound)
        return
      }
      finishCommand()
      frames[t].afterCompound = false
      frames[t].connector = op == .and ? .and : op == .or ? .or : .pipe
      frames[t].needsCommand = range.lowerBound
    case .semicolon, .background:
      guard frames[t].needsCommand == nil else {
        fail(at: range.lowerBound)
        return
      }
      finishCommand()
      frames[t].afterCompound = false
      frames[t].connector = op == .semicolon ? .sequence : .background
    case .newline:
      guard frames[t].needsCommand == nil, hasCommand || frames[t].afterCompound else { return }
      finishCommand()
      frames[t].afterCompound = false
      frames[t].connector = .sequence
    case .open:
      if hasCommand {
        if frames[t].words.count == 1 && frames[t].assignments.isEmpty && frames[t].redirections.isEmpty {
          resetCommand()
          frames[t].pendingFunction = true
        } else {
          fail(at: range.lowerBound)
        }
        return
      }
      guard !frames[t].afterCompound else {
        fail(at: range.lowerBound)
        return
      }
      frames[t].needsCommand = nil
      _ = pushFrame(.subshell, start: range.lowerBound, saving: nil, connector: frames[t].connector)
    case .close:
      guard frames[t].kind == .subshell else {
        fail(at: range.lowerBound)
        return
      }
      closeFrame(at: range.lowerBound, end: range.upperBound)
    case .caseBreak:
      // Outside a `case` arm (or with an `if` or loop of the arm still open), `;;` is a syntax error.
      fail(at: range.lowerBound)
    }
  }

  /// An operator in a `case` header or pattern list, or the `;;` that ends an arm.
  mutating func caseOperator(_ state: CaseState, _ op: ShellOperator, at position: Int) {
    let t = top
    let last = frames[t].caseStates.count - 1
    switch (state, op) {
    case (.inKeyword, .newline), (.armStart, .newline):
      break
    case (.armStart, .open), (.afterPattern, .pipe):
      frames[t].caseStates[last] = .nextPattern
    case (.afterPattern, .close):
      frames[t].caseStates[last] = .body
      frames[t].needsCommand = nil
      frames[t].afterCompound = false
      // An arm's commands follow its pattern, not what came before `case`: a pipe into the `case` does not
      // lead to the arm's first command (a rule looking back from it for the `|` would find a pattern's).
      frames[t].connector = .sequence
    case (.body, .caseBreak):
      guard frames[t].needsCommand == nil, frames[t].redirectionStart == nil, frames[t].forState == .none,
        !frames[t].pendingFunction
      else { return fail(at: position) }
      finishCommand()
      frames[t].afterCompound = false
      frames[t].connector = .sequence
      frames[t].caseStates[last] = .armStart
    default:
      fail(at: position)
    }
  }

  mutating func resetCommand() {
    let t = top
    frames[t].assignments = []
    frames[t].words = []
    frames[t].redirections = []
    frames[t].commandStart = nil
  }

  mutating func finishCommand() {
    let t = top
    guard let start = frames[t].commandStart else { return }
    let frame = frames[t]
    commands.append(
      ShellCommand(
        assignments: frame.assignments, words: frame.words, redirections: frame.redirections,
        range: start..<max(start, frame.commandEnd), connector: frame.connector, depth: frame.depth
      )
    )
    resetCommand()
  }

  mutating func finishInput() {
    let frame = frames[top]
    if frames.count > 1 || !frame.isClean {
      fail(at: frame.needsCommand ?? count)
      return
    }
    finishCommand()
  }

  /// Marks everything from the earliest unfinished construct (at most `position`) to the end as unparsed and stops.
  mutating func fail(at position: Int) {
    var cut = min(position, count)
    if let word { cut = min(cut, word.start) }
    for frame in frames {
      if let start = frame.commandStart { cut = min(cut, start) }
      if let compound = frame.compounds.first { cut = min(cut, compound.start) }
      if let saved = frame.savedWord { cut = min(cut, saved.start) }
      if frame.kind != .top { cut = min(cut, frame.start) }
    }
    commands.removeAll { $0.range.lowerBound >= cut }
    unparsed.removeAll { $0.lowerBound >= cut }
    if cut < count { unparsed.append(cut..<count) }
    word = nil
    stopped = true
  }
}
