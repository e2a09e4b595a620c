// DF663 pipefail (alias DL4006).
//
// A pipeline's status is that of its last command, so `curl -fsSL URL | tar -xz` succeeds when the download
// fails and the build goes on with a missing or truncated file. With `set -o pipefail` in the shell, any
// failing command fails the pipeline. hadolint tracks, per stage (reset at each FROM), whether the last SHELL
// turned pipefail on: a SHELL whose text starts with `pwsh`, `powershell` or `cmd` counts as on (those are
// not POSIX shells); otherwise it is on when some command in it is `bash`, `zsh` or `ash` (any directory) with
// an `-o` flag and a `pipefail` argument (so `/bin/sh -o pipefail` does not count). A top-level RUN with a
// pipe while it is off is reported, once, at its first pipe. `set -o pipefail` inside the RUN does not count,
// as in hadolint. `ONBUILD RUN` is not checked. The rule is a fold over FROM, SHELL and RUN whose state is the
// pipefail flag.
import DockerfileSyntax

/// Reports a RUN with a pipe while the stage's SHELL does not set pipefail.
public struct Pipefail: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF663.
  public let descriptor = RuleDescriptor(
    code: "DF663", name: "pipefail", aliases: ["DL4006"], severity: .warning, category: .correctness,
    summary: "A pipe in RUN without SHELL setting -o pipefail hides failures",
    documentation: RuleDocumentation(
      why: """
        A pipeline succeeds when its last command succeeds: in `curl -fsSL URL | tar -xz`, a failed download \
        is ignored and the build goes on with a missing or truncated file. Set the shell to one that supports \
        pipefail and turn it on before the RUN, e.g. `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, so that \
        any failing command in a pipeline fails the build. On Alpine (BusyBox), use /bin/ash.
        """,
      bad: """
        FROM debian:12-slim
        RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt
        USER nobody

        """,
      good: """
        FROM debian:12-slim
        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt
        USER nobody

        """))

  /// Whether the current stage's last SHELL turned pipefail on.
  public struct State: Equatable, Sendable {
    var pipefail = false
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .shell, .run] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let ins = facts.instruction
    switch ins.kind {
    case .from:
      state.pipefail = false
    case .shell:
      state.pipefail = Self.setsPipefail(ins)
    case .run where !state.pipefail:
      let commands = facts.commands.filter { !$0.isInScriptArgument }
      guard let piped = commands.firstIndex(where: { $0.connector == .pipe }) else { return }
      out.report(
        ShellRuleSupport.pipeRange(into: piped, of: commands, source: ins.source, within: ins.range),
        "a pipe hides failures of the commands before its last one; set `SHELL [\"/bin/bash\", \"-o\", "
          + "\"pipefail\", \"-c\"]` before this RUN")
    default:
      break
    }
  }

  /// Whether a SHELL instruction turns pipefail on, as hadolint reads it.
  static func setsPipefail(_ ins: Instruction) -> Bool {
    let text: [UInt8] =
      ins.form == .json
      ? Array(ins.arguments.map(\.value).joined(separator: [UInt8(ascii: " ")])) : ins.argumentText.text
    if ["pwsh", "powershell", "cmd"].contains(where: { text.starts(with: $0.utf8) }) { return true }
    return parseShell(text).commands.contains { command in
      guard let name = ShellRuleSupport.name(command)?.name else { return false }
      let base = name.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? name
      return ["bash", "zsh", "ash"].contains(base) && command.hasAnyFlag(["o"]) && command.hasArgument("pipefail")
    }
  }
}
