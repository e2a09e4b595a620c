// The stages of a Dockerfile as a sequential rule sees them while stepping through the instructions: what
// each stage builds on (an earlier stage, through variables too) and the image at the top of its chain. It is
// the position-independent counterpart of `StageBases`, meant to be part of a `SequentialRule`'s state:
// stages are numbered by their order (0 for the first FROM), and images keep their FROM argument's range
// relative to the start of the FROM that names them.
import DockerfileSyntax

/// The stages seen so far and the global ARGs, advanced one instruction at a time.
struct StageTracker: Equatable, Sendable {
  /// Global ARG name → its last declaration's default as written (nil when it has none).
  private(set) var globalArgs: [String: String?] = [:]
  /// Lower-cased stage name → the latest stage with that name.
  private(set) var stageByName: [String: Int] = [:]
  /// Per stage: the earlier stage it builds on, if any.
  private(set) var parents: [Int?] = []
  /// Per stage: the image its chain ends in (nil for `scratch`, unresolvable variables, a missing image). The
  /// image's `argumentRange` is relative to the start of its root stage's FROM node.
  private(set) var images: [StageImage?] = []

  /// The stage the instructions being read belong to; nil before the first FROM.
  var current: Int? { parents.isEmpty ? nil : parents.count - 1 }

  /// The number of stages so far.
  var count: Int { parents.count }

  /// Reads one top-level instruction: a FROM starts a stage, an ARG before the first FROM declares global
  /// ARGs. Returns whether the instruction was a FROM.
  @discardableResult
  mutating func step(_ ins: Instruction) -> Bool {
    switch ins.kind {
    case .arg where parents.isEmpty:
      guard let arg = ArgInstruction(ins) else { return false }
      for d in arg.declarations {
        globalArgs[String(decoding: d.name, as: UTF8.self)] = .some(
          d.defaultValue.map { String(decoding: $0, as: UTF8.self) })
      }
      return false
    case .from:
      startStage(ins)
      return true
    default:
      return false
    }
  }

  private mutating func startStage(_ ins: Instruction) {
    let index = parents.count
    let from = FromInstruction(ins)
    var parent: Int?
    var image: StageImage?
    if let argument = from?.image {
      let text = argument.string
      let lower = text.lowercased()
      if lower == "scratch" {
        // `scratch` is the empty image even when a stage is named so.
      } else if let p = stageByName[lower] {
        parent = p
      } else if let expanded = expandGlobalArgs(text, escape: ins.escapeCharacter, declaration: { globalArgs[$0] }) {
        let expandedLower = expanded.lowercased()
        if let p = stageByName[expandedLower] {
          parent = p
        } else if expandedLower != "scratch" {
          let reference = try? parseImageReference(expanded).get()
          let verbatim = expanded == text && argument.kind == .word && argument.range.count == argument.value.count
          let relative = (argument.range.lowerBound - ins.start)..<(argument.range.upperBound - ins.start)
          image = StageImage(
            rootStage: index, text: expanded, reference: reference, argumentRange: relative, isVerbatim: verbatim)
        }
      }
    }
    if let parent, parent < images.count { image = images[parent] }
    parents.append(parent.flatMap { $0 < index ? $0 : nil })
    images.append(image)
    if let name = from?.stageName?.string { stageByName[name.lowercased()] = index }
  }

  /// The stage and the stages it builds on, the stage itself first.
  func chain(_ stage: Int) -> [Int] {
    var out = [stage]
    var current = parents[stage]
    while let p = current {
      out.append(p)
      current = parents[p]
    }
    return out
  }

  /// The current stage's image with its ranges made absolute, when the current instruction is the FROM that
  /// names it (`fromStart` is that FROM's start); nil otherwise.
  func imageNamedHere(fromStart: Int) -> StageImage? {
    guard let s = current, var image = images[s], image.rootStage == s else { return nil }
    image.argumentRange = (image.argumentRange.lowerBound + fromStart)..<(image.argumentRange.upperBound + fromStart)
    return image
  }
}
