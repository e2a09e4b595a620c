// DF029 blank-base-image.
//
// FROM lines are expanded with the ARGs declared before the first FROM (and BuildKit's predefined platform
// arguments) only. A FROM whose image is made of variables that are not declared there expands to nothing, and
// BuildKit fails with "base name (...) should not be blank" (`dockerfile2llb/convert.go`), whatever `--build-arg`
// says: build arguments only set declared ARGs. Variables declared globally, even without a value, are left
// alone, since a build argument may set them.
import DockerfileSyntax

/// Reports FROM images that expand to nothing.
public struct BlankBaseImage: Rule {
  /// Creates the rule.
  public init() {}

  /// DF029.
  public let descriptor = RuleDescriptor(
    code: "DF029", name: "blank-base-image", aliases: [], severity: .error, category: .correctness,
    summary: "A FROM image that expands to nothing",
    documentation: RuleDocumentation(
      why: """
        Variables in a FROM line come only from ARGs declared before the first FROM. An ARG declared inside a \
        stage, or not at all, is empty there, so `FROM ${BASE_IMAGE}` builds nothing and BuildKit fails. Declare \
        the ARG at the top of the file.
        """,
      bad: "FROM ${BASE_IMAGE}\n",
      good: "ARG BASE_IMAGE=alpine:3.20\nFROM ${BASE_IMAGE}\nUSER nobody\n"))

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    var expander = DispatchSupport.FromExpander(context.model)
    for from in DispatchSupport.dispatchedFroms(context.model) {
      guard let image = from.image, image.value.contains(0x24), let expanded = expander.expand(image.value, of: from)
      else { continue }
      if expanded.value.isEmpty { report(image.range, "base name (\(image.string)) should not be blank") }
    }
  }
}
