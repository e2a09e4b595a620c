// Editor features need every `$NAME` and `${NAME...}` in a word with exact byte ranges, found the way BuildKit's shell
// lexer (frontend/dockerfile/shell/lex.go) reads them, but without expanding anything.

/// How a `${...}` reference modifies its variable.
public enum VariableModifier: Equatable, Sendable {
  /// `$X` or `${X}`.
  case none
  /// `${X-word}`.
  case defaultIfUnset
  /// `${X:-word}`.
  case defaultIfUnsetOrEmpty
  /// `${X+word}`.
  case alternativeIfSet
  /// `${X:+word}`.
  case alternativeIfSetAndNotEmpty
  /// `${X?word}`.
  case errorIfUnset
  /// `${X:?word}`.
  case errorIfUnsetOrEmpty
  /// `${X#pattern}`.
  case removeShortestPrefix
  /// `${X##pattern}`.
  case removeLongestPrefix
  /// `${X%pattern}`.
  case removeShortestSuffix
  /// `${X%%pattern}`.
  case removeLongestSuffix
  /// `${X/pattern/replacement}`.
  case replaceFirst
  /// `${X//pattern/replacement}`.
  case replaceAll
}

/// One `$NAME` or `${NAME...}` occurrence in a word, with byte ranges into the scanned text.
public struct VariableReference: Equatable, Sendable {
  /// The whole reference, from `$` through the closing `}` (or the end of the name when unbraced).
  public var range: Range<Int>
  /// The variable name (empty for BuildKit-accepted oddities such as `${+x}`).
  public var nameRange: Range<Int>
  /// The variable name's bytes.
  public var name: [UInt8]
  /// Whether the reference is written `${...}`.
  public var isBraced: Bool
  /// The operator after the name.
  public var modifier: VariableModifier
  /// The word after the modifier operator; for the replace forms, the pattern.
  public var operandRange: Range<Int>?
  /// The replacement of `${X/pattern/replacement}` and `${X//pattern/replacement}`.
  public var replacementRange: Range<Int>?
  /// 0 at top level; a reference inside another reference's operand has its parent's depth plus one.
  public var depth: Int

  /// Creates a reference from its parts.
  public init(
    range: Range<Int>, nameRange: Range<Int>, name: [UInt8], isBraced: Bool, modifier: VariableModifier,
    operandRange: Range<Int>?, replacementRange: Range<Int>?, depth: Int
  ) {
    self.range = range
    self.nameRange = nameRange
    self.name = name
    self.isBraced = isBraced
    self.modifier = modifier
    self.operandRange = operandRange
    self.replacementRange = replacementRange
    self.depth = depth
  }
}

/// A malformed reference (what BuildKit reports as an error when it expands the word).
public struct VariableSyntaxError: Equatable, Sendable {
  /// From the reference's `$` to where BuildKit gives up on it.
  public var range: Range<Int>
  /// BuildKit's wording, such as `syntax error: missing '}'`.
  public var message: String

  /// Creates an error from its parts.
  public init(range: Range<Int>, message: String) {
    self.range = range
    self.message = message
  }
}

/// Finds variable references in `text` (already continuation-joined instruction text).
///
/// `escape` is the Dockerfile's ASCII escape token (`\` or a backtick). Ranges are `baseOffset` plus an index into
/// `text`; both arrays come back sorted by where their ranges start.
public func scanVariableReferences(
  in text: UnsafeBufferPointer<UInt8>, escape: UInt8, baseOffset: Int = 0
) -> (references: [VariableReference], errors: [VariableSyntaxError]) {
  var scanner = VariableReferenceScanner(text: text, escape: escape, base: baseOffset)
  scanner.run()
  return (scanner.references, scanner.errors)
}

/// Finds variable references in `text` (already continuation-joined instruction text), with offsets from its start.
public func scanVariableReferences(
  in text: [UInt8], escape: UInt8
) -> (references: [VariableReference], errors: [VariableSyntaxError]) {
  text.withUnsafeBufferPointer { scanVariableReferences(in: $0, escape: escape) }
}

/// A `${` whose closing `}` has not been reached yet.
private struct OpenVariableReference {
  var start: Int
  var nameRange: Range<Int>
  var modifier: VariableModifier
  /// Set when BuildKit reads the operand and only then rejects the modifier (`${X:x...}`, `${X:=...}`).
  var unsupportedModifier: String?
  /// Start of the operand being read: the word, the pattern, or (after the pattern) the replacement.
  var operandStart: Int
  /// The finished pattern of a replace form.
  var pattern: Range<Int>?
  /// Whether a replace form is still reading its pattern (which ends at `/` rather than `}`).
  var inPattern: Bool
}

/// The nesting the scanner is in, above the top level of the word.
private enum VariableScanContext: Equatable {
  /// An operand of the innermost open reference (BuildKit's `processStopOn('}')` or `processStopOn('/')`).
  case operand
  /// Inside `"..."` (BuildKit's `processDoubleQuote`).
  case doubleQuote
}

/// The iterative scanner: nesting lives on explicit stacks so depth costs heap, not native stack.
private struct VariableReferenceScanner {
  static let dollar: UInt8 = 0x24
  static let quote: UInt8 = 0x22
  static let apostrophe: UInt8 = 0x27
  static let openBrace: UInt8 = 0x7B
  static let closeBrace: UInt8 = 0x7D
  static let colon: UInt8 = 0x3A
  static let slash: UInt8 = 0x2F
  static let hash: UInt8 = 0x23
  static let percent: UInt8 = 0x25
  static let dash: UInt8 = 0x2D
  static let plus: UInt8 = 0x2B
  static let question: UInt8 = 0x3F

  static let missingBrace = "syntax error: missing '}'"
  static let missingSlash = "syntax error: missing '/' in ${}"
  static let badSubstitution = "syntax error: bad substitution"

  let text: UnsafeBufferPointer<UInt8>
  let escape: UInt8
  let base: Int
  var references: [VariableReference] = []
  var errors: [VariableSyntaxError] = []
  var open: [OpenVariableReference] = []
  var contexts: [VariableScanContext] = []

  init(text: UnsafeBufferPointer<UInt8>, escape: UInt8, base: Int) {
    self.text = text
    self.escape = escape
    self.base = base
  }

  /// Mirrors `processStopOn`, `processSingleQuote` and `processDoubleQuote` as one loop over explicit stacks.
  mutating func run() {
    let n = text.count
    var i = 0
    while i < n {
      let c = text[i]
      if contexts.last == .doubleQuote {
        if c == Self.quote {
          contexts.removeLast()
          i += 1
        } else if c == Self.dollar {
          i = scanDollar(at: i)
        } else {
          i += 1
          if c == escape, i < n, text[i] == Self.quote || text[i] == Self.dollar || text[i] == escape { i += 1 }
        }
        continue
      }
      if contexts.last == .operand, c == (open[open.count - 1].inPattern ? Self.slash : Self.closeBrace) {
        closeOperand(at: i)
        i += 1
        continue
      }
      switch c {
      case Self.dollar:
        i = scanDollar(at: i)
      case Self.apostrophe:
        var j = i + 1
        while j < n && text[j] != Self.apostrophe { j += 1 }
        i = j < n ? j + 1 : n
      case Self.quote:
        contexts.append(.doubleQuote)
        i += 1
      default:
        i += 1
        if c == escape, i < n { i += 1 }
      }
    }
    // End of text with references still open: BuildKit's outermost `processDollar` reports the failure.
    if let outer = open.first {
      addError(outer.start..<n, outer.inPattern ? Self.missingSlash : Self.missingBrace)
    }
    references.sort { $0.range.lowerBound < $1.range.lowerBound }
    errors.sort { $0.range.lowerBound < $1.range.lowerBound }
  }

  /// Mirrors `processDollar` up to the operand; returns where scanning continues.
  mutating func scanDollar(at start: Int) -> Int {
    let n = text.count
    var j = start + 1
    if j >= n || text[j] != Self.openBrace {
      let end = scanName(from: j)
      if end > j { addReference(start..<end, name: j..<end, braced: false, .none, operand: nil, replacement: nil) }
      return end
    }
    j += 1
    guard j < n else { return unterminated(from: start) }
    let first = text[j]
    if first == Self.openBrace || first == Self.closeBrace || first == Self.colon {
      addError(start..<(j + 1), Self.badSubstitution)
      return j + 1
    }
    let name = j..<scanName(from: j)
    j = name.upperBound
    guard j < n else { return unterminated(from: start) }
    let op = text[j]
    let (opScalar, opWidth) = decodeScalar(at: j)
    j += opWidth
    switch op {
    case Self.closeBrace:
      addReference(start..<j, name: name, braced: true, .none, operand: nil, replacement: nil)
      return j
    case Self.colon:
      guard j < n else {
        openReference(start, name, .none, unsupported: ":\u{FFFD}", operandStart: n)
        return n
      }
      let op2 = text[j]
      let (op2Scalar, op2Width) = decodeScalar(at: j)
      if op2 == Self.hash || op2 == Self.percent {
        addError(start..<(j + 1), "unsupported modifier (:\(Self.display(op2Scalar))) in substitution")
        return j + 1
      }
      let modifier: VariableModifier? =
        switch op2 {
        case Self.dash: .defaultIfUnsetOrEmpty
        case Self.plus: .alternativeIfSetAndNotEmpty
        case Self.question: .errorIfUnsetOrEmpty
        default: nil
        }
      let unsupported = modifier == nil ? ":" + Self.display(op2Scalar) : nil
      openReference(start, name, modifier ?? .none, unsupported: unsupported, operandStart: j + op2Width)
      return j + op2Width
    case Self.dash, Self.plus, Self.question:
      let modifier: VariableModifier =
        op == Self.dash ? .defaultIfUnset : op == Self.plus ? .alternativeIfSet : .errorIfUnset
      openReference(start, name, modifier, unsupported: nil, operandStart: j)
      return j
    case Self.hash, Self.percent:
      let longest = j < n && text[j] == op
      let modifier: VariableModifier =
        op == Self.hash
        ? (longest ? .removeLongestPrefix : .removeShortestPrefix)
        : (longest ? .removeLongestSuffix : .removeShortestSuffix)
      let operandStart = longest ? j + 1 : j
      openReference(start, name, modifier, unsupported: nil, operandStart: operandStart)
      return operandStart
    case Self.slash:
      let all = j < n && text[j] == Self.slash
      let operandStart = all ? j + 1 : j
      openReference(start, name, all ? .replaceAll : .replaceFirst, unsupported: nil, operandStart: operandStart)
      open[open.count - 1].inPattern = true
      return operandStart
    default:
      addError(start..<j, "unsupported modifier (\(Self.display(opScalar))) in substitution")
      return j
    }
  }

  /// A `${` cut off by the end of the text; only the outermost open reference reports it, as BuildKit does.
  mutating func unterminated(from start: Int) -> Int {
    if open.isEmpty { addError(start..<text.count, Self.missingBrace) }
    return text.count
  }

  mutating func openReference(
    _ start: Int, _ name: Range<Int>, _ modifier: VariableModifier, unsupported: String?, operandStart: Int
  ) {
    open.append(
      OpenVariableReference(
        start: start, nameRange: name, modifier: modifier, unsupportedModifier: unsupported,
        operandStart: operandStart, pattern: nil, inPattern: false))
    contexts.append(.operand)
  }

  /// Handles the `/` or `}` at `i` that ends the innermost open reference's current operand.
  mutating func closeOperand(at i: Int) {
    let last = open.count - 1
    let ref = open[last]
    if ref.inPattern {
      open[last].pattern = ref.operandStart..<i
      open[last].operandStart = i + 1
      open[last].inPattern = false
      return
    }
    open.removeLast()
    contexts.removeLast()
    let range = ref.start..<(i + 1)
    if let chs = ref.unsupportedModifier {
      addError(range, "unsupported modifier (\(chs)) in substitution")
    } else {
      // A replace form's operand is its pattern and what was just read is the replacement.
      let operand = ref.pattern ?? ref.operandStart..<i
      let replacement = ref.pattern == nil ? nil : ref.operandStart..<i
      addReference(range, name: ref.nameRange, braced: true, ref.modifier, operand: operand, replacement: replacement)
    }
  }

  mutating func addReference(
    _ range: Range<Int>, name: Range<Int>, braced: Bool, _ modifier: VariableModifier, operand: Range<Int>?,
    replacement: Range<Int>?
  ) {
    references.append(
      VariableReference(
        range: shifted(range), nameRange: shifted(name), name: Array(text[name]), isBraced: braced,
        modifier: modifier, operandRange: operand.map(shifted), replacementRange: replacement.map(shifted),
        depth: open.count))
  }

  mutating func addError(_ range: Range<Int>, _ message: String) {
    errors.append(VariableSyntaxError(range: shifted(range), message: message))
  }

  func shifted(_ range: Range<Int>) -> Range<Int> {
    (base + range.lowerBound)..<(base + range.upperBound)
  }

  /// Mirrors `processName`: a digit run, one special parameter, or a run of letters, digits and `_`.
  func scanName(from start: Int) -> Int {
    let n = text.count
    guard start < n else { return start }
    let (first, firstWidth) = decodeScalar(at: start)
    if let first, Self.isDigit(first) {
      var k = start + firstWidth
      while k < n {
        let (s, w) = decodeScalar(at: k)
        guard let s, Self.isDigit(s) else { break }
        k += w
      }
      return k
    }
    switch text[start] {
    case 0x40, 0x2A, 0x23, 0x3F, 0x2D, 0x24, 0x21, 0x30:  // @ * # ? - $ ! 0
      return start + 1
    default:
      break
    }
    var k = start
    while k < n {
      let (s, w) = decodeScalar(at: k)
      guard let s, Self.isNameCharacter(s) else { break }
      k += w
    }
    return k
  }

  /// The scalar starting at `i` and its byte width; invalid UTF-8 is `nil` with width 1, as Go's decoder reads it.
  func decodeScalar(at i: Int) -> (Unicode.Scalar?, Int) {
    let n = text.count
    let b0 = text[i]
    if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
    // Width and the allowed range of the second byte, which rules out overlong forms, surrogates and > U+10FFFF.
    let (width, lower, upper): (Int, UInt8, UInt8) =
      switch b0 {
      case 0xC2...0xDF: (2, 0x80, 0xBF)
      case 0xE0: (3, 0xA0, 0xBF)
      case 0xED: (3, 0x80, 0x9F)
      case 0xE1...0xEF: (3, 0x80, 0xBF)
      case 0xF0: (4, 0x90, 0xBF)
      case 0xF1...0xF3: (4, 0x80, 0xBF)
      case 0xF4: (4, 0x80, 0x8F)
      default: (0, 0, 0)
      }
    guard width > 0 else { return (nil, 1) }
    guard i + width <= n else { return (nil, 1) }
    let b1 = text[i + 1]
    guard b1 >= lower && b1 <= upper else { return (nil, 1) }
    var value = UInt32(b0) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
    value = value << 6 | UInt32(b1 & 0x3F)
    var k = i + 2
    while k < i + width {
      let b = text[k]
      guard b & 0xC0 == 0x80 else { return (nil, 1) }
      value = value << 6 | UInt32(b & 0x3F)
      k += 1
    }
    return (Unicode.Scalar(value), width)
  }

  /// Go's `unicode.IsDigit`: decimal digits (general category Nd).
  static func isDigit(_ s: Unicode.Scalar) -> Bool {
    if s.value < 0x80 { return s.value >= 0x30 && s.value <= 0x39 }
    return s.properties.generalCategory == .decimalNumber
  }

  /// Go's `unicode.IsLetter`, `unicode.IsDigit` or `_`.
  static func isNameCharacter(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if v < 0x80 {
      return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) || v == 0x5F
    }
    switch s.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
      return true
    default:
      return false
    }
  }

  /// How Go's `string(ch)` prints a modifier character (U+FFFD for invalid UTF-8).
  static func display(_ s: Unicode.Scalar?) -> String {
    String(Character(s ?? "\u{FFFD}"))
  }
}
