// DF023 invalid-stop-signal.
//
// STOPSIGNAL takes a signal number other than 0 or a Linux signal name, with or without `SIG`, in any case
// (`SIGTERM`, `term`, `9`, `SIGRTMIN+3`); BuildKit checks it when it dispatches the instruction
// (`signal.ParseSignal`). Values with variables are checked only after expansion, so they are left alone.
import DockerfileSyntax

/// Reports STOPSIGNAL values BuildKit cannot read as a signal.
public struct InvalidStopSignal: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF023.
  public let descriptor = RuleDescriptor(
    code: "DF023", name: "invalid-stop-signal", aliases: [], severity: .error, category: .correctness,
    summary: "A STOPSIGNAL that is not a signal",
    documentation: RuleDocumentation(
      why: """
        STOPSIGNAL sets the signal `docker stop` sends. BuildKit accepts a non-zero number or a Linux signal \
        name, with or without the `SIG` prefix and in any case (`SIGTERM`, `QUIT`, `SIGRTMIN+3`), and fails the \
        build on anything else.
        """,
      bad: "FROM nginx:1.27\nSTOPSIGNAL SIGSTOPP\n",
      good: "FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\nUSER nobody\n"))

  /// Linux signal names without `SIG`, as `moby/sys/signal` lists them.
  static let names: Set<String> = {
    var names: Set<String> = [
      "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL",
      "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1",
      "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN", "RTMAX",
    ]
    for i in 1...15 { names.insert("RTMIN+\(i)") }
    for i in 1...14 { names.insert("RTMAX-\(i)") }
    return names
  }()

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) where ins.kind == .stopsignal {
      guard let arg = ins.arguments.first, DispatchSupport.isPlainWord(arg.value, escape: ins.escapeCharacter) else {
        continue
      }
      let value = arg.string
      if !isSignal(value) { report(arg.range, "invalid signal: \(value)") }
    }
  }

  /// `signal.ParseSignal` on Linux.
  func isSignal(_ value: String) -> Bool {
    var number: Int64 = 0
    if DispatchSupport.goParseIntProblem(value, bits: 64, value: &number) == nil { return number != 0 }
    var name = value.uppercased()
    if name.hasPrefix("SIG") { name = String(name.dropFirst(3)) }
    return Self.names.contains(name)
  }
}
