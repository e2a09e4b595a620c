// What a lint rule is: a stable code, a name, aliases, a default severity, a category, its documentation,
// and a check that reports findings with exact byte ranges. `check` and `serve` both get their findings
// from `analyze`, so the two can never disagree.
import DockerfileSyntax

/// How serious a finding is.
public enum Severity: String, Sendable, CaseIterable, Comparable {
  case error, warning, info, hint

  /// Orders by seriousness: error < warning < info < hint.
  public static func < (a: Severity, b: Severity) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

/// What a rule is about.
public enum RuleCategory: String, Sendable, CaseIterable {
  case correctness, security, size, cache, style, python
}

/// A rule's documentation page: why it exists, and an example that fires and one that does not.
public struct RuleDocumentation: Sendable {
  /// Why the rule exists, in a paragraph.
  public var why: String
  /// A Dockerfile the rule reports.
  public var bad: String
  /// The same Dockerfile done right.
  public var good: String
}

/// The fixed facts about a rule.
public struct RuleDescriptor: Sendable {
  /// The stable code (`DF` + three digits); codes are never reused.
  public var code: String
  /// The kebab-case name.
  public var name: String
  /// Other names the rule answers to (hadolint's DL codes, BuildKit's check names).
  public var aliases: [String]
  /// The severity when configuration says nothing.
  public var severity: Severity
  /// What the rule is about.
  public var category: RuleCategory
  /// One sentence for lists.
  public var summary: String
  /// The documentation page.
  public var documentation: RuleDocumentation
  /// Whether the rule runs when configuration says nothing.
  public var enabledByDefault: Bool = true

  /// Whether `id` (a code, name or alias, case-insensitively) names this rule.
  public func answers(to id: String) -> Bool {
    let lower = id.lowercased()
    return code.lowercased() == lower || name == lower || aliases.contains { $0.lowercased() == lower }
  }

  /// The rule's page in the repository's documentation.
  public var documentationURL: String {
    "https://github.com/dockerfile-lsp/dockerfile-lsp/blob/main/docs/rules.md#\(code.lowercased())"
  }
}

/// One problem a rule found.
public struct Finding: Sendable, Equatable {
  /// The rule's code.
  public var code: String
  /// The bytes to blame.
  public var range: Range<Int>
  /// What is wrong, in a sentence.
  public var message: String
  /// How serious it is (the rule's default unless configuration overrides it).
  public var severity: Severity

  /// Creates a finding.
  public init(code: String, range: Range<Int>, message: String, severity: Severity) {
    self.code = code
    self.range = range
    self.message = message
    self.severity = severity
  }
}

/// A lint rule.
public protocol Rule: Sendable {
  /// The rule's fixed facts.
  var descriptor: RuleDescriptor { get }
  /// Reports what the rule finds in `context`.
  func check(_ context: RuleContext, report: (Range<Int>, String) -> Void)
}

/// What an `InstructionRule` may read: one top-level instruction and its parsed shell commands.
///
/// Several rules read the same commands as Python or OS package installs; the facts keep what those readings
/// found, per command, so that each command is read at most once per facts object (the analysis makes one per
/// node and hands it to every rule that steps the node). That memo is mutable state, hence `@unchecked
/// Sendable`: an analysis makes a node's facts and hands them to its rules one after another on its own thread,
/// and no facts object is shared between analyses running at the same time.
public final class InstructionFacts: @unchecked Sendable {
  /// The top-level instruction (for `ONBUILD RUN x`, the ONBUILD).
  public let instruction: Instruction
  /// The instruction that does the work: the innermost one under ONBUILD, otherwise `instruction`.
  public let effective: Instruction
  /// The shell commands when `effective` is a shell-form RUN (or a RUN feeding a heredoc script to a shell),
  /// including those inside `sh -c '...'` operands (`ShellCommand.isInScriptArgument`), ranges in the source.
  public let commands: [ShellCommand]
  /// The BuildKit `# check=` options of the comment block just above the instruction, if any (only sequential
  /// rules see them: an `InstructionRule`'s findings must depend on the node alone).
  public let checkComment: CheckOptions?

  /// Creates the facts.
  public init(
    instruction: Instruction, effective: Instruction, commands: [ShellCommand], checkComment: CheckOptions? = nil
  ) {
    self.instruction = instruction
    self.effective = effective
    self.commands = commands
    self.checkComment = checkComment
  }

  /// Whether the work is wrapped in ONBUILD.
  public var isOnbuild: Bool { instruction.kind == .onbuild }

  /// `pythonInstall(_:)` of the first command once worked out (outer nil: not yet): kept apart from the other
  /// commands' so that a RUN of one command allocates no array for it.
  private var firstPythonInstall: PythonInstall?? = nil
  /// `pythonInstall(_:)` of each command once worked out, parallel to `commands` (slot 0 unused); empty until a
  /// rule first asks about a command after the first.
  private var pythonInstalls: [PythonInstall??] = []
  /// `osPackageInstall(_:)` of each command once worked out, as `pythonInstalls`.
  private var osPackageInstalls: [OSPackageInstall??] = []

  /// The Python install that `commands[index]` is, if any (`pythonInstall(_:)`, read once per command; most
  /// commands are ruled out by their name alone, without keeping anything).
  func pythonInstall(at index: Int) -> PythonInstall? {
    guard mayBePythonInstall(commands[index]) else { return nil }
    if index == 0 {
      if let known = firstPythonInstall { return known }
      let install = DockerfileAnalysis.pythonInstall(commands[0])
      firstPythonInstall = .some(install)
      return install
    }
    if pythonInstalls.isEmpty { pythonInstalls = Array(repeating: nil, count: commands.count) }
    if let known = pythonInstalls[index] { return known }
    let install = DockerfileAnalysis.pythonInstall(commands[index])
    pythonInstalls[index] = .some(install)
    return install
  }

  /// The OS package install that `commands[index]` is, if any (`osPackageInstall(_:)`, read once per command).
  func osPackageInstall(at index: Int) -> OSPackageInstall? {
    if osPackageInstalls.isEmpty { osPackageInstalls = Array(repeating: nil, count: commands.count) }
    if let known = osPackageInstalls[index] { return known }
    let install = DockerfileAnalysis.osPackageInstall(commands[index])
    osPackageInstalls[index] = .some(install)
    return install
  }
}

/// A rule whose findings depend only on one instruction's own text (and the file's escape character):
/// nothing about other instructions, stages, variables or configuration. The analysis caches its findings
/// per syntax node and reuses them while the node is unchanged, so such rules cost nothing on a keystroke
/// elsewhere. Rules that need anything else implement `Rule.check(_:report:)` instead.
public protocol InstructionRule: Rule {
  /// Reports what the rule finds in one top-level instruction.
  func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void)
}

extension InstructionRule {
  /// Runs `check(_:report:)` on every instruction (the analysis short-circuits this through its cache).
  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    for index in context.model.instructions.indices {
      check(context.facts(ofInstructionAt: index), report: report)
    }
  }
}
