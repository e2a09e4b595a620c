// Helpers shared by the dispatch rules (DF010-DF099): which instructions BuildKit turns into commands, the flags
// it defines for each, and small re-implementations of the Go parsers it calls on flag values (booleans, CSV,
// integers, sizes) and of its "did you mean" suggestions. Every helper answers "unknown" rather than guess when a
// value still holds something BuildKit would expand first.
import DockerfileSyntax

/// The dispatch rules' shared helpers.
enum DispatchSupport {
  /// How BuildKit's `BFlags` reads a flag (`instructions/bflag.go`).
  enum FlagType {
    /// `--name`, `--name=true|false` (any case); defined once.
    case bool
    /// `--name=value`; defined once.
    case string
    /// `--name=value`, repeatable.
    case strings
  }

  /// One flag BuildKit defines for an instruction.
  struct FlagSpec {
    /// The name without `--`.
    var name: String
    /// How the value is read.
    var type: FlagType

    /// ADD's flags.
    static let add: [FlagSpec] = [
      .init(name: "chown", type: .string), .init(name: "chmod", type: .string), .init(name: "link", type: .bool),
      .init(name: "keep-git-dir", type: .bool), .init(name: "checksum", type: .string),
      .init(name: "unpack", type: .bool), .init(name: "exclude", type: .strings),
    ]
    /// COPY's flags.
    static let copy: [FlagSpec] = [
      .init(name: "chown", type: .string), .init(name: "from", type: .string), .init(name: "chmod", type: .string),
      .init(name: "link", type: .bool), .init(name: "exclude", type: .strings), .init(name: "parents", type: .bool),
    ]
    /// FROM's flag.
    static let from: [FlagSpec] = [.init(name: "platform", type: .string)]
    /// RUN's flags (in the order BuildKit's hooks register them).
    static let run: [FlagSpec] = [
      .init(name: "device", type: .strings), .init(name: "mount", type: .strings),
      .init(name: "network", type: .string), .init(name: "security", type: .string),
    ]
    /// HEALTHCHECK's flags (not for `HEALTHCHECK NONE`).
    static let healthcheck: [FlagSpec] = [
      .init(name: "interval", type: .string), .init(name: "timeout", type: .string),
      .init(name: "start-period", type: .string), .init(name: "start-interval", type: .string),
      .init(name: "retries", type: .string),
    ]
  }

  /// The flags BuildKit defines for an instruction, in the order BuildKit defines them (which decides ties
  /// between equally close suggestions); nil when BuildKit never parses the instruction's flags (ARG, STOPSIGNAL,
  /// `HEALTHCHECK NONE`, a bare HEALTHCHECK), so that any flag is accepted there.
  static func flagSpecs(_ ins: Instruction) -> [FlagSpec]? {
    switch ins.kind {
    case .add: return FlagSpec.add
    case .copy: return FlagSpec.copy
    case .from: return FlagSpec.from
    case .run: return FlagSpec.run
    case .healthcheck:
      guard let type = healthcheckType(ins), type != "NONE" else { return nil }
      return FlagSpec.healthcheck
    case .arg, .stopsignal, .unknown: return nil
    default: return []
    }
  }

  /// The upper-cased HEALTHCHECK type word (`CMD`, `NONE`, ...), nil when there is none.
  static func healthcheckType(_ ins: Instruction) -> String? {
    guard ins.kind == .healthcheck, let first = ins.arguments.first(where: { $0.kind == .healthcheckType }) else {
      return nil
    }
    return first.string.uppercased()
  }

  /// Whether BuildKit's parser rejects an instruction's node, so that nothing after parsing applies to it.
  static func isRefusedByParser(_ ins: Instruction) -> Bool { ins.node.errors.contains { $0.kind == .fatal } }

  /// Whether a flag word of `ins` starts with `prefix` as BuildKit reads it, without copying the word when its
  /// first bytes are written verbatim in one piece.
  static func flag(_ f: FlagSyntax, of ins: Instruction, startsWith prefix: [UInt8]) -> Bool {
    if let processed = f.processed { return processed.starts(with: prefix) }
    guard f.range.count >= prefix.count else { return false }
    let r = ins.sourceRange(f.range.lowerBound..<(f.range.lowerBound + prefix.count))
    guard r.count == prefix.count else { return ins.text(f.range).starts(with: prefix) }
    return ins.source[r].elementsEqual(prefix)
  }

  /// The instructions BuildKit parses into commands for one top-level instruction: the instruction itself and,
  /// for ONBUILD, its trigger (which BuildKit parses again when a child build, or a later stage built `FROM` this
  /// one, runs it). Triggers ONBUILD refuses (ONBUILD, FROM, MAINTAINER) and unknown instructions are left out, as
  /// are nodes the parser rejects.
  static func dispatched(_ facts: InstructionFacts) -> [Instruction] { dispatched(facts.instruction) }

  /// `dispatched(_:)` for a top-level instruction.
  static func dispatched(_ ins: Instruction) -> [Instruction] {
    guard ins.kind != .unknown, !isRefusedByParser(ins) else { return [] }
    guard ins.kind == .onbuild else { return [ins] }
    guard let child = ins.child, ![.onbuild, .from, .maintainer, .unknown].contains(child.kind) else { return [ins] }
    return [ins, child]
  }

  /// Whether BuildKit would use `value` as written: it holds nothing its shell lexer expands or unquotes (`$`,
  /// quotes, backslashes or the escape character), so checks on the literal text are checks on the real value.
  static func isPlainWord(_ value: [UInt8], escape: UInt8) -> Bool {
    !value.contains { $0 == 0x24 || $0 == 0x27 || $0 == 0x22 || $0 == 0x5C || $0 == escape }
  }

  /// Whether `value` contains `$`.
  static func containsDollar(_ value: [UInt8]) -> Bool { value.contains(0x24) }

  /// Levenshtein distance between two strings, by Unicode scalar (as `agext/levenshtein` counts runes).
  static func levenshtein(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[y.count]
  }

  /// BuildKit's `suggest.Search` (case-sensitive): the first option closer than 3 edits, with ties going to the
  /// earlier option; nil for an exact match or when nothing is close. Values longer than 64 bytes get no
  /// suggestion (no option is that long, so none could be within 2 edits).
  static func buildKitSuggestion(_ value: String, _ options: [String]) -> String? {
    guard value.utf8.count <= 64 else { return nil }
    var best: String? = nil
    var bestDistance = 3
    for option in options {
      if option == value { return nil }
      let d = levenshtein(value, option)
      if d < bestDistance {
        best = option
        bestDistance = d
      }
    }
    return best
  }

  /// `" (did you mean x?)"` for the closest option, or "".
  static func didYouMean(_ value: String, _ options: [String]) -> String {
    buildKitSuggestion(value, options).map { " (did you mean \($0)?)" } ?? ""
  }

  /// Go's `%q` of a string: double-quoted, with `"`, `\` and control characters escaped.
  static func goQuoted(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if u.value < 0x20 || u.value == 0x7F {
          let hex = String(u.value, radix: 16)
          out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out + "\""
  }

  /// Go's `strings.ToLower`: each scalar lower-cased on its own (simple case mapping, so `İ` becomes `i`).
  static func goLowercased(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars { out.append(u.properties.lowercaseMapping.unicodeScalars.first ?? u) }
    return String(out)
  }

  /// Go's `strconv.ParseBool`.
  static func goParseBool(_ s: String) -> Bool? {
    switch s {
    case "1", "t", "T", "TRUE", "true", "True": return true
    case "0", "f", "F", "FALSE", "false", "False": return false
    default: return nil
    }
  }

  /// Go's `strconv.ParseUint(s, base, bits)` for bases 8 and 10 (no sign, no prefix, no underscores).
  static func goParseUint(_ s: String, base: UInt64, bits: Int) -> UInt64? {
    guard !s.isEmpty else { return nil }
    let limit: UInt64 = bits >= 64 ? UInt64.max : (1 << UInt64(bits)) - 1
    var value: UInt64 = 0
    for b in s.utf8 {
      guard b >= 0x30, UInt64(b - 0x30) < base else { return nil }
      let (m, o1) = value.multipliedReportingOverflow(by: base)
      let (a, o2) = m.addingReportingOverflow(UInt64(b - 0x30))
      if o1 || o2 || a > limit { return nil }
      value = a
    }
    return value
  }

  /// Why Go's `strconv.ParseInt(s, 10, bits)` fails: "invalid syntax", "value out of range", or nil when it succeeds
  /// (`value` is then set).
  static func goParseIntProblem(_ s: String, bits: Int, value: inout Int64) -> String? {
    var bytes = Array(s.utf8)
    var negative = false
    if let first = bytes.first, first == 0x2B || first == 0x2D {
      negative = first == 0x2D
      bytes.removeFirst()
    }
    guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return "invalid syntax" }
    let limit: UInt64 = negative ? (1 << UInt64(bits - 1)) : (1 << UInt64(bits - 1)) - 1
    var magnitude: UInt64 = 0
    for b in bytes {
      let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(UInt64(b - 0x30))
      if o1 || o2 || a > limit { return "value out of range" }
      magnitude = a
    }
    value = negative ? (magnitude == 1 << 63 ? Int64.min : -Int64(magnitude)) : Int64(magnitude)
    return nil
  }

  /// One field of a CSV value, with its offsets in the value.
  struct CSVField {
    /// The field's text (quotes removed).
    var text: [UInt8]
    /// Where the field is in the value (quotes included).
    var range: Range<Int>
  }

  /// Splits a one-line CSV value the way `tonistiigi/go-csvvalue` does (comma separator, strict quotes), as
  /// BuildKit reads `--mount` and `--device`; the error text is Go's `csv.ParseError`.
  static func splitBuildKitCSV(_ input: [UInt8]) -> Result<[CSVField], CSVSplitError> {
    var line = input[...]
    if line.last == 0x0A {
      line = line.dropLast()
      if line.last == 0x0D { line = line.dropLast() }
    }
    guard !line.isEmpty else { return .failure(CSVSplitError(message: "EOF")) }
    let quote: UInt8 = 0x22
    let comma: UInt8 = 0x2C
    var fields: [CSVField] = []
    var pos = line.startIndex
    let end = line.endIndex
    func bare(_ at: Int) -> CSVSplitError {
      CSVSplitError(message: "parse error on line 1, column \(at + 1): bare \" in non-quoted-field")
    }
    func extraneous(_ at: Int) -> CSVSplitError {
      CSVSplitError(message: "parse error on line 1, column \(at + 1): extraneous or missing \" in quoted-field")
    }
    while true {
      if pos == end || line[pos] != quote {
        var i = pos
        while i < end && line[i] != comma { i += 1 }
        if let q = line[pos..<i].firstIndex(of: quote) { return .failure(bare(q)) }
        fields.append(CSVField(text: Array(line[pos..<i]), range: pos..<i))
        if i < end {
          pos = i + 1
          continue
        }
        return .success(fields)
      }
      let start = pos
      pos += 1
      var text: [UInt8] = []
      while true {
        guard let q = line[pos..<end].firstIndex(of: quote) else { return .failure(extraneous(pos)) }
        text.append(contentsOf: line[pos..<q])
        pos = q + 1
        if pos < end && line[pos] == quote {
          text.append(quote)
          pos += 1
          continue
        }
        if pos < end && line[pos] == comma {
          fields.append(CSVField(text: text, range: start..<pos))
          pos += 1
          break
        }
        if pos == end {
          fields.append(CSVField(text: text, range: start..<pos))
          return .success(fields)
        }
        return .failure(extraneous(pos - 1))
      }
    }
  }

  /// Why a CSV value could not be split.
  struct CSVSplitError: Error {
    /// Go's message.
    var message: String
  }

  /// The fields of a flag's CSV value with source ranges: exact when the value is written verbatim, otherwise the
  /// value's (or the flag's) whole range.
  static func csvFields(of flag: Flag) -> Result<[(text: [UInt8], range: Range<Int>)], CSVSplitError> {
    guard let value = flag.value else { return .success([]) }
    let whole = flag.valueRange ?? flag.range
    let exact = flag.valueRange.map { $0.count == value.count } ?? false
    return splitBuildKitCSV(value).map { fields in
      fields.map { f in
        (
          f.text,
          exact ? (whole.lowerBound + f.range.lowerBound)..<(whole.lowerBound + f.range.upperBound) : whole
        )
      }
    }
  }

  /// `strings.Cut(s, "=")` over bytes.
  static func cutEquals(_ s: [UInt8]) -> (key: [UInt8], value: [UInt8]?) {
    guard let eq = s.firstIndex(of: 0x3D) else { return (s, nil) }
    return (Array(s[..<eq]), Array(s[(eq + 1)...]))
  }

  /// Go's `strings.TrimSpace` emptiness test: whether `s` holds only Unicode white space.
  static func isBlank(_ s: String) -> Bool { s.unicodeScalars.allSatisfy { $0.properties.isWhitespace } }

  /// Whether an argument reads as a heredoc opener to BuildKit (`^(\d*)<<(-?)\s*([^<]*)$` with a non-empty word).
  static func isHeredocOpener(_ value: [UInt8]) -> Bool {
    var i = 0
    while i < value.count && value[i] >= 0x30 && value[i] <= 0x39 { i += 1 }
    guard i + 1 < value.count, value[i] == 0x3C, value[i + 1] == 0x3C else { return false }
    i += 2
    if i < value.count && value[i] == 0x2D { i += 1 }
    while i < value.count && (value[i] == 0x20 || (value[i] >= 0x09 && value[i] <= 0x0D)) { i += 1 }
    return i < value.count && !value[i...].contains(0x3C)
  }

  /// The source arguments of a COPY or ADD as BuildKit lists its `SourcePaths`: every argument but the last,
  /// without heredoc openers.
  static func copySourcePaths(_ ins: Instruction) -> [Argument] {
    let args = ins.arguments
    guard args.count >= 2 else { return [] }
    return args.dropLast().filter { !isHeredocOpener($0.value) }
  }
}

extension DispatchSupport {
  /// A FROM instruction as BuildKit gets to it: nil when the parser refuses it or its shape is
  /// not `image` or `image AS name`.
  static func dispatchedFrom(_ ins: Instruction) -> FromInstruction? {
    guard !isRefusedByParser(ins), let from = FromInstruction(ins), hasValidShape(from) else { return nil }
    return from
  }

  /// The ARGs declared before the first FROM, read instruction by instruction: what FROM lines are expanded with.
  struct GlobalArgScope: Equatable, Sendable {
    /// Whether to keep `withValue`.
    let tracksValues: Bool
    /// Whether a FROM has been read: later ARGs belong to stages.
    var closed = false
    /// The names declared.
    var names: Set<String> = []
    /// The names declared with a value, each once, in the order of their first such declaration.
    var withValue: [String] = []

    /// An empty scope.
    init(tracksValues: Bool) { self.tracksValues = tracksValues }

    /// Reads one top-level instruction: an ARG before the first FROM adds its names, a FROM closes the scope.
    mutating func read(_ ins: Instruction) {
      guard !closed else { return }
      if ins.kind == .from {
        closed = true
        return
      }
      guard let arg = ArgInstruction(ins) else { return }
      for d in arg.declarations {
        let name = String(decoding: d.name, as: UTF8.self)
        names.insert(name)
        if tracksValues, d.defaultValue != nil, !withValue.contains(name) { withValue.append(name) }
      }
    }

    /// The names BuildKit suggests from for a FROM line: its predefined arguments, then global ARGs with a value.
    var suggestionNames: [String] { predefinedFromArgs + withValue }
  }
}
