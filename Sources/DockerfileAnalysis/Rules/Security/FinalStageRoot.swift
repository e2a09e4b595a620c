// DF301 final-stage-root.
//
// Containers run as the image's user, and most base images (python, debian, alpine, ubuntu) leave it as root.
// A process running as root inside a container is one kernel bug or one mounted socket away from root on the
// host, and it can rewrite its own code and packages at run time. The image that ships is the final stage, so
// that is where a USER with an unprivileged account belongs; builder stages may stay root. hadolint's DL3002
// looks only for an explicit `USER root`; this rule also reports the far more common case of no USER at all.
import DockerfileSyntax

/// Reports a final stage that runs as root: no USER in it or the stages it builds on, or a last USER of root.
public struct FinalStageRoot: Rule {
  /// Creates the rule.
  public init() {}

  /// DF301.
  public let descriptor = RuleDescriptor(
    code: "DF301", name: "final-stage-root", aliases: [], severity: .warning, category: .security,
    summary: "The final stage runs as root",
    documentation: RuleDocumentation(
      why: """
        Containers run as the image's user, and most base images leave that user as root. A root process in a \
        container is one kernel bug or mounted socket away from root on the host, and it can rewrite its own \
        code at run time. Create an unprivileged user and switch to it with USER in the final stage (the one \
        that ships); builder stages may stay root. A USER whose value is a build variable is not judged.
        """,
      bad: "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n",
      good: """
        FROM python:3.12-slim
        RUN useradd --create-home app
        COPY . /app
        USER app
        CMD ["python", "/app/main.py"]

        """))

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    guard let final = model.finalStage else { return }
    // The last USER in the final stage, else in the stages it builds on (nearest first).
    for stage in [final] + model.ancestors(of: final) {
      guard let userIndex = stage.instructionIndices.last(where: { model.instructions[$0].kind == .user }) else {
        continue
      }
      let user = model.instructions[userIndex]
      guard let value = user.arguments.first else { return }
      let text = value.string.trimmingCharacters(in: " \t")
      if text.contains("$") { return }
      let name = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? text
      if name == "root" || name == "0" {
        report(value.range, "the final stage runs as root (`USER \(text)`); switch to an unprivileged user")
      }
      return
    }
    // No USER anywhere in the chain: the base image's user applies, which is root for images built from scratch
    // and for nearly every base image.
    let from = model.instructions[final.fromIndex]
    let range = final.baseRange ?? from.keyword.range
    report(range, "the final stage runs as the base image's user, usually root; add a USER with an unprivileged user")
  }
}

extension String {
  /// The string without leading and trailing characters from `set`.
  func trimmingCharacters(in set: String) -> String {
    let chars = Set(set)
    var s = Substring(self)
    while let f = s.first, chars.contains(f) { s = s.dropFirst() }
    while let l = s.last, chars.contains(l) { s = s.dropLast() }
    return String(s)
  }
}
