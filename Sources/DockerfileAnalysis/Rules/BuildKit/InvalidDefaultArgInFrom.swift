// DF215 invalid-default-arg-in-from (BuildKit's InvalidDefaultArgInFrom).
//
// A build without `--build-arg` uses the global ARGs' defaults. When the FROM image expanded with those defaults
// (an ARG without a default expands to nothing) is not a valid image reference, the Dockerfile only builds when the
// caller remembers to pass the argument. BuildKit checks every stage this way, ignoring build arguments on purpose,
// and gives up when a default cannot be expanded at all.
//
// A sequential rule whose state is the global ARGs with their values (and a few flags). An image that uses
// TARGETSTAGE (the last stage's name) is decided once the whole file is read.
import DockerfileSyntax

/// Reports FROM images that are empty or invalid under the global ARGs' defaults.
public struct InvalidDefaultArgInFrom: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF215.
  public let descriptor = RuleDescriptor(
    code: "DF215", name: "invalid-default-arg-in-from", aliases: ["InvalidDefaultArgInFrom"], severity: .warning,
    category: .correctness, summary: "Default value for global ARG results in an empty or invalid base image name",
    documentation: RuleDocumentation(
      why: """
        Without build arguments, a FROM line is expanded with the defaults of the global ARGs, and an ARG without \
        a default expands to an empty string. `FROM busybox:$VERSION` with a bare `ARG VERSION` then names \
        `busybox:`, which is not an image, so the Dockerfile builds only when every caller passes --build-arg. \
        Give the ARG a default that makes a valid reference.
        """,
      bad: "ARG VERSION\nFROM busybox:$VERSION\n",
      good: "ARG VERSION=1.36\nFROM busybox:$VERSION\nUSER nobody\n"))

  /// Global ARGs and FROM lines.
  public var stepKinds: Set<InstructionKind>? { [.from, .arg] }

  /// The global ARGs, whether the first FROM was read, whether BuildKit gave up, and the current stage's name (the
  /// last one's is TARGETSTAGE).
  public struct State: Equatable, Sendable {
    var globals = GlobalArgs()
    var inStages = false
    var abandoned = false
    var lastStageName: String?
  }

  /// A FROM image whose value depends on TARGETSTAGE: the value with the placeholder, and the image as written.
  public struct CandidateKey: Hashable, Sendable {
    var value: String
    var written: String
  }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<CandidateKey>
  ) {
    let ins = facts.instruction
    switch ins.kind {
    case .arg:
      guard !state.inStages else { return }
      for declaration in ArgInstruction(ins)?.declarations ?? [] {
        state.globals.declare(declaration, escape: file.escape)
      }
    case .from:
      state.inStages = true
      let from = FromInstruction(ins)
      state.lastStageName = from?.stageName.map { $0.string.lowercased() }
      guard !state.globals.failed, !state.abandoned, let image = from?.image else { return }
      let scope = state.globals.scope
      let evaluator = BuildKitWordEvaluator(escape: Unicode.Scalar(file.escape), lookup: { scope[$0] ?? .unset })
      switch evaluator.outcome(of: image.value) {
      case .failed:
        // BuildKit abandons the check on an expansion error.
        state.abandoned = true
      case .unknown:
        break
      case .value(let name):
        if name.dependsOnTargetStage {
          out.candidate(image.range, key: CandidateKey(value: name, written: image.string))
        } else if let message = Self.message(name, written: image.string) {
          out.report(image.range, message)
        }
      }
    default:
      break
    }
  }

  public func resolve(_ key: CandidateKey, _ state: State) -> String? {
    Self.message(
      key.value.resolvingTargetStage(targetStageValue(lastStageName: state.lastStageName)), written: key.written)
  }

  /// The message when `name` (the expanded image) is not a valid reference.
  static func message(_ name: String, written: String) -> String? {
    switch parseImageReference(name) {
    case .success: return nil
    case .failure: return "Default value for ARG \(written) results in empty or invalid base image name"
    }
  }
}
