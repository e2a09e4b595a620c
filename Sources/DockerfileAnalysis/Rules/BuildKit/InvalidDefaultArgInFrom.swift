// DF215 invalid-default-arg-in-from (BuildKit's InvalidDefaultArgInFrom).
//
// A build without `--build-arg` uses the global ARGs' defaults. When the FROM image expanded with those defaults
// (an ARG without a default expands to nothing) is not a valid image reference, the Dockerfile only builds when the
// caller remembers to pass the argument. BuildKit checks every stage this way, ignoring build arguments on purpose,
// and gives up when a default cannot be expanded at all.
import DockerfileSyntax

/// Reports FROM images that are empty or invalid under the global ARGs' defaults.
public struct InvalidDefaultArgInFrom: Rule {
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

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    let globals = GlobalArgs(model)
    guard !globals.failed else { return }
    let scope = globals.scope
    let evaluator = BuildKitWordEvaluator(
      escape: Unicode.Scalar(model.tree.escape), lookup: { scope[$0] ?? .unset })
    for stage in model.stages {
      guard let image = FromInstruction(model.instructions[stage.fromIndex])?.image else { continue }
      switch evaluator.outcome(of: image.value) {
      case .failed:
        // BuildKit abandons the check on an expansion error.
        return
      case .unknown:
        continue
      case .value(let name):
        let valid: Bool
        switch parseImageReference(name) {
        case .success: valid = true
        case .failure: valid = false
        }
        if !valid {
          report(image.range, "Default value for ARG \(image.string) results in empty or invalid base image name")
        }
      }
    }
  }
}
