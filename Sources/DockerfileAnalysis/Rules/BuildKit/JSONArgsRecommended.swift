// DF209 json-args-recommended (BuildKit's JSONArgsRecommended).
//
// A shell-form CMD or ENTRYPOINT runs as `/bin/sh -c "..."`: the shell becomes PID 1, and most shells do not
// pass SIGTERM on to the program, so `docker stop` waits for its timeout and then kills the container. The JSON
// (exec) form runs the program itself as PID 1. A SHELL instruction earlier in the stage (or in a stage it
// builds on) shows the shell form is deliberate, and BuildKit then stays quiet.
import DockerfileSyntax

/// Reports shell-form CMD and ENTRYPOINT in stages without a SHELL.
public struct JSONArgsRecommended: Rule {
  /// Creates the rule.
  public init() {}

  /// DF209.
  public let descriptor = RuleDescriptor(
    code: "DF209", name: "json-args-recommended", aliases: ["JSONArgsRecommended"], severity: .warning,
    category: .correctness,
    summary: "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
    documentation: RuleDocumentation(
      why: """
        Shell-form CMD and ENTRYPOINT run under `/bin/sh -c`, which becomes PID 1 and usually does not forward \
        SIGTERM to the program, so stopping the container waits for the timeout and then kills it. Use the JSON \
        form, which runs the program directly. A SHELL instruction earlier in the stage marks the shell form as \
        deliberate.
        """,
      bad: "FROM python:3.12-slim\nCMD python -m app\n",
      good: "FROM python:3.12-slim\nUSER nobody\nCMD [\"python\", \"-m\", \"app\"]\n"))

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let model = context.model
    for stage in model.stages {
      let lineage = [stage] + model.ancestors(of: stage)
      var shellSet = lineage.dropFirst().contains { s in
        s.instructionIndices.contains { model.instructions[$0].kind == .shell }
      }
      for i in stage.instructionIndices {
        let ins = model.instructions[i]
        if ins.kind == .shell { shellSet = true }
        guard ins.kind == .cmd || ins.kind == .entrypoint, ins.form == .shell, !shellSet else { continue }
        let keyword = String(decoding: ins.keyword.text, as: UTF8.self)
        report(
          ins.argumentText.range,
          "JSON arguments recommended for \(keyword) to prevent unintended behavior related to OS signals")
      }
    }
  }
}
