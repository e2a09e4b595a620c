// The semantic model of a Dockerfile: its build stages, what each stage builds on, and the ARG and ENV
// definitions in scope, computed once from a syntax tree for every rule and editor feature to share.
import DockerfileSyntax

/// What a stage's FROM names.
public enum StageBase: Sendable, Equatable {
  /// `FROM scratch`.
  case scratch
  /// An earlier stage, by index.
  case stage(Int)
  /// An image reference as written (it may contain unexpanded variables).
  case image(String)
  /// FROM without an image (a syntax problem reported elsewhere).
  case missing
}

/// An `ARG name[=default]` declaration.
public struct ArgDefinition: Sendable, Equatable {
  /// The variable name as written.
  public var name: String
  /// The default value as written (quotes kept), nil when there is none.
  public var defaultValue: String?
  /// Where the name is.
  public var nameRange: Range<Int>
  /// The index of the declaring instruction in `SemanticModel.instructions`.
  public var instructionIndex: Int
}

/// An `ENV` pair.
public struct EnvDefinition: Sendable, Equatable {
  /// The variable name.
  public var name: String
  /// The raw value as written.
  public var value: String
  /// Where the name is.
  public var nameRange: Range<Int>
  /// The index of the declaring instruction in `SemanticModel.instructions`.
  public var instructionIndex: Int
}

/// One build stage: a FROM and the instructions up to the next FROM.
public struct Stage: Sendable {
  /// 0-based position among the stages.
  public var index: Int
  /// The index of its FROM in `SemanticModel.instructions`.
  public var fromIndex: Int
  /// Indices of its other instructions, in order.
  public var instructionIndices: [Int]
  /// The stage name after `AS`, as written (BuildKit compares names case-insensitively).
  public var name: String?
  /// Where the name is.
  public var nameRange: Range<Int>?
  /// The image or stage named by FROM, as written.
  public var baseText: String?
  /// Where that is.
  public var baseRange: Range<Int>?
  /// What the FROM resolves to.
  public var base: StageBase
  /// The `--platform` value, as written.
  public var platform: String?
  /// ARGs declared in the stage.
  public var args: [ArgDefinition]
  /// ENV pairs set in the stage (not inherited ones).
  public var env: [EnvDefinition]
  /// The byte range from the FROM to the end of the stage's last instruction.
  public var range: Range<Int>
}

/// BuildKit's predefined build arguments: usable without declaration in FROM lines (the platform ones) and,
/// when declared with a bare ARG, inside stages.
public let predefinedPlatformArgs: Set<String> = [
  "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS", "BUILDARCH",
  "BUILDVARIANT",
]

/// Proxy variables BuildKit passes to RUN without an ARG (and keeps out of the image history).
public let predefinedProxyArgs: Set<String> = [
  "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy",
  "ALL_PROXY", "all_proxy",
]

/// Whether a name is one of BuildKit's own `BUILDKIT_*` build arguments.
public func isBuildKitArg(_ name: String) -> Bool { name.hasPrefix("BUILDKIT_") }

/// The semantic model of one Dockerfile.
public struct SemanticModel: Sendable {
  /// The tree it was computed from.
  public let tree: SyntaxTree
  /// Every instruction, in order.
  public let instructions: [Instruction]
  /// ARGs declared before the first FROM (visible in FROM lines, and in a stage only when redeclared there).
  public let globalArgs: [ArgDefinition]
  /// The stages in order.
  public let stages: [Stage]
  /// Per stage: each variable name's ARG and ENV definitions in order, for fast lookups.
  let definitionsByName: [[String: [VariableDefinition]]]

  /// Builds the model.
  public init(tree: SyntaxTree) {
    self.tree = tree
    let instructions = tree.instructions
    self.instructions = instructions
    var globalArgs: [ArgDefinition] = []
    var stages: [Stage] = []
    // Lower-cased stage name → the latest stage with that name (BuildKit compares names case-insensitively).
    var stageByName: [String: Int] = [:]
    for (i, ins) in instructions.enumerated() {
      switch ins.kind {
      case .from:
        let from = FromInstruction(ins)!
        let baseText = from.image?.string
        var base = StageBase.missing
        if let text = baseText {
          let lower = text.lowercased()
          if lower == "scratch" {
            base = .scratch
          } else if let parent = stageByName[lower] {
            base = .stage(parent)
          } else {
            base = .image(text)
          }
        }
        stages.append(
          Stage(
            index: stages.count, fromIndex: i, instructionIndices: [], name: from.stageName?.string,
            nameRange: from.stageName?.range, baseText: baseText, baseRange: from.image?.range, base: base,
            platform: from.platform?.stringValue, args: [], env: [], range: ins.range))
        if let name = from.stageName?.string { stageByName[name.lowercased()] = stages.count - 1 }
      case .arg:
        let defs = ArgInstruction(ins)!.declarations.map {
          ArgDefinition(
            name: String(decoding: $0.name, as: UTF8.self),
            defaultValue: $0.defaultValue.map { String(decoding: $0, as: UTF8.self) }, nameRange: $0.nameRange,
            instructionIndex: i)
        }
        if stages.isEmpty { globalArgs += defs } else { stages[stages.count - 1].args += defs }
        if !stages.isEmpty { stages[stages.count - 1].instructionIndices.append(i) }
      case .env:
        guard !stages.isEmpty else { continue }
        let defs = ins.pairs.map {
          EnvDefinition(
            name: String(decoding: $0.key, as: UTF8.self), value: String(decoding: $0.value, as: UTF8.self),
            nameRange: $0.keyRange, instructionIndex: i)
        }
        stages[stages.count - 1].env += defs
        stages[stages.count - 1].instructionIndices.append(i)
      default:
        if !stages.isEmpty { stages[stages.count - 1].instructionIndices.append(i) }
      }
      if let last = stages.indices.last {
        stages[last].range = stages[last].range.lowerBound..<ins.range.upperBound
      }
    }
    self.globalArgs = globalArgs
    self.stages = stages
    definitionsByName = stages.map { stage in
      var byName: [String: [VariableDefinition]] = [:]
      let defs = stage.args.map { VariableDefinition.arg($0) } + stage.env.map { VariableDefinition.env($0) }
      for d in defs.sorted(by: { $0.instructionIndex < $1.instructionIndex }) { byName[d.name, default: []].append(d) }
      return byName
    }
  }

  /// The definition of `name` visible to the instruction at `instructionIndex` (the entry
  /// `visibleVariables(at:)` would have for it), without building the whole table.
  public func definition(of name: String, visibleAt instructionIndex: Int) -> VariableDefinition? {
    guard let stage = stage(containing: instructionIndex) else {
      return globalArgs.last { $0.name == name && $0.instructionIndex < instructionIndex }.map { .arg($0) }
    }
    if instructionIndex == stage.fromIndex { return globalArgs.last { $0.name == name }.map { .arg($0) } }
    if let own = definitionsByName[stage.index][name]?.last(where: { $0.instructionIndex < instructionIndex }) {
      return own
    }
    for ancestor in ancestors(of: stage) {
      if let env = definitionsByName[ancestor.index][name]?.last(where: { if case .env = $0 { true } else { false } }) {
        return env
      }
    }
    return nil
  }

  /// The stage an instruction belongs to (nil for instructions before the first FROM).
  public func stage(containing instructionIndex: Int) -> Stage? {
    // Binary search: the last stage whose FROM is at or before the instruction.
    var lo = 0
    var hi = stages.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if stages[mid].fromIndex <= instructionIndex { lo = mid + 1 } else { hi = mid }
    }
    return lo == 0 ? nil : stages[lo - 1]
  }

  /// The stage a name refers to (case-insensitively, as BuildKit compares stage names), or a stage index.
  public func stage(named reference: String) -> Stage? {
    let lower = reference.lowercased()
    if let s = stages.first(where: { $0.name?.lowercased() == lower }) { return s }
    if let n = Int(reference), n >= 0, n < stages.count { return stages[n] }
    return nil
  }

  /// The final stage (what `docker build` without `--target` produces).
  public var finalStage: Stage? { stages.last }

  /// The chain of stages a stage builds on, nearest first (itself excluded).
  public func ancestors(of stage: Stage) -> [Stage] {
    var out: [Stage] = []
    var current = stage
    var seen: Set<Int> = [stage.index]
    while case .stage(let parent) = current.base, !seen.contains(parent) {
      seen.insert(parent)
      current = stages[parent]
      out.append(current)
    }
    return out
  }

  /// Variables visible to the instruction at `instructionIndex`: ARGs declared earlier in its stage, ENV set
  /// earlier in it or in the stages it builds on, by name, with the definition that wins. Global ARGs are
  /// visible in FROM lines only (and in a stage when redeclared there, which adds a stage ARG).
  public func visibleVariables(at instructionIndex: Int) -> [String: VariableDefinition] {
    guard let stage = stage(containing: instructionIndex) else {
      var out: [String: VariableDefinition] = [:]
      for a in globalArgs where a.instructionIndex < instructionIndex { out[a.name] = .arg(a) }
      return out
    }
    if instructionIndex == stage.fromIndex {
      var out: [String: VariableDefinition] = [:]
      for a in globalArgs { out[a.name] = .arg(a) }
      return out
    }
    var out: [String: VariableDefinition] = [:]
    for ancestor in ancestors(of: stage).reversed() {
      for e in ancestor.env { out[e.name] = .env(e) }
    }
    // In a stage, ARG and ENV are applied in order; a later definition of the same name wins.
    var defs: [(Int, VariableDefinition)] = []
    for a in stage.args where a.instructionIndex < instructionIndex { defs.append((a.instructionIndex, .arg(a))) }
    for e in stage.env where e.instructionIndex < instructionIndex { defs.append((e.instructionIndex, .env(e))) }
    for (_, d) in defs.sorted(by: { $0.0 < $1.0 }) { out[d.name] = d }
    return out
  }
}

/// Where a visible variable comes from.
public enum VariableDefinition: Sendable, Equatable {
  /// An ARG.
  case arg(ArgDefinition)
  /// An ENV pair.
  case env(EnvDefinition)

  /// The index of the defining instruction.
  public var instructionIndex: Int {
    switch self {
    case .arg(let a): return a.instructionIndex
    case .env(let e): return e.instructionIndex
    }
  }

  /// The variable name.
  public var name: String {
    switch self {
    case .arg(let a): return a.name
    case .env(let e): return e.name
    }
  }

  /// Where it is defined.
  public var nameRange: Range<Int> {
    switch self {
    case .arg(let a): return a.nameRange
    case .env(let e): return e.nameRange
    }
  }
}
