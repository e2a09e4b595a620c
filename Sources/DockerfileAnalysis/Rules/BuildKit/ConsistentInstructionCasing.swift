// DF203 consistent-instruction-casing (BuildKit's ConsistentInstructionCasing).
//
// Instruction keywords are case-insensitive, but a Dockerfile that mixes `RUN` and `run`, or writes `Copy`,
// is harder to scan. BuildKit counts the keywords written all in upper or all in lower case (FROM lines and
// every instruction inside stages; ARGs before the first FROM are not counted), takes the majority (a tie is
// upper case) and warns for each keyword that is not written in that case, mixed-case keywords included.
//
// As the majority is only known once the whole file is read, every counted keyword is a candidate: the state
// counts the lower- and upper-case keywords, and `resolve` compares each candidate's casing with the final
// majority. A file has a candidate per instruction, so a candidate's key is kept to a few bytes: the keyword as
// the instruction kind's name and which of its letters are upper case.
import DockerfileSyntax
import Synchronization

/// Reports instruction keywords whose casing differs from the file's majority.
public struct ConsistentInstructionCasing: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF203.
  public let descriptor = RuleDescriptor(
    code: "DF203", name: "consistent-instruction-casing", aliases: ["ConsistentInstructionCasing"],
    severity: .warning, category: .style,
    summary: "All commands within the Dockerfile should use the same casing (either upper or lower)",
    documentation: RuleDocumentation(
      why: """
        BuildKit accepts instruction keywords in any case, so `RUN`, `run` and `Run` all work. Mixing them \
        makes a Dockerfile harder to read and to search. The majority casing of the file (upper case on a \
        tie) is taken as the convention, and every keyword written otherwise, or in mixed case, is reported.
        """,
      bad: "FROM alpine\nrun echo hi\nCOPY . /app\n",
      good: "FROM alpine:3.20\nRUN echo hi\nCOPY . /app\nUSER nobody\n"))

  /// How a keyword is written.
  public enum Casing: Sendable, Hashable {
    /// All lower case: counted, reported under an upper-case majority.
    case lower
    /// All upper case: counted, reported under a lower-case majority.
    case upper
    /// Mixed case: not counted, always reported.
    case mixed
    /// No letters at all: counted as lower case, never reported.
    case caseless
  }

  /// What the rule remembers: whether a stage has started and how many keywords are in each casing.
  public struct State: Equatable, Sendable {
    /// Whether a FROM has been read (instructions before the first one are neither counted nor checked).
    var inStage = false
    /// Keywords written in lower case.
    var lower = 0
    /// Keywords written in upper case.
    var upper = 0
  }

  /// A keyword that may be reported: its text (for the message) and its casing.
  public struct CandidateKey: Sendable, Hashable {
    /// The instruction's kind, whose name is the keyword's letters.
    var kind: InstructionKind
    /// How it is written.
    var casing: Casing
    /// Bit `k`: the keyword's letter `k` is upper case.
    var upperLetters: UInt16
    /// For a keyword that is not the kind's name in ASCII letters (BuildKit lowers keywords with Unicode case
    /// mapping, so a few other characters stand for a letter): its text's place in `unusualKeywords`, plus one;
    /// 0 otherwise.
    var unusual: UInt16

    init(_ text: [UInt8], kind: InstructionKind, casing: Casing) {
      self.kind = kind
      self.casing = casing
      let name = kind.rawValue.utf8
      var upper: UInt16 = 0
      var plain = text.count == name.count && text.count <= 16
      if plain {
        for (k, (b, n)) in zip(text, name).enumerated() {
          if b == n { continue }
          if b == n &- 0x20 {
            upper |= 1 << UInt16(k)
          } else {
            plain = false
            break
          }
        }
      }
      upperLetters = plain ? upper : 0
      unusual = plain ? 0 : ConsistentInstructionCasing.unusualKeywordIndex(String(decoding: text, as: UTF8.self))
    }

    /// The keyword as written.
    var keyword: String {
      if unusual != 0 { return ConsistentInstructionCasing.unusualKeywords.withLock { $0.texts[Int(unusual) - 1] } }
      var bytes = Array(kind.rawValue.utf8)
      for k in bytes.indices where upperLetters & (1 << UInt16(k)) != 0 { bytes[k] &-= 0x20 }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  /// Keywords that are not an instruction's name in ASCII letters, seen by any analysis (few can exist: only
  /// letters' case variants and the characters whose lower case is an ASCII letter), shared so that a candidate
  /// names one by a small number.
  static let unusualKeywords = Mutex<(texts: [String], index: [String: UInt16])>(([], [:]))

  static func unusualKeywordIndex(_ text: String) -> UInt16 {
    unusualKeywords.withLock { table in
      if let known = table.index[text] { return known }
      guard table.texts.count < Int(UInt16.max) else { return 0 }
      table.texts.append(text)
      let k = UInt16(table.texts.count)
      table.index[text] = k
      return k
    }
  }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<CandidateKey>
  ) {
    let ins = facts.instruction
    if ins.kind == .from { state.inStage = true }
    // An unknown instruction fails parsing in BuildKit, which then runs no validation at all.
    guard state.inStage, ins.kind != .unknown else { return }
    let keyword = ins.keyword
    let casing = Self.casing(of: keyword.text)
    switch casing {
    case .lower: state.lower += 1
    case .upper: state.upper += 1
    case .mixed: break
    case .caseless:
      state.lower += 1
      return
    }
    out.candidate(keyword.range, key: CandidateKey(keyword.text, kind: ins.kind, casing: casing))
  }

  public func resolve(_ key: CandidateKey, _ state: State) -> String? {
    let majorityLower = state.lower > state.upper
    switch (key.casing, majorityLower) {
    case (.lower, true), (.upper, false), (.caseless, _): return nil
    default:
      return
        "Command '\(key.keyword)' should match the case of the command majority (\(majorityLower ? "lowercase" : "uppercase"))"
    }
  }

  /// The casing of a keyword's bytes (compared as strings when they are not all ASCII).
  static func casing(of bytes: [UInt8]) -> Casing {
    var hasLower = false
    var hasUpper = false
    for b in bytes {
      if b >= 0x80 {
        let text = String(decoding: bytes, as: UTF8.self)
        let isLower = text == text.lowercased()
        let isUpper = text == text.uppercased()
        return isLower ? (isUpper ? .caseless : .lower) : (isUpper ? .upper : .mixed)
      }
      if b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") { hasLower = true }
      if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { hasUpper = true }
    }
    return hasUpper ? (hasLower ? .mixed : .upper) : (hasLower ? .lower : .caseless)
  }
}
