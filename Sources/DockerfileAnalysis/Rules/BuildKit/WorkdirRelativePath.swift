// DF210 workdir-relative-path (BuildKit's WorkdirRelativePath).
//
// A relative WORKDIR is resolved against the working directory the base image happens to set. When the base
// image changes it (or a new version does), every relative path in the build moves with it. The first WORKDIR
// of a stage lineage should therefore be absolute; later relative ones are relative to a directory the
// Dockerfile itself chose.
import DockerfileSyntax

/// Reports the first WORKDIR of a stage lineage when it is relative.
public struct WorkdirRelativePath: Rule {
  /// Creates the rule.
  public init() {}

  /// DF210.
  public let descriptor = RuleDescriptor(
    code: "DF210", name: "workdir-relative-path", aliases: ["WorkdirRelativePath"], severity: .warning,
    category: .correctness,
    summary:
      "Relative workdir without an absolute workdir declared within the build can have unexpected results if "
      + "the base image changes",
    documentation: RuleDocumentation(
      why: """
        A relative WORKDIR is resolved against whatever working directory the base image sets, so a different \
        base image, or a new version of it, silently moves every relative path in the build. Make the first \
        WORKDIR of a stage (and of the stages it builds on) absolute. A path built from variables is not judged.
        """,
      bad: "FROM python:3.12-slim\nWORKDIR app\n",
      good: "FROM python:3.12-slim\nWORKDIR /app\nWORKDIR src\nUSER nobody\n"))

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    for stage in model.stages {
      let inherited = model.ancestors(of: stage).contains { s in
        s.instructionIndices.contains { model.instructions[$0].kind == .workdir }
      }
      guard !inherited,
        let first = stage.instructionIndices.first(where: { model.instructions[$0].kind == .workdir }),
        let path = model.instructions[first].arguments.first
      else { continue }
      let text = path.string
      if text.contains("$") || text.hasPrefix("/") { continue }
      report(path.range, "Relative workdir \"\(text)\" can have unexpected results if the base image changes")
    }
  }
}
