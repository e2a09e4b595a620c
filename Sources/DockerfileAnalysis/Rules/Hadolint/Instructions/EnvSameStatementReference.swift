// DF515 env-same-statement-reference (hadolint DL3044).
//
// All pairs of one ENV are expanded against the environment as it was before the ENV, so in
// `ENV A=1 B=$A` the `$A` is not `1`: it is A's previous value, usually empty. hadolint reports an ENV in which
// one pair's name appears, as `${NAME}` or as `$NAME` not followed by a name character, in another pair's
// value, unless an earlier ENV or ARG anywhere in the file defined that name (then the old value may well be
// what is meant). A pair referring to itself (`PATH=/x:$PATH`) is fine. One finding per ENV, at the first such
// name.
import DockerfileSyntax

/// Reports an ENV that uses, in one pair, a variable another pair of the same ENV sets.
public struct EnvSameStatementReference: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF515.
  public let descriptor = RuleDescriptor(
    code: "DF515", name: "env-same-statement-reference", aliases: ["DL3044"], severity: .warning,
    category: .correctness,
    summary: "An ENV should not use a variable it sets itself",
    documentation: RuleDocumentation(
      why: """
        Every pair of an ENV instruction is expanded with the environment as it was before that instruction. \
        In `ENV APP_HOME=/app APP_BIN=$APP_HOME/bin`, `$APP_HOME` is therefore not `/app` but whatever it was \
        before (usually nothing), and APP_BIN becomes `/bin`. Set the variable in an earlier ENV.
        """,
      bad: "FROM alpine:3.20\nENV APP_HOME=/srv/app APP_BIN=$APP_HOME/bin\n",
      good: "FROM alpine:3.20\nENV APP_HOME=/srv/app\nENV APP_BIN=$APP_HOME/bin\nUSER nobody\n"))

  /// The names every earlier ARG and ENV defined, anywhere in the file.
  public struct State: Equatable, Sendable {
    var defined = PersistentSet<String>()
  }

  public var stepKinds: Set<InstructionKind>? { [.arg, .env] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    switch ins.kind {
    case .arg:
      for d in ArgInstruction(ins)?.declarations ?? [] { state.defined.insert(String(decoding: d.name, as: UTF8.self)) }
    case .env:
      let pairs = ins.pairs
      let keys = pairs.map { hadolintUnquoted($0.key, escape: ins.escapeCharacter) }
      if pairs.count > 1 {
        let defined = state.defined
        let referenced = Self.referencedNames(pairs.map(\.value), maxLength: keys.map(\.utf8.count).max() ?? 0)
        let offending = keys.indices.first { i in
          guard !defined.contains(keys[i]) else { return false }
          if keys[i].utf8.allSatisfy(Self.isNameByte) {
            return referenced[keys[i]]?.contains { $0 != i } ?? false
          }
          return pairs.indices.contains { j in j != i && Self.references(pairs[j].value, name: keys[i]) }
        }
        if let i = offending {
          out.report(
            pairs[i].keyRange,
            "\(keys[i]) is set by this ENV and used by another of its pairs, which still sees the old value")
        }
      }
      state.defined.formUnion(keys)
    default:
      return
    }
  }

  /// For each name a value refers to as `${name}` or as `$name` (the longest run of name characters), the
  /// indices of the values that do; names longer than `maxLength` are left out. One pass over the values.
  static func referencedNames(_ values: [[UInt8]], maxLength: Int) -> [String: [Int]] {
    var out: [String: [Int]] = [:]
    for (j, value) in values.enumerated() {
      // The first `}` at or after a position, remembered so that nested `${` do not rescan (or nil: none).
      var knownClose: (from: Int, at: Int?)? = nil
      func close(after start: Int) -> Int? {
        if let k = knownClose, k.from <= start, k.at.map({ start <= $0 }) ?? true { return k.at }
        let found = value[start...].firstIndex(of: UInt8(ascii: "}"))
        knownClose = (start, found)
        return found
      }
      var i = 0
      while i < value.count {
        guard value[i] == UInt8(ascii: "$"), i + 1 < value.count else {
          i += 1
          continue
        }
        if value[i + 1] == UInt8(ascii: "{"), let close = close(after: i + 2), close - (i + 2) <= maxLength {
          out[String(decoding: value[(i + 2)..<close], as: UTF8.self), default: []].append(j)
        }
        var end = i + 1
        while end < value.count && isNameByte(value[end]) { end += 1 }
        if end > i + 1 && end - (i + 1) <= maxLength {
          out[String(decoding: value[(i + 1)..<end], as: UTF8.self), default: []].append(j)
        }
        i += 1
      }
    }
    return out
  }

  /// Whether `value` contains `${name}`, or `$name` followed by the end or a byte that cannot continue a name.
  static func references(_ value: [UInt8], name: String) -> Bool {
    let name = Array(name.utf8)
    guard !name.isEmpty, value.count > name.count else { return false }
    var i = 0
    while i + name.count < value.count {
      if value[i] == UInt8(ascii: "$") {
        let start = i + 1
        if value[start] == UInt8(ascii: "{"), start + name.count + 1 < value.count,
          value[(start + 1)..<(start + 1 + name.count)].elementsEqual(name),
          value[start + 1 + name.count] == UInt8(ascii: "}")
        {
          return true
        }
        if value[start..<(start + name.count)].elementsEqual(name) {
          let end = start + name.count
          if end == value.count || !Self.isNameByte(value[end]) { return true }
        }
      }
      i += 1
    }
    return false
  }

  static func isNameByte(_ b: UInt8) -> Bool {
    (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
      || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
  }
}
