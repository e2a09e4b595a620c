// DF018 invalid-stage-reference.
//
// `COPY --from=` and `RUN --mount=...,from=` name a stage (by name or, for COPY, by index) or an image. BuildKit
// builds a dependency graph over the stages before it builds anything (`toCommand` and
// `validateCircularDependency` in `dockerfile2llb`) and dispatches stages in file order, so it refuses:
// a reference to the stage itself or any dependency cycle ("circular dependency detected"); a reference to a
// stage defined later ("needs to be defined before current stage"); a numeric index with no stage (each
// image named by a COPY --from or a mount adds one to the count, as in BuildKit); and variables, which BuildKit
// does not expand in `--from` (COPY) or, past its last character, in a mount's `from`. A name that is not a stage
// is an image, and stays silent. ONBUILD triggers are checked for variables only: their stages are the child's.
//
// The rule reads the instructions in order. A name means the last stage of that name in the whole file, and a numeric
// index counts the images named so far, so whether a reference is wrong is known only at the end: each reference is
// a candidate, and the state keeps what decides them: the stage names, the dependency edges, the images named
// (by lookup name, with counts, for indices past the stages read so far), and whether any reference may point to its
// own stage or a later one. When none may (nearly every file), every candidate is dropped at once; otherwise the
// cycles are found on the final graph.
import DockerfileSyntax

/// Reports COPY --from and mount `from=` references BuildKit cannot resolve.
public struct InvalidStageReference: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF018.
  public let descriptor = RuleDescriptor(
    code: "DF018", name: "invalid-stage-reference", aliases: [], severity: .error, category: .correctness,
    summary: "A COPY --from or mount from= that BuildKit cannot resolve",
    documentation: RuleDocumentation(
      why: """
        BuildKit builds stages in file order, so `COPY --from=` and `RUN --mount=from=` may only name a stage \
        defined earlier: a stage copying from itself, from a later stage or in a cycle fails the build, as does \
        a stage index that does not exist. Variables are not expanded in `--from`: define a stage \
        `FROM ${IMAGE} AS src` with a global ARG and copy from `src` instead. A name that is not a stage is \
        pulled as an image and is fine.
        """,
      bad: "FROM golang:1.22 AS build\nCOPY --from=build /src /src\n",
      good: "FROM golang:1.22 AS source\nFROM golang:1.22 AS build\nCOPY --from=source /src /src\nUSER nobody\n"))

  /// What a reference names, before the stages after it are known.
  enum Target: Hashable, Sendable {
    /// A stage index (COPY --from=1).
    case index(Int)
    /// A lower-cased name: the last stage of that name in the file, or an image.
    case name(String)
  }

  /// A dependency of one stage on another.
  struct Edge: Hashable, Sendable {
    /// The ordinal of the depending stage.
    var from: Int
    /// What it depends on (a FROM on an earlier stage is an index).
    var to: Target
  }

  /// What the rule knows after reading some instructions.
  public struct State: Equatable, Sendable {
    /// The number of stages read (the current stage's ordinal plus one).
    var stageCount = 0
    /// The current stage's name as messages give it.
    var currentLabel = ""
    /// Lower-cased stage name → the ordinal of the latest stage of that name.
    var lastByName: [String: Int] = [:]
    /// The lower-cased names references used.
    var referenced: Set<String> = []
    /// Whether some reference may point to its own stage or a later one; when none does, every reference is fine.
    var mayPointForward = false
    /// The dependencies between stages.
    var edges: Set<Edge> = []
    /// Lower-cased lookup name → how many sources (COPY --from, mounts) looked it up while it named no stage yet;
    /// those still naming no stage at the end are images, and each adds one to the stage indices.
    var sources: [String: Int] = [:]
  }

  /// A reference, decided at the end.
  public struct CandidateKey: Hashable, Sendable {
    /// The ordinal of the referring stage.
    var from: Int
    /// Its name as messages give it.
    var fromLabel: String
    /// What it refers to.
    var to: Target
    /// The COPY --from value, or nil for a mount.
    var copyFrom: String?
    /// The mount's `from` and `target`, or nil for COPY.
    var mountFrom: String?
    /// The mount's target.
    var mountTarget: String?
    /// For a stage index past the stages read so far: `State.sources` at the reference, to count the images
    /// before it.
    var sourcesBefore: [String: Int]?
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .copy, .run, .onbuild] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<CandidateKey>
  ) {
    let top = facts.instruction
    switch top.kind {
    case .from:
      readFrom(top, &state)
    case .onbuild:
      // Triggers run in the child's stages: only the variables can be judged here.
      if let child = top.child, child.kind == .copy || child.kind == .run, !DispatchSupport.isRefusedByParser(top) {
        checkVariables(child, &out)
      }
    default:
      guard !top.syntax.flags.isEmpty, !DispatchSupport.isRefusedByParser(top) else { return }
      checkVariables(top, &out)
      guard state.stageCount > 0 else { return }
      for (k, f) in top.syntax.flags.enumerated() {
        if top.kind == .copy {
          if DispatchSupport.flag(f, of: top, startsWith: Self.fromPrefix) { readCopyFrom(top, k, f, &state, &out) }
        } else if DispatchSupport.flag(f, of: top, startsWith: Self.mountPrefix) {
          readMount(top, k, f, &state, &out)
        }
      }
    }
  }

  /// A FROM: a new stage, depending on the earlier stage it builds on.
  func readFrom(_ ins: Instruction, _ state: inout State) {
    let from = FromInstruction(ins)
    let ordinal = state.stageCount
    state.stageCount += 1
    // BuildKit looks the base name up as written among the stages added so far.
    if let base = from?.image?.string, !base.contains("$"), let parent = state.lastByName[base] {
      state.edges.insert(Edge(from: ordinal, to: .index(parent)))
    }
    let name = from?.stageName?.string.lowercased()
    state.currentLabel = name ?? "stage-\(ordinal)"
    if let name {
      // A reference made earlier now means this stage, which comes after it.
      if state.referenced.contains(name) { state.mayPointForward = true }
      state.lastByName[name] = ordinal
    }
  }

  /// The `k`th flag of a COPY, a `--from=` one.
  func readCopyFrom(
    _ ins: Instruction, _ k: Int, _ f: FlagSyntax, _ state: inout State, _ out: inout StepOutput<CandidateKey>
  ) {
    let bytes = Array(ins.flagText(f)[Self.fromPrefix.count...])
    guard !bytes.isEmpty, !hasExpansion(bytes, ins) else { return }
    let value = String(decoding: bytes, as: UTF8.self)
    let stage = state.stageCount - 1
    var key = CandidateKey(from: stage, fromLabel: state.currentLabel, to: .index(0), copyFrom: value)
    if let index = Int(value) {
      if index < 0 {
        out.report(Self.valueRange(ins, k), "invalid stage index \(index)")
        return
      }
      key.to = .index(index)
      state.edges.insert(Edge(from: stage, to: .index(index)))
      if index >= stage { state.mayPointForward = true }
      // Past the stages read so far: a later stage, an image named earlier, or nothing.
      if index >= state.stageCount { key.sourcesBefore = state.sources }
    } else {
      let lower = value.lowercased()
      key.to = .name(lower)
      readName(lower, stage, &state)
    }
    out.candidate(Self.valueRange(ins, k), key: key)
  }

  /// The `k`th flag of a RUN, a `--mount=` one: every mount is a source, a stage when `from` names one, otherwise an
  /// image (scratch by default).
  func readMount(
    _ ins: Instruction, _ k: Int, _ f: FlagSyntax, _ state: inout State, _ out: inout StepOutput<CandidateKey>
  ) {
    let value = ins.flagText(f)[Self.mountPrefix.count...]
    guard containsFromKey(value) else {
      countSource("scratch", &state)
      return
    }
    guard case .success(let fields) = DispatchSupport.splitBuildKitCSV(Array(value)) else { return }
    var from: (value: String, range: Range<Int>)? = nil
    var mountTarget = ""
    for field in fields {
      let (key, value) = DispatchSupport.cutEquals(field.text)
      guard let value else { continue }
      switch String(decoding: key, as: UTF8.self).lowercased() {
      case "from": from = (String(decoding: value, as: UTF8.self), field.range)
      case "target", "dst", "destination": mountTarget = String(decoding: value, as: UTF8.self)
      default: break
      }
    }
    let name = from?.value ?? ""
    if let dollar = name.utf8.firstIndex(of: 0x24), dollar != name.utf8.index(before: name.utf8.endIndex) { return }
    guard let from, !name.isEmpty else {
      countSource("scratch", &state)
      return
    }
    let lower = name.lowercased()
    let stage = state.stageCount - 1
    readName(lower, stage, &state)
    // The `from=...` field when the flag's value is written verbatim, else the whole value.
    var range = Self.valueRange(ins, k)
    if let flag = ins.flags.dropFirst(k).first, let whole = flag.valueRange, let v = flag.value, whole.count == v.count
    {
      range = (whole.lowerBound + from.range.lowerBound)..<(whole.lowerBound + from.range.upperBound)
    }
    out.candidate(
      range,
      key: CandidateKey(
        from: stage, fromLabel: state.currentLabel, to: .name(lower), copyFrom: nil, mountFrom: name,
        mountTarget: mountTarget))
  }

  /// A reference by name from `stage`: a dependency if the name turns out to be a stage's, a source otherwise.
  func readName(_ lower: String, _ stage: Int, _ state: inout State) {
    countSource(lower, &state)
    state.referenced.insert(lower)
    state.edges.insert(Edge(from: stage, to: .name(lower)))
    if state.lastByName[lower] == stage { state.mayPointForward = true }
  }

  /// A source looked up by `lower`: an image unless a stage has (or will have) that name.
  func countSource(_ lower: String, _ state: inout State) {
    // A name that is a stage's now stays one.
    if state.lastByName[lower] == nil { state.sources[lower, default: 0] += 1 }
  }

  public func resolve(_ key: CandidateKey, _ state: State) -> String? {
    let total = state.stageCount
    let to: Int?
    switch key.to {
    case .index(let index):
      if let before = key.sourcesBefore, index >= total {
        // Each image named earlier took an index after the stages.
        var images = 0
        for (name, count) in before where state.lastByName[name] == nil { images += count }
        return index >= total + images ? "invalid stage index \(index)" : nil
      }
      to = index
    case .name(let name):
      to = state.lastByName[name]
    }
    // When no reference points to its own stage or a later one, none is wrong.
    guard let to, state.mayPointForward else { return nil }
    if to == key.from || reaches(to, key.from, state) {
      return "circular dependency detected on stage: \(key.fromLabel)"
    }
    guard to > key.from else { return nil }
    if let copyFrom = key.copyFrom {
      return
        "cannot copy from stage \(DispatchSupport.goQuoted(copyFrom)), it needs to be defined before current stage "
        + DispatchSupport.goQuoted(key.fromLabel)
    }
    return "cannot mount from stage \(DispatchSupport.goQuoted(key.mountFrom ?? "")) to "
      + "\(DispatchSupport.goQuoted(key.mountTarget ?? "")), stage needs to be defined before current command"
  }

  /// Whether stage `a` depends, directly or not, on stage `b` in the final graph (both in one strongly connected
  /// component, given that `b` depends on `a`).
  func reaches(_ a: Int, _ b: Int, _ state: State) -> Bool {
    let total = state.stageCount
    var edges = [[Int]](repeating: [], count: total)
    for e in state.edges {
      let to: Int?
      switch e.to {
      case .index(let i): to = i < total ? i : nil
      case .name(let n): to = state.lastByName[n]
      }
      if let to, e.from < total { edges[e.from].append(to) }
    }
    guard a < total, b < total else { return false }
    let component = Self.stronglyConnectedComponents(edges)
    return component[a] == component[b]
  }

  /// The start of a COPY --from word.
  static let fromPrefix = Array("--from=".utf8)
  /// The start of a RUN --mount word.
  static let mountPrefix = Array("--mount=".utf8)

  /// Reports variables in COPY --from and in a mount's `from`, which BuildKit refuses.
  func checkVariables(_ ins: Instruction, _ out: inout StepOutput<CandidateKey>) {
    for (k, f) in ins.syntax.flags.enumerated() {
      let word = ins.flagText(f)
      guard word.contains(0x24) else { continue }
      if ins.kind == .copy, word.starts(with: Self.fromPrefix), hasExpansion(Array(word[Self.fromPrefix.count...]), ins)
      {
        out.report(
          Self.valueRange(ins, k),
          "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope "
            + "as a workaround")
      } else if ins.kind == .run, word.starts(with: Self.mountPrefix), let flag = ins.flags.dropFirst(k).first,
        case .success(let fields) = DispatchSupport.csvFields(of: flag)
      {
        for field in fields {
          let (key, value) = DispatchSupport.cutEquals(field.text)
          guard let value, String(decoding: key, as: UTF8.self).lowercased() == "from",
            let dollar = value.firstIndex(of: 0x24), dollar != value.count - 1
          else { continue }
          out.report(field.range, "'from' doesn't support variable expansion, define alias stage instead")
        }
      }
    }
  }

  /// Whether BuildKit's shell lexer would expand something in `value`.
  func hasExpansion(_ value: [UInt8], _ ins: Instruction) -> Bool {
    value.contains(0x24) && !scanVariableReferences(in: value, escape: ins.escapeCharacter).references.isEmpty
  }

  /// Whether a mount value has a `from` key (in any case), so that it may name a stage.
  func containsFromKey(_ value: ArraySlice<UInt8>) -> Bool {
    var i = value.startIndex
    while i + 4 < value.endIndex {
      if value[i] | 0x20 == 0x66 && value[i + 1] | 0x20 == 0x72 && value[i + 2] | 0x20 == 0x6F
        && value[i + 3] | 0x20 == 0x6D
      {
        return true
      }
      i += 1
    }
    return false
  }

  /// The source range of the value of an instruction's `k`th flag (the whole flag when it has none).
  static func valueRange(_ ins: Instruction, _ k: Int) -> Range<Int> {
    guard let flag = ins.flags.dropFirst(k).first else { return ins.keyword.range }
    return flag.valueRange.flatMap { $0.isEmpty ? nil : $0 } ?? flag.range
  }
}

extension InvalidStageReference {
  /// The strongly connected component of each node (Tarjan's algorithm, without recursion).
  static func stronglyConnectedComponents(_ edges: [[Int]]) -> [Int] {
    let n = edges.count
    var index = [Int](repeating: -1, count: n)
    var low = [Int](repeating: 0, count: n)
    var onStack = [Bool](repeating: false, count: n)
    var component = [Int](repeating: -1, count: n)
    var stack: [Int] = []
    var next = 0
    var components = 0
    for root in 0..<n where index[root] == -1 {
      var work: [(node: Int, edge: Int)] = [(root, 0)]
      index[root] = next
      low[root] = next
      next += 1
      stack.append(root)
      onStack[root] = true
      while let (node, edge) = work.last {
        if edge < edges[node].count {
          work[work.count - 1].edge += 1
          let w = edges[node][edge]
          if index[w] == -1 {
            index[w] = next
            low[w] = next
            next += 1
            stack.append(w)
            onStack[w] = true
            work.append((w, 0))
          } else if onStack[w] {
            low[node] = min(low[node], index[w])
          }
          continue
        }
        work.removeLast()
        if let parent = work.last { low[parent.node] = min(low[parent.node], low[node]) }
        if low[node] == index[node] {
          while let w = stack.popLast() {
            onStack[w] = false
            component[w] = components
            if w == node { break }
          }
          components += 1
        }
      }
    }
    return component
  }
}
