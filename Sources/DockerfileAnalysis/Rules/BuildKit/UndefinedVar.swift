// DF213 undefined-var (BuildKit's UndefinedVar).
//
// BuildKit expands variables itself in the words of ENV, LABEL, ADD, COPY, WORKDIR, USER, VOLUME, STOPSIGNAL, RUN
// `--mount` options, ARG defaults and COPY/ADD heredocs whose delimiter is unquoted. A variable that is not set at
// that point expands to nothing, which is almost always a typo or a missing `ARG`. Every form looks the variable up
// (`${V:-default}` too), single quotes and an escaped `$` do not. A name any ARG of the stage (or of a stage it
// builds on) declared is never reported, even without a value. RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK commands
// are left to the shell, and FROM lines are UndefinedArgInFrom's.
//
// The stage environment is modelled statically (see BuildKitDispatch.swift): a base image is assumed to set `PATH`
// and, for well-known images, the variables `OfficialImageEnvironment` lists.
//
// A sequential rule: the state is the dispatch so far (the global ARGs, the current stage's variable names in the
// order they were set and its declared ARG names, and the same for each finished named stage a later FROM may build
// on). Every finding is decided at its own instruction.
import DockerfileSyntax

/// Reports variables used before they are defined in words BuildKit expands.
public struct UndefinedVar: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF213.
  public let descriptor = RuleDescriptor(
    code: "DF213", name: "undefined-var", aliases: ["UndefinedVar"], severity: .warning, category: .correctness,
    summary: "Variables should be defined before their use",
    documentation: RuleDocumentation(
      why: """
        BuildKit expands variables in ENV, LABEL, ADD, COPY, WORKDIR, USER, VOLUME, STOPSIGNAL, ARG defaults and \
        RUN --mount options. A variable no ENV or ARG has defined at that point expands to an empty string, so a \
        typo silently changes a path or a value. A default (`${V:-x}`) does not make the variable defined. Global \
        ARGs (before the first FROM) must be declared again inside the stage with `ARG NAME`. Base images are \
        assumed to set only PATH, plus the variables of well-known official images (PYTHON_VERSION in python, \
        NODE_VERSION in node, and so on).
        """,
      bad: "FROM alpine:3.20\nARG APP_DIR=/app\nCOPY . $APP_DIRECTORY\n",
      good: "FROM alpine:3.20\nARG APP_DIR=/app\nCOPY . $APP_DIR\nUSER nobody\n"))

  /// The kinds whose words BuildKit expands, and those that change the variables.
  public var stepKinds: Set<InstructionKind>? {
    [.from, .arg, .env, .label, .copy, .add, .workdir, .user, .stopsignal, .volume, .run]
  }

  /// The dispatch so far (variable names per stage, values only where they cost nothing).
  public struct State: Equatable, Sendable {
    var dispatch = StageDispatchState()
  }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(
    _ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>
  ) {
    let ins = facts.instruction
    state.dispatch.step(ins, escape: file.escape, tracksValues: false) { step, vars in
      let words: [ExpandedWord]
      switch step {
      case .argDeclaration(let declaration):
        guard let value = declaration.defaultValue, value.contains(0x24), let range = declaration.defaultRange else {
          return
        }
        // The default's source range maps byte for byte unless it spans a continuation line.
        words = [
          ExpandedWord(
            text: value, location: range.count == value.count ? .source(range.lowerBound) : .whole(range))
        ]
      case .instruction:
        words = Self.expandedWords(of: ins)
      }
      for word in words {
        for (name, range) in word.lookups(in: ins)
        where !vars.isSet(name) && !vars.isDeclared(name) && !buildKitNonEnvironmentArgs.contains(name) {
          var message = "Usage of undefined variable '$\(name)'"
          if let suggestion = buildKitSuggestion(for: name, among: vars.keysInOrder) {
            message += " (did you mean $\(suggestion)?)"
          }
          out.report(range, message)
        }
      }
    }
  }

  /// The words of a non-ARG instruction that BuildKit expands with the stage's variables, in BuildKit's order.
  static func expandedWords(of ins: Instruction) -> [ExpandedWord] {
    guard ExpandedWord.mayReferenceVariables(ins) else { return [] }
    var words: [ExpandedWord] = []
    switch ins.kind {
    case .env, .label:
      for pair in ins.syntax.pairs {
        words.append(.logical(pair.key, of: ins))
        words.append(.logical(pair.value, of: ins))
      }
    case .copy, .add:
      let flags = ins.kind == .add ? ["chown", "chmod", "checksum"] : ["chown", "chmod"]
      words += flags.compactMap { ExpandedWord.flag($0, of: ins) }
      words += ExpandedWord.copySourceIndices(of: ins).compactMap { ExpandedWord.argument($0, of: ins) }
      if ins.arguments.count >= 2, let destination = ExpandedWord.argument(ins.arguments.count - 1, of: ins) {
        words.append(destination)
      }
      for heredoc in ins.heredocs where heredoc.expand {
        words.append(
          ExpandedWord(text: heredoc.content, location: .source(heredoc.bodyRange.lowerBound), isHeredocBody: true))
      }
    case .workdir, .user, .stopsignal, .volume:
      words += ins.syntax.arguments.indices.compactMap { ExpandedWord.argument($0, of: ins) }
    case .run:
      for mount in RunInstruction(ins)?.mounts ?? [] {
        for option in mount.options {
          guard let value = option.value else { continue }
          let bytes = Array(value.utf8)
          let exact = option.range.count == option.key.utf8.count + 1 + bytes.count
          let location: ExpandedWordLocation =
            exact ? .source(option.range.upperBound - bytes.count) : .whole(option.range)
          words.append(ExpandedWord(text: bytes, location: location))
        }
      }
    default:
      break
    }
    return words
  }
}
