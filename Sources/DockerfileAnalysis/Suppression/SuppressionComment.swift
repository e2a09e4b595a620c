// Reading one comment line as a suppression comment: ours (`# dockerfile-lsp: ignore=...`,
// `# dockerfile-lsp: ignore-file=...`) or one of hadolint's pragmas (`# hadolint ignore=...`,
// `# hadolint global ignore=...`, `# hadolint stage ignore=...`). Suppressions.swift applies them and
// InvalidSuppressionComment.swift reports what is wrong with them; both read comments through this file.
//
// Our grammar (spaces are spaces or tabs; the words are case-insensitive):
//
//     # dockerfile-lsp: ignore=ID[, ID...]        the next instruction
//     # dockerfile-lsp: ignore-file=ID[, ID...]   the whole file
//
// followed optionally by `# a reason`. An ID is a rule's code (`DF401`), name (`pip-no-cache-dir`) or alias
// (`DL3042`, `JSONArgsRecommended`), or `all`. A comment is ours when its text starts with `dockerfile-lsp:`;
// anything wrong in it (an unknown verb, a missing `=`, an empty or unknown ID) is reported, and the IDs that
// are right still apply.
//
// hadolint's grammar is copied exactly (src/Hadolint/Pragma.hs): `hadolint`, one or more spaces, an optional
// `global` or `stage` followed by one or more spaces, `ignore`, `=` with optional spaces around it, and a comma
// list (spaces around commas) of codes made only of the characters `DLSC0123456789`, each optionally followed
// by spaces and a `# comment` that runs to the end of the line. The words are case-sensitive. When anything
// in the list does not fit, hadolint drops the whole pragma; so do we, and DF005 says why.

/// What a suppression comment covers.
enum SuppressionScope: Sendable, Equatable {
  /// `# dockerfile-lsp: ignore=`: the next instruction, whole.
  case nextInstruction
  /// `# dockerfile-lsp: ignore-file=`: the whole file.
  case file
  /// `# hadolint ignore=`: findings whose instruction starts on the next line.
  case hadolintNextLine
  /// `# hadolint stage ignore=`: findings on later lines, up to the next FROM (hadolint's exact rule is in
  /// Suppressions.swift).
  case hadolintStage
  /// `# hadolint global ignore=`: the whole file.
  case hadolintGlobal

  /// Whether this is one of hadolint's pragmas.
  var isHadolint: Bool { self == .hadolintNextLine || self == .hadolintStage || self == .hadolintGlobal }
}

/// A problem in a suppression comment, reported by DF005.
struct SuppressionProblem: Sendable, Equatable {
  /// The bytes to blame (absolute).
  var range: Range<Int>
  /// What is wrong, in a sentence.
  var message: String
}

/// One suppression comment.
struct SuppressionComment: Sendable, Equatable {
  /// What it covers.
  var scope: SuppressionScope
  /// The IDs that take effect, as written (ours: only those that name a rule, or `all`; hadolint's: every code
  /// of a valid pragma, none of an invalid one).
  var ids: [String]
  /// The comment's text from `#` to the end of the line (without trailing spaces), for reports that blame the
  /// whole comment.
  var range: Range<Int>
  /// What is wrong with it.
  var problems: [SuppressionProblem]
}

/// Byte constants for the comment grammars.
private enum Byte {
  static let space = UInt8(ascii: " ")
  static let tab = UInt8(ascii: "\t")
  static let hash = UInt8(ascii: "#")
  static let colon = UInt8(ascii: ":")
  static let equals = UInt8(ascii: "=")
  static let comma = UInt8(ascii: ",")
  static let newline = UInt8(ascii: "\n")
  static let carriageReturn = UInt8(ascii: "\r")

  static func isSpace(_ b: UInt8) -> Bool { b == space || b == tab }
}

/// Reads the comment line starting at `start` of `source` as a suppression comment; nil when it is none.
///
/// `start` is the start of a comment node: the line may begin with whitespace (and, at offset 0, a UTF-8
/// byte-order mark) before `#`.
func readSuppressionComment(_ source: [UInt8], lineStart start: Int) -> SuppressionComment? {
  var end = start
  while end < source.count && source[end] != Byte.newline { end += 1 }
  var i = start
  if i == 0 && source.count >= 3 && source[0] == 0xEF && source[1] == 0xBB && source[2] == 0xBF { i = 3 }
  while i < end && (Byte.isSpace(source[i]) || source[i] == 0x0B || source[i] == 0x0C || source[i] == 0x0D) {
    i += 1
  }
  guard i < end, source[i] == Byte.hash else { return nil }
  // Trailing whitespace (and a CR of a CRLF line ending) is not part of the comment.
  while end > i && (Byte.isSpace(source[end - 1]) || source[end - 1] == Byte.carriageReturn) { end -= 1 }
  var reader = CommentReader(source: source, position: i + 1, end: end, hash: i)
  // A cheap filter first: nearly every comment is neither ours nor hadolint's.
  let first = reader.position + reader.countSpaces()
  guard first < end,
    source[first] == UInt8(ascii: "d") || source[first] == UInt8(ascii: "D")
      || source[first] == UInt8(ascii: "h")
  else { return nil }
  return reader.readOurs() ?? reader.readHadolint()
}

/// A cursor over one comment line's bytes.
private struct CommentReader {
  let source: [UInt8]
  var position: Int
  let end: Int
  /// Where the `#` is.
  let hash: Int

  var atEnd: Bool { position >= end }
  var current: UInt8? { position < end ? source[position] : nil }

  /// How many spaces and tabs start at the cursor (the cursor does not move).
  func countSpaces() -> Int {
    var k = position
    while k < end && Byte.isSpace(source[k]) { k += 1 }
    return k - position
  }

  /// Skips spaces and tabs; returns how many.
  @discardableResult
  mutating func skipSpaces() -> Int {
    let n = countSpaces()
    position += n
    return n
  }

  /// Consumes `word` when the text at the cursor is that word (compared byte for byte, or ignoring ASCII case).
  mutating func consume(_ word: String, ignoringCase: Bool) -> Bool {
    var k = position
    for w in word.utf8 {
      guard k < end else { return false }
      var b = source[k]
      if ignoringCase && b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { b += 32 }
      guard b == w else { return false }
      k += 1
    }
    position = k
    return true
  }

  /// Consumes bytes while `accept` holds; returns their range.
  mutating func take(while accept: (UInt8) -> Bool) -> Range<Int> {
    let s = position
    while position < end && accept(source[position]) { position += 1 }
    return s..<position
  }

  func text(_ r: Range<Int>) -> String { String(decoding: source[r], as: UTF8.self) }

  // MARK: Ours

  /// Reads `dockerfile-lsp: VERB=IDS`; nil when the comment does not start with `dockerfile-lsp:`.
  mutating func readOurs() -> SuppressionComment? {
    var r = self
    r.skipSpaces()
    guard r.consume("dockerfile-lsp", ignoringCase: true) else { return nil }
    r.skipSpaces()
    guard r.current == Byte.colon else { return nil }
    r.position += 1
    self = r
    let whole = hash..<end
    skipSpaces()
    let verbRange = take { b in
      (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
        || b == UInt8(ascii: "-")
    }
    let verb = text(verbRange).lowercased()
    let scope: SuppressionScope
    switch verb {
    case "ignore": scope = .nextInstruction
    case "ignore-file": scope = .file
    default:
      let blamed = verbRange.isEmpty ? position..<max(position, end) : verbRange
      let message =
        verbRange.isEmpty
        ? "expected `ignore=` or `ignore-file=` after `dockerfile-lsp:`"
        : "unknown suppression `\(text(verbRange))`: expected `ignore=` or `ignore-file=`"
      return SuppressionComment(
        scope: .nextInstruction, ids: [], range: whole,
        problems: [SuppressionProblem(range: blamed.isEmpty ? whole : blamed, message: message)])
    }
    skipSpaces()
    guard current == Byte.equals else {
      return SuppressionComment(
        scope: scope, ids: [], range: whole,
        problems: [SuppressionProblem(range: verbRange, message: "expected `=` and rule ids after `\(verb)`")])
    }
    let equals = position..<(position + 1)
    position += 1
    var ids: [String] = []
    var problems: [SuppressionProblem] = []
    var previous = equals
    while true {
      skipSpaces()
      let idRange = take { b in !Byte.isSpace(b) && b != Byte.comma && b != Byte.hash }
      if idRange.isEmpty {
        problems.append(SuppressionProblem(range: previous, message: "expected a rule id after `\(text(previous))`"))
      } else {
        let id = text(idRange)
        if knownSuppressionIDs.contains(id.lowercased()) {
          ids.append(id)
        } else {
          problems.append(SuppressionProblem(range: idRange, message: unknownRuleMessage(id)))
        }
      }
      skipSpaces()
      if atEnd || current == Byte.hash { break }
      if current == Byte.comma {
        previous = position..<(position + 1)
        position += 1
        continue
      }
      // Something that is neither a separator nor a reason: blame it and stop reading.
      let rest = take { b in !Byte.isSpace(b) && b != Byte.comma && b != Byte.hash }
      problems.append(
        SuppressionProblem(
          range: rest, message: "expected `,` between rule ids or `#` before a reason, found `\(text(rest))`"))
      break
    }
    return SuppressionComment(scope: scope, ids: ids, range: whole, problems: problems)
  }

  // MARK: hadolint

  /// Reads hadolint's `ignore` pragmas; nil when the comment is not one (including `# hadolint shell=...`).
  mutating func readHadolint() -> SuppressionComment? {
    skipSpaces()
    guard consume("hadolint", ignoringCase: false), skipSpaces() > 0 else { return nil }
    let whole = hash..<end
    let keywordStart = position
    let scope: SuppressionScope
    if consume("ignore", ignoringCase: false) {
      scope = .hadolintNextLine
    } else if consume("global", ignoringCase: false) {
      scope = .hadolintGlobal
    } else if consume("stage", ignoringCase: false) {
      scope = .hadolintStage
    } else {
      return nil
    }
    func void(_ blamed: Range<Int>, _ why: String) -> SuppressionComment {
      let range = blamed.isEmpty ? keywordStart..<end : blamed
      return SuppressionComment(
        scope: scope, ids: [], range: whole,
        problems: [SuppressionProblem(range: range, message: "hadolint ignores this whole pragma: \(why)")])
    }
    if scope != .hadolintNextLine {
      let keyword = keywordStart..<position
      guard skipSpaces() > 0, consume("ignore", ignoringCase: false) else {
        return void(keyword, "expected `\(text(keyword)) ignore=`")
      }
    }
    skipSpaces()
    guard current == Byte.equals else {
      return void(keywordStart..<position, "expected `=` after `ignore`")
    }
    position += 1
    skipSpaces()
    var codes: [String] = []
    while true {
      let codeRange = take(while: isHadolintCodeByte)
      if codeRange.isEmpty {
        let bad = take { b in !Byte.isSpace(b) && b != Byte.comma && b != Byte.hash }
        if bad.isEmpty {
          return void(position..<min(position + 1, end), "expected a rule code")
        }
        return void(bad, "`\(text(bad))` is not a rule code (codes are made of D, L, S, C and digits)")
      }
      // A code may be followed by spaces and a comment that runs to the end of the line.
      skipSpaces()
      if current == Byte.hash { position = end }
      codes.append(text(codeRange))
      if atEnd { break }
      guard current == Byte.comma else {
        let bad = take { b in !Byte.isSpace(b) && b != Byte.comma && b != Byte.hash }
        guard bad.lowerBound == codeRange.upperBound else {
          return void(bad, "expected `,` between codes, found `\(text(bad))`")
        }
        let joined = codeRange.lowerBound..<bad.upperBound
        return void(joined, "`\(text(joined))` is not a rule code (codes are made of D, L, S, C and digits)")
      }
      position += 1
      skipSpaces()
    }
    return SuppressionComment(scope: scope, ids: codes, range: whole, problems: [])
  }

  func isHadolintCodeByte(_ b: UInt8) -> Bool {
    b == UInt8(ascii: "D") || b == UInt8(ascii: "L") || b == UInt8(ascii: "S") || b == UInt8(ascii: "C")
      || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
  }
}

/// Every id our comments accept, lower-cased: `all` and each rule's code, name and aliases.
let knownSuppressionIDs: Set<String> = Set(
  ["all"]
    + RuleRegistry.all.flatMap { r in
      ([r.descriptor.code, r.descriptor.name] + r.descriptor.aliases).map { $0.lowercased() }
    })

/// "no rule answers to `x`", with the closest known id when one is near enough to be a typo.
func unknownRuleMessage(_ id: String) -> String {
  var message = "no rule answers to `\(id)`"
  if let suggestion = RuleRegistry.closestID(to: id) { message += "; did you mean `\(suggestion)`?" }
  return message
}

extension RuleRegistry {
  /// The rule code, name or alias closest to `id` by edit distance (at most 2, ignoring case), if any: the
  /// suggestion for a misspelt rule id in suppression comments and configuration files.
  public static func closestID(to id: String) -> String? {
    let target = Array(id.lowercased().utf8)
    guard target.count <= 64 else { return nil }
    var best: (id: String, distance: Int)? = nil
    for rule in all {
      let d = rule.descriptor
      for candidate in [d.code, d.name] + d.aliases {
        let distance = editDistance(target, Array(candidate.lowercased().utf8), limit: 2)
        if distance <= 2, distance < (best?.distance ?? 3) { best = (candidate, distance) }
      }
    }
    return best?.id
  }
}

/// Levenshtein distance between two byte strings, or `limit + 1` when it exceeds `limit`.
func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
  if abs(a.count - b.count) > limit { return limit + 1 }
  if a.isEmpty { return min(b.count, limit + 1) }
  var previous = Array(0...b.count)
  var row = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    row[0] = i
    var rowMinimum = row[0]
    for j in stride(from: 1, through: b.count, by: 1) {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
      rowMinimum = min(rowMinimum, row[j])
    }
    if rowMinimum > limit { return limit + 1 }
    swap(&previous, &row)
  }
  return min(previous[b.count], limit + 1)
}
