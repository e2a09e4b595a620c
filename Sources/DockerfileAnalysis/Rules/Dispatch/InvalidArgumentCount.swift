// DF010 invalid-argument-count.
//
// Once the parser has split an instruction into arguments, BuildKit checks how many each instruction takes
// (`instructions/parse.go`) and refuses the whole Dockerfile when the count is wrong: FROM takes an image and
// optionally `AS name`, COPY and ADD need a destination, ARG, ENV, LABEL, EXPOSE, VOLUME, ONBUILD, SHELL and
// HEALTHCHECK need something, MAINTAINER, WORKDIR, USER and STOPSIGNAL need their value, `HEALTHCHECK NONE`
// takes nothing and `HEALTHCHECK CMD` needs a command. Bare RUN, CMD and ENTRYPOINT are accepted. The trigger of
// an ONBUILD is checked too: BuildKit parses it again when a later build runs it.
import DockerfileSyntax

/// Reports instructions with a number of arguments BuildKit refuses.
public struct InvalidArgumentCount: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF010.
  public let descriptor = RuleDescriptor(
    code: "DF010", name: "invalid-argument-count", aliases: [], severity: .error, category: .correctness,
    summary: "An instruction with a number of arguments BuildKit refuses",
    documentation: RuleDocumentation(
      why: """
        BuildKit checks the number of arguments of every instruction before it builds anything, and one wrong \
        count fails the whole build: FROM takes an image and optionally `AS name`, COPY and ADD need at least \
        one source and a destination, ARG, ENV, LABEL, EXPOSE, VOLUME, ONBUILD, SHELL and HEALTHCHECK need at \
        least one argument, MAINTAINER, WORKDIR, USER and STOPSIGNAL need their value, `HEALTHCHECK NONE` takes \
        nothing and `HEALTHCHECK CMD` needs a command. The messages are BuildKit's.
        """,
      bad: "FROM alpine:3.20\nCOPY app.py\n",
      good: "FROM alpine:3.20\nCOPY app.py /app/\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) { check(ins, report: report) }
  }

  /// Checks one instruction (top-level or trigger).
  func check(_ ins: Instruction, report: (Range<Int>, String) -> Void) {
    let args = ins.arguments
    let keyword = ins.keyword.range
    let name = ins.kind.keyword
    func atLeastOne() {
      report(keyword, "\(name) requires at least one argument")
    }
    switch ins.kind {
    case .from:
      if args.count == 3 && args[1].string.lowercased() == "as" { return }
      guard args.count != 1 else { return }
      let range = args.count < 2 ? keyword : args[1].range.lowerBound..<args[args.count - 1].range.upperBound
      report(range, "FROM requires either one or three arguments")
    case .copy, .add:
      guard args.count < 2 else { return }
      report(
        args.first?.range ?? keyword,
        "\(name) requires at least two arguments, but only one was provided. Destination could not be determined")
    case .arg, .expose, .volume, .shell:
      if args.isEmpty { atLeastOne() }
    case .env, .label:
      if ins.pairs.isEmpty { atLeastOne() }
    case .onbuild:
      if ins.child == nil { atLeastOne() }
    case .maintainer, .workdir, .user, .stopsignal:
      if args.isEmpty { report(keyword, "\(name) requires exactly one argument") }
    case .healthcheck:
      guard let type = args.first(where: { $0.kind == .healthcheckType }) else { return atLeastOne() }
      let command = args.filter { $0.kind != .healthcheckType }
      switch type.string.uppercased() {
      case "NONE":
        if let first = command.first, let last = command.last {
          report(first.range.lowerBound..<last.range.upperBound, "HEALTHCHECK NONE takes no arguments")
        }
      case "CMD":
        if command.isEmpty { report(type.range, "Missing command after HEALTHCHECK CMD") }
      default:
        break
      }
    default:
      break
    }
  }
}
