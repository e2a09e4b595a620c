// BuildKit expands the words of an instruction with its own shell lexer (frontend/dockerfile/shell/lex.go): quotes
// are removed, escapes applied and `$NAME` / `${NAME...}` replaced. The checks that need a word's *value* (an image
// name under ARG defaults, a COPY source, a constant `--platform`) evaluate it here; the checks that only need which
// variables a word looks up read `scanVariableReferences` instead, which also gives ranges.

/// What looking a variable up gives.
enum VariableLookup: Equatable {
  /// Not set.
  case unset
  /// Set to this value.
  case value(String)
  /// Set, but to a value a static analysis cannot know (a base image's variable, a platform argument).
  case unknown
}

/// Evaluates words the way BuildKit's `Lex.ProcessWord` does, given the variables in scope.
///
/// The result is nil when the value depends on something unknown, uses a pattern operator (`${V#p}`, `${V%p}`,
/// `${V/p/r}`) on a non-empty value, or when BuildKit would fail on the word (an unterminated quote, a bad
/// substitution, `${V?}` on an unset variable).
struct BuildKitWordEvaluator {
  /// The Dockerfile's escape character.
  var escape: Unicode.Scalar = "\\"
  /// Whether quotes are ordinary characters (BuildKit's `SkipProcessQuotes`, used for heredoc bodies).
  var quotesAreLiteral = false
  /// The variables in scope.
  var lookup: (String) -> VariableLookup

  /// The value of `word`, or nil when it cannot be known.
  func evaluate(_ word: [UInt8]) -> String? {
    if case .value(let value) = outcome(of: word) { return value }
    return nil
  }

  /// The value of `word`, or why there is none.
  func outcome(of word: [UInt8]) -> WordOutcome {
    var run = Run(
      scalars: Array(String(decoding: word, as: UTF8.self).unicodeScalars), escape: escape,
      quotesAreLiteral: quotesAreLiteral, lookup: lookup)
    do {
      let value = try run.processStopOn(nil, rawEscapes: false)
      return run.sawUnknown ? .unknown : .value(value)
    } catch EvaluationStop.failed {
      return .failed
    } catch {
      return .unknown
    }
  }

  /// The value of `word`, or nil when it cannot be known.
  func evaluate(_ word: String) -> String? { evaluate(Array(word.utf8)) }
}

/// What evaluating a word gives.
enum WordOutcome: Equatable {
  /// The value.
  case value(String)
  /// The value depends on something not known statically.
  case unknown
  /// BuildKit fails to expand the word.
  case failed
}

/// Why an evaluation stopped.
private enum EvaluationStop: Error {
  /// BuildKit fails on the word.
  case failed
  /// The value depends on something not modelled (pattern operators).
  case unsupported
  /// Nesting deeper than the evaluator follows.
  case tooDeep
}

/// One evaluation: a cursor over the word's scalars, mirroring `shellWord` in lex.go.
private struct Run {
  let scalars: [Unicode.Scalar]
  let escape: Unicode.Scalar
  let quotesAreLiteral: Bool
  let lookup: (String) -> VariableLookup
  var position = 0
  var depth = 0
  var sawUnknown = false

  init(
    scalars: [Unicode.Scalar], escape: Unicode.Scalar, quotesAreLiteral: Bool,
    lookup: @escaping (String) -> VariableLookup
  ) {
    self.scalars = scalars
    self.escape = escape
    self.quotesAreLiteral = quotesAreLiteral
    self.lookup = lookup
  }

  var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

  mutating func next() -> Unicode.Scalar? {
    guard position < scalars.count else { return nil }
    position += 1
    return scalars[position - 1]
  }

  /// `processStopOn`: reads up to `stop` (consumed) or the end; a missing `stop` fails.
  mutating func processStopOn(_ stop: Unicode.Scalar?, rawEscapes: Bool) throws -> String {
    depth += 1
    defer { depth -= 1 }
    guard depth < 64 else { throw EvaluationStop.tooDeep }
    var result = ""
    while let ch = peek {
      if let stop, ch == stop {
        position += 1
        return result
      }
      switch ch {
      case "$":
        result += try processDollar()
      case "'" where !quotesAreLiteral:
        result += try processSingleQuote()
      case "\"" where !quotesAreLiteral:
        result += try processDoubleQuote(rawEscapes: rawEscapes)
      default:
        position += 1
        if ch == escape {
          if rawEscapes { result.unicodeScalars.append(ch) }
          guard let escaped = next() else { break }
          result.unicodeScalars.append(escaped)
        } else {
          result.unicodeScalars.append(ch)
        }
      }
    }
    if stop != nil { throw EvaluationStop.failed }
    return result
  }

  /// Everything up to the next `'` is literal.
  mutating func processSingleQuote() throws -> String {
    position += 1
    var result = ""
    while let ch = next() {
      if ch == "'" { return result }
      result.unicodeScalars.append(ch)
    }
    throw EvaluationStop.failed
  }

  /// Literal except `$`; the escape character escapes `"`, `$` and itself.
  mutating func processDoubleQuote(rawEscapes: Bool) throws -> String {
    position += 1
    var result = ""
    while let ch = peek {
      switch ch {
      case "\"":
        position += 1
        return result
      case "$":
        result += try processDollar()
      default:
        position += 1
        var out = ch
        if ch == escape {
          if rawEscapes { result.unicodeScalars.append(ch) }
          if let following = peek, following == "\"" || following == "$" || following == escape {
            out = following
            position += 1
          }
        }
        result.unicodeScalars.append(out)
      }
    }
    throw EvaluationStop.failed
  }

  mutating func value(of name: String) -> (value: String, isSet: Bool) {
    switch lookup(name) {
    case .unset: return ("", false)
    case .value(let v): return (v, true)
    case .unknown:
      sawUnknown = true
      return ("", true)
    }
  }

  /// `processDollar`: `$NAME`, `${NAME}` and the modifier forms.
  mutating func processDollar() throws -> String {
    position += 1
    guard peek == "{" else {
      let name = processName()
      return name.isEmpty ? "$" : value(of: name).value
    }
    position += 1
    guard let first = peek else { throw EvaluationStop.failed }
    if first == "{" || first == "}" || first == ":" { throw EvaluationStop.failed }
    let name = processName()
    guard var op = next() else { throw EvaluationStop.failed }
    var nullIsUnset = false
    switch op {
    case "}":
      return value(of: name).value
    case ":", "+", "-", "?", "#", "%":
      if op == ":" {
        nullIsUnset = true
        guard let second = next() else { throw EvaluationStop.failed }
        op = second
      }
      let patternOperator = op == "#" || op == "%"
      if nullIsUnset && patternOperator { throw EvaluationStop.failed }
      let word = try processStopOn("}", rawEscapes: patternOperator)
      let (current, isSet) = value(of: name)
      switch op {
      case "-":
        return !isSet || (nullIsUnset && current.isEmpty) ? word : current
      case "+":
        return !isSet || (nullIsUnset && current.isEmpty) ? "" : word
      case "?":
        if !isSet || (nullIsUnset && current.isEmpty) { throw EvaluationStop.failed }
        return current
      case "#", "%":
        // Trimming nothing leaves nothing; real patterns are not modelled.
        if current.isEmpty { return "" }
        throw EvaluationStop.unsupported
      default:
        throw EvaluationStop.failed
      }
    case "/":
      if peek == "/" { position += 1 }
      _ = try processStopOn("/", rawEscapes: true)
      _ = try processStopOn("}", rawEscapes: true)
      _ = value(of: name)
      throw EvaluationStop.unsupported
    default:
      throw EvaluationStop.failed
    }
  }

  /// `processName`: a run of digits, one special parameter, or letters, digits and `_`.
  mutating func processName() -> String {
    var name = ""
    guard let first = peek else { return name }
    if Self.isDigit(first) {
      while let ch = peek, Self.isDigit(ch) {
        name.unicodeScalars.append(ch)
        position += 1
      }
      return name
    }
    if "@*#?-$!0".unicodeScalars.contains(first) {
      position += 1
      return String(first)
    }
    while let ch = peek, Self.isNameCharacter(ch) {
      name.unicodeScalars.append(ch)
      position += 1
    }
    return name
  }

  /// Go's `unicode.IsDigit`.
  static func isDigit(_ s: Unicode.Scalar) -> Bool {
    if s.value < 0x80 { return s.value >= 0x30 && s.value <= 0x39 }
    return s.properties.generalCategory == .decimalNumber
  }

  /// Go's `unicode.IsLetter`, `unicode.IsDigit` or `_`.
  static func isNameCharacter(_ s: Unicode.Scalar) -> Bool {
    if s.value < 0x80 {
      return (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_"
    }
    switch s.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
      return true
    default:
      return false
    }
  }
}
