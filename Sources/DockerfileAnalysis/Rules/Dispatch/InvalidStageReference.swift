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
import DockerfileSyntax

/// Reports COPY --from and mount `from=` references BuildKit cannot resolve.
public struct InvalidStageReference: Rule {
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

  /// A reference from a stage to a stage.
  struct Reference {
    /// The referring stage.
    var from: Int
    /// The stage referred to.
    var to: Int
    /// The referring instruction, to find the range only when reporting.
    var instruction: Instruction
    /// The index of the flag among the instruction's flags.
    var flag: Int
    /// For a mount, where its `from=...` field is in the flag's value.
    var field: Range<Int>?
    /// The COPY --from value, or nil for a mount.
    var copyFrom: String?
    /// The mount's `from` and `target`.
    var mount: (from: String, target: String)?

    /// The bytes to blame.
    var range: Range<Int> {
      guard let field, let f = instruction.flags.dropFirst(flag).first else {
        return InvalidStageReference.valueRange(instruction, flag)
      }
      guard let whole = f.valueRange, let value = f.value, whole.count == value.count else {
        return InvalidStageReference.valueRange(instruction, flag)
      }
      return (whole.lowerBound + field.lowerBound)..<(whole.lowerBound + field.upperBound)
    }
  }

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    let stages = model.stages
    var lastByName: [String: Int] = [:]
    for s in stages {
      if let name = s.name { lastByName[name.lowercased()] = s.index }
    }
    let scratchStage = lastByName["scratch"]
    var edges = [[Int]](repeating: [], count: stages.count)
    var references: [Reference] = []
    var earlierByName: [String: Int] = [:]
    var unregistered = 0
    var stage = -1
    // One pass in file order, reading the raw flag words (most instructions have none).
    for top in model.instructions {
      if top.kind == .from {
        stage += 1
        // FROM <earlier stage>: BuildKit looks the base name up as written among the stages added so far.
        let s = stages[stage]
        if let base = s.baseText, !base.contains("$"), let parent = earlierByName[base] { edges[stage].append(parent) }
        if let name = s.name { earlierByName[name.lowercased()] = stage }
        continue
      }
      if top.kind == .onbuild {
        // Triggers run in the child's stages: only the variables can be judged here.
        if let child = top.child, child.kind == .copy || child.kind == .run, !DispatchSupport.isRefusedByParser(top) {
          checkVariables(child, report: report)
        }
        continue
      }
      guard top.kind == .copy || top.kind == .run, !top.syntax.flags.isEmpty, !DispatchSupport.isRefusedByParser(top)
      else {
        continue
      }
      checkVariables(top, report: report)
      guard stage >= 0 else { continue }
      for (k, f) in top.syntax.flags.enumerated() {
        let prefix = top.kind == .copy ? Self.fromPrefix : Self.mountPrefix
        guard DispatchSupport.flag(f, of: top, startsWith: prefix) else { continue }
        let word = top.flagText(f)
        if top.kind == .copy {
          let bytes = Array(word[Self.fromPrefix.count...])
          guard !bytes.isEmpty, !hasExpansion(bytes, top) else { continue }
          let value = String(decoding: bytes, as: UTF8.self)
          var target: Int? = nil
          if let index = Int(value) {
            if index < 0 || index >= stages.count + unregistered {
              report(Self.valueRange(top, k), "invalid stage index \(index)")
              continue
            }
            if index < stages.count { target = index }
          } else if let j = lastByName[value.lowercased()] {
            target = j
          } else {
            unregistered += 1
          }
          if let target {
            edges[stage].append(target)
            references.append(
              Reference(from: stage, to: target, instruction: top, flag: k, field: nil, copyFrom: value, mount: nil))
          }
        } else {
          // Every mount is a source: a stage when `from` names one, otherwise an image (scratch by default).
          let value = word[Self.mountPrefix.count...]
          guard containsFromKey(value) else {
            if scratchStage == nil { unregistered += 1 }
            continue
          }
          guard case .success(let fields) = DispatchSupport.splitBuildKitCSV(Array(value)) else { continue }
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
          if let dollar = name.utf8.firstIndex(of: 0x24), dollar != name.utf8.index(before: name.utf8.endIndex) {
            continue
          }
          guard let j = lastByName[(name.isEmpty ? "scratch" : name).lowercased()] else {
            unregistered += 1
            continue
          }
          guard let from, !name.isEmpty else { continue }
          edges[stage].append(j)
          references.append(
            Reference(
              from: stage, to: j, instruction: top, flag: k, field: from.range, copyFrom: nil,
              mount: (name, mountTarget)))
        }
      }
    }
    guard !references.isEmpty else { return }
    let component = Self.stronglyConnectedComponents(edges)
    func stageName(_ i: Int) -> String { stages[i].name?.lowercased() ?? "stage-\(i)" }
    for r in references {
      if r.to == r.from || component[r.to] == component[r.from] {
        report(r.range, "circular dependency detected on stage: \(stageName(r.from))")
      } else if r.to > r.from {
        if let copyFrom = r.copyFrom {
          report(
            r.range,
            "cannot copy from stage \(DispatchSupport.goQuoted(copyFrom)), it needs to be defined before current stage "
              + DispatchSupport.goQuoted(stageName(r.from)))
        } else if let mount = r.mount {
          report(
            r.range,
            "cannot mount from stage \(DispatchSupport.goQuoted(mount.from)) to \(DispatchSupport.goQuoted(mount.target)), stage needs to be defined "
              + "before current command")
        }
      }
    }
  }

  /// The start of a COPY --from word.
  static let fromPrefix = Array("--from=".utf8)
  /// The start of a RUN --mount word.
  static let mountPrefix = Array("--mount=".utf8)

  /// Reports variables in COPY --from and in a mount's `from`, which BuildKit refuses.
  func checkVariables(_ ins: Instruction, report: (Range<Int>, String) -> Void) {
    for (k, f) in ins.syntax.flags.enumerated() {
      let word = ins.flagText(f)
      guard word.contains(0x24) else { continue }
      if ins.kind == .copy, word.starts(with: Self.fromPrefix), hasExpansion(Array(word[Self.fromPrefix.count...]), ins)
      {
        report(
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
          report(field.range, "'from' doesn't support variable expansion, define alias stage instead")
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
