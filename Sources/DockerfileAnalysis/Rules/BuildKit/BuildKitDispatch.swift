// What BuildKit's dispatcher knows about variables, modelled statically for the checks that depend on it
// (UndefinedVar, UndefinedArgInFrom, InvalidDefaultArgInFrom, CopyIgnoredFile): the global ARGs that FROM lines see,
// each stage's variables as its instructions are dispatched in order, the words BuildKit expands, and its "did you
// mean" suggestions.
//
// A stage starts with its base's environment. For `FROM <stage>` that is the parent's final state (ENV and ARG
// values, and the names of every ARG declared along the way). For an image it is the image's configuration, which a
// static analysis cannot read: we assume `PATH` (BuildKit adds it to images that lack it, and `scratch` has only it)
// plus the variables `OfficialImageEnvironment` knows for well-known images. Global ARGs are not visible in a stage
// unless an `ARG NAME` inside it declares them again.
//
// Everything here is built one instruction at a time (the checks are sequential rules), so the states hold names and
// values, never positions. The one fact that comes from later in the file is TARGETSTAGE (the name of the last
// stage): its value is `targetStagePlaceholder` while the file is read, and a check whose outcome depends on it (its
// result contains the placeholder) decides once the whole file is read, with `resolvingTargetStage`.
import DockerfileSyntax

/// BuildKit's predefined build arguments, in the order BuildKit defines them.
let buildKitPredefinedArgs = [
  "BUILDPLATFORM", "BUILDOS", "BUILDOSVERSION", "BUILDARCH", "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS",
  "TARGETOSVERSION", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE",
]

/// Build arguments BuildKit reads itself and never puts in a stage's environment; UndefinedVar ignores them.
let buildKitNonEnvironmentArgs: Set<String> = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"]

/// The value TARGETSTAGE has until the last stage is known: a noncharacter, which Dockerfiles do not contain.
let targetStagePlaceholder = String(targetStagePlaceholderScalar)

/// The placeholder's scalar (Swift accepts no noncharacter in a literal).
let targetStagePlaceholderScalar = Unicode.Scalar(0xFDD0 as UInt32) ?? "\u{FFFD}"

/// TARGETSTAGE's value once the whole file is read: the last stage's lower-cased name, or `default`.
func targetStageValue(lastStageName: String?) -> String {
  guard let name = lastStageName, !name.isEmpty else { return "default" }
  return name
}

extension String {
  /// Whether the value depends on TARGETSTAGE, which is only known at the end of the file.
  var dependsOnTargetStage: Bool { unicodeScalars.contains(targetStagePlaceholderScalar) }

  /// The value with TARGETSTAGE's real value in place of the placeholder.
  func resolvingTargetStage(_ value: String) -> String {
    guard dependsOnTargetStage else { return self }
    var out = ""
    for scalar in unicodeScalars {
      if scalar == targetStagePlaceholderScalar { out += value } else { out.unicodeScalars.append(scalar) }
    }
    return out
  }
}

/// The names of the global (pre-FROM) ARGs, which FROM lines may use.
struct GlobalArgNames: Equatable, Sendable {
  /// Every ARG name declared before the first FROM, first declaration first.
  var declaredNames: [String] = []
  /// The same names, for lookups.
  var declaredSet: Set<String> = []

  /// Records a declaration.
  mutating func declare(_ name: String) {
    if declaredSet.insert(name).inserted { declaredNames.append(name) }
  }

  /// Whether a FROM line may use `name`: a predefined argument or any global ARG, with or without a value.
  func isDeclared(_ name: String) -> Bool {
    declaredSet.contains(name) || buildKitPredefinedArgs.contains(name)
  }

  /// The names a "did you mean" for a FROM line chooses from.
  var suggestionCandidates: [String] { declaredNames + buildKitPredefinedArgs.filter { !declaredSet.contains($0) } }
}

/// The global (pre-FROM) ARGs as FROM lines see them without build arguments, built one declaration at a time.
struct GlobalArgs: Equatable, Sendable {
  /// The declared names.
  var names = GlobalArgNames()
  /// The global scope: predefined arguments and the global ARGs that have a default, with their values (a
  /// platform argument's value depends on the builder and is `.unknown`; TARGETSTAGE is the placeholder).
  var scope: [String: VariableLookup] = [:]
  /// Whether expanding a global ARG default failed (InvalidDefaultArgInFrom then gives up, as BuildKit does).
  var failed = false

  /// The scope before the first global ARG: the predefined arguments.
  init() { self = Self.predefined }

  /// The predefined arguments, built once (every sequential rule that tracks scopes starts from them, at each
  /// analysis).
  private static let predefined: GlobalArgs = {
    var args = GlobalArgs(scope: [:])
    for name in buildKitPredefinedArgs { args.scope[name] = .unknown }
    args.scope["TARGETSTAGE"] = .value(targetStagePlaceholder)
    return args
  }()

  private init(scope: [String: VariableLookup]) { self.scope = scope }

  /// Declares one global ARG, its default evaluated against the ones before it.
  mutating func declare(_ declaration: ArgDeclaration, escape: UInt8) {
    let name = String(decoding: declaration.name, as: UTF8.self)
    names.declare(name)
    guard let raw = declaration.defaultValue else { return }
    switch Self.evaluate(raw, in: scope, escape: escape) {
    case .value(let value): scope[name] = .value(value)
    case .unknown: scope[name] = .unknown
    case .failed:
      failed = true
      scope[name] = .unknown
    }
  }

  /// Evaluates `word` against `scope` (a function, so the scope is not retained once it returns and can be updated
  /// in place).
  static func evaluate(_ word: [UInt8], in scope: [String: VariableLookup], escape: UInt8) -> WordOutcome {
    BuildKitWordEvaluator(escape: Unicode.Scalar(escape), lookup: { scope[$0] ?? .unset }).outcome(of: word)
  }
}

/// The variables of a stage at one point of its dispatch.
struct StageVariables: Equatable, Sendable {
  /// A set variable: its value (nil when unknown) and when it was last set.
  private struct Binding: Equatable, Sendable {
    var value: String?
    var order: Int
  }

  private var bindings = PersistentDictionary<String, Binding>()
  /// ARG names declared in the stage or the stages it builds on, with or without a value.
  private(set) var declaredArgs = PersistentSet<String>()
  /// How many times a variable was set (orders the bindings; a count, not a position).
  private var clock = 0

  /// A stage built on an image: `PATH` and the image's known variables, all with unknown values except `PATH` on
  /// `scratch`.
  init(image: String?) {
    if image == nil {
      set("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
      return
    }
    set("PATH", nil)
    for name in image.map(OfficialImageEnvironment.variables(of:)) ?? [] { set(name, nil) }
  }

  /// Whether `name` is in the stage's environment.
  func isSet(_ name: String) -> Bool { bindings[name] != nil }

  /// Whether an ARG declared `name` in this stage or an ancestor (BuildKit never reports those as undefined).
  func isDeclared(_ name: String) -> Bool { declaredArgs.contains(name) }

  /// What looking `name` up gives.
  func lookup(_ name: String) -> VariableLookup {
    guard let binding = bindings[name] else { return .unset }
    return binding.value.map(VariableLookup.value) ?? .unknown
  }

  /// Sets `name` (nil for an unknown value); a variable set again moves to the end of `keysInOrder`.
  mutating func set(_ name: String, _ value: String?) {
    clock += 1
    bindings[name] = Binding(value: value, order: clock)
  }

  /// Records an ARG declaration.
  mutating func declare(_ name: String) { declaredArgs.insert(name) }

  /// The environment's names in BuildKit's order (by when each was last set), for suggestions.
  var keysInOrder: [String] { bindings.entries.sorted { $0.value.order < $1.value.order }.map(\.key) }
}

/// One step of a stage's dispatch.
enum DispatchStep {
  /// The instruction (not an ARG, FROM or ONBUILD), before it takes effect.
  case instruction
  /// One `name[=default]` of an ARG inside a stage, before it takes effect (BuildKit handles them one by one).
  case argDeclaration(ArgDeclaration)
}

/// BuildKit's dispatch of the stages, one top-level instruction at a time: the global ARGs, the current stage's
/// variables, and the final variables of the named stages a later FROM may build on.
struct StageDispatchState: Equatable, Sendable {
  /// The global ARGs.
  var globals = GlobalArgs()
  /// The current stage's variables; nil before the first FROM.
  var current: StageVariables?
  /// The current stage's lower-cased name, if it has one (the last one's is TARGETSTAGE).
  var currentName: String?
  /// The final variables of the latest finished stage of each lower-cased name.
  var finishedStages: [String: StageVariables] = [:]

  /// Dispatches `ins`, calling `visit` for each step of a stage with the variables in effect before it. With
  /// `tracksValues` false, only names are tracked (values that cost nothing to know are kept, as before).
  mutating func step(
    _ ins: Instruction, escape: UInt8, tracksValues: Bool, visit: (DispatchStep, StageVariables) -> Void
  ) {
    let escapeScalar = Unicode.Scalar(escape)
    switch ins.kind {
    case .from:
      if let name = currentName, let vars = current { finishedStages[name] = vars }
      let from = FromInstruction(ins)
      currentName = from?.stageName.map { $0.string.lowercased() }
      if let text = from?.image?.string {
        let lower = text.lowercased()
        if lower == "scratch" {
          current = StageVariables(image: nil)
        } else if let parent = finishedStages[lower] {
          current = parent
        } else {
          current = StageVariables(image: text)
        }
      } else {
        current = StageVariables(image: nil)
      }
    case .onbuild:
      break
    case .arg:
      let declarations = ArgInstruction(ins)?.declarations ?? []
      guard var vars = current else {
        for declaration in declarations { globals.declare(declaration, escape: escape) }
        return
      }
      for declaration in declarations {
        visit(.argDeclaration(declaration), vars)
        let name = String(decoding: declaration.name, as: UTF8.self)
        vars.declare(name)
        guard !buildKitNonEnvironmentArgs.contains(name) else { continue }
        if let raw = declaration.defaultValue {
          vars.set(name, tracksValues ? Self.evaluate(raw, in: vars, escape: escapeScalar) : nil)
        } else if let global = globals.scope[name] {
          // A bare ARG takes the global value, when the global scope has one.
          if case .value(let v) = global { vars.set(name, v) } else { vars.set(name, nil) }
        }
      }
      current = vars
    case .env:
      guard var vars = current else { return }
      visit(.instruction, vars)
      // Every pair is expanded against the environment before the instruction.
      var pairs: [(String, String?)] = []
      for pair in ins.syntax.pairs {
        let rawKey = ins.text(pair.key)
        // A key that TARGETSTAGE names is not known before the end of the file; it is left out.
        guard let key = plainWordText(rawKey) ?? Self.evaluate(rawKey, in: vars, escape: escapeScalar),
          !key.dependsOnTargetStage
        else { continue }
        pairs.append(
          (key, tracksValues ? Self.evaluate(ins.text(pair.value), in: vars, escape: escapeScalar) : nil))
      }
      for (key, value) in pairs { vars.set(key, value) }
      current = vars
    default:
      guard let vars = current else { return }
      visit(.instruction, vars)
    }
  }

  /// The value of `word` in `vars` (a function, so `vars` is not retained once it returns and can be updated in
  /// place).
  static func evaluate(_ word: [UInt8], in vars: StageVariables, escape: Unicode.Scalar) -> String? {
    BuildKitWordEvaluator(escape: escape, lookup: { vars.lookup($0) }).evaluate(word)
  }
}

/// The text of a word that needs no expansion (no `$`, quotes or escapes), or nil.
func plainWordText(_ bytes: [UInt8]) -> String? {
  for b in bytes where b == 0x24 || b == 0x22 || b == 0x27 || b == 0x5C || b == 0x60 { return nil }
  return String(decoding: bytes, as: UTF8.self)
}

/// Where a word BuildKit expands lies in the source, to map offsets in its text back.
enum ExpandedWordLocation {
  /// The text is the instruction's logical line from this logical offset.
  case logical(Int)
  /// The text is the source from this absolute offset.
  case source(Int)
  /// The text does not map byte for byte (a decoded JSON string, a quoted flag): blame the whole range.
  case whole(Range<Int>)
}

/// A word BuildKit expands with variables.
struct ExpandedWord {
  /// The word as BuildKit expands it (quotes still in).
  var text: [UInt8]
  /// Where it is.
  var location: ExpandedWordLocation
  /// A COPY/ADD heredoc body: escapes are always `\` and quotes are literal.
  var isHeredocBody = false

  /// The source range of a range in `text`.
  func sourceRange(_ r: Range<Int>, in ins: Instruction) -> Range<Int> {
    switch location {
    case .logical(let start): return ins.sourceRange((start + r.lowerBound)..<(start + r.upperBound))
    case .source(let start): return (start + r.lowerBound)..<(start + r.upperBound)
    case .whole(let range): return range
    }
  }

  /// The source range of the whole word (inside the quotes of a JSON string).
  func sourceRange(in ins: Instruction) -> Range<Int> { sourceRange(0..<text.count, in: ins) }

  /// The variables the word looks up, each once (BuildKit reports a name once per word), with the source range of
  /// its first reference.
  func lookups(in ins: Instruction) -> [(name: String, range: Range<Int>)] {
    var text = self.text
    var escape = ins.escapeCharacter
    if isHeredocBody {
      // Heredoc bodies are expanded with quotes as plain characters; neutral bytes keep every offset.
      for i in text.indices where text[i] == 0x22 || text[i] == 0x27 { text[i] = 0x01 }
      escape = 0x5C
    }
    guard text.contains(0x24) else { return [] }
    let references = scanVariableReferences(in: text, escape: escape).references
    var out: [(String, Range<Int>)] = []
    out.reserveCapacity(references.count)
    // Words usually hold a few references, where a look back beats hashing.
    var seen: Set<[UInt8]> = []
    for (i, ref) in references.enumerated() where !ref.name.isEmpty {
      if references.count > 8 {
        if !seen.insert(ref.name).inserted { continue }
      } else if references[..<i].contains(where: { $0.name == ref.name }) {
        continue
      }
      out.append((String(decoding: ref.name, as: UTF8.self), sourceRange(ref.range, in: ins)))
    }
    return out
  }

  /// A logical range of `ins`.
  static func logical(_ range: Range<Int>, of ins: Instruction) -> ExpandedWord {
    ExpandedWord(text: ins.text(range), location: .logical(range.lowerBound))
  }

  /// One argument of `ins` as BuildKit expands it: JSON strings decoded.
  static func argument(_ index: Int, of ins: Instruction) -> ExpandedWord? {
    let syntax = ins.syntax.arguments
    guard index < syntax.count else { return nil }
    let a = syntax[index]
    guard a.kind == .jsonString else { return logical(a.range, of: ins) }
    let value = ins.arguments[index].value
    let raw = ins.text(a.range)
    if raw.count == value.count + 2 && raw.dropFirst().dropLast().elementsEqual(value) {
      return ExpandedWord(text: value, location: .logical(a.range.lowerBound + 1))
    }
    return ExpandedWord(text: value, location: .whole(ins.sourceRange(a.range)))
  }

  /// The value of the first `--name=value` flag of `ins`.
  static func flag(_ name: String, of ins: Instruction) -> ExpandedWord? {
    guard !ins.syntax.flags.isEmpty else { return nil }
    let flags = ins.flags
    guard let i = flags.firstIndex(where: { $0.name == name }), let value = flags[i].value else { return nil }
    let syntax = ins.syntax.flags[i]
    if syntax.processed == nil, let eq = ins.text(syntax.range).firstIndex(of: 0x3D) {
      return ExpandedWord(text: value, location: .logical(syntax.range.lowerBound + eq + 1))
    }
    return ExpandedWord(text: value, location: .whole(flags[i].valueRange ?? flags[i].range))
  }

  /// The sources of a COPY or ADD that are paths (heredoc openers excluded), by argument index.
  static func copySourceIndices(of ins: Instruction) -> [Int] {
    let arguments = ins.syntax.arguments
    guard arguments.count >= 2 else { return [] }
    let openers = ins.syntax.heredocs.map(\.opener)
    return (0..<(arguments.count - 1)).filter { i in !openers.contains { $0.overlaps(arguments[i].range) } }
  }

  /// Whether any byte of the instruction (heredoc bodies included) is a `$`: without one nothing is expanded.
  static func mayReferenceVariables(_ ins: Instruction) -> Bool {
    ins.source[ins.range].contains(0x24)
  }
}

/// BuildKit's "did you mean": the first candidate closer than every earlier one, at an edit distance below 3;
/// none when `name` is itself a candidate.
func buildKitSuggestion(for name: String, among candidates: [String]) -> String? {
  let target = Array(name.unicodeScalars)
  var best: String?
  var bestDistance = 3
  for candidate in candidates {
    if candidate == name { return nil }
    let d = levenshteinDistance(target, Array(candidate.unicodeScalars), limit: bestDistance)
    if d < bestDistance {
      best = candidate
      bestDistance = d
    }
  }
  return best
}

/// The edit distance between two scalar arrays (insertions, deletions and substitutions cost 1); any value at or
/// above `limit` is returned as `limit`.
func levenshteinDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
  if abs(a.count - b.count) >= limit { return limit }
  if a.isEmpty || b.isEmpty { return min(max(a.count, b.count), limit) }
  var previous = Array(0...b.count)
  var current = Array(repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    var rowMinimum = i
    for j in 1...b.count {
      let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
      current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
      rowMinimum = min(rowMinimum, current[j])
    }
    if rowMinimum >= limit { return limit }
    swap(&previous, &current)
  }
  return min(previous[b.count], limit)
}
