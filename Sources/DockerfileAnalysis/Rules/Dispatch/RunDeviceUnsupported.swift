// DF030 run-device-unsupported.
//
// `RUN --device` (CDI devices) exists only in the labs channel of the Dockerfile frontend: the stable frontend,
// which builds a Dockerfile without a `# syntax=` directive or with `docker/dockerfile:1`, parses the flag but
// fails the build when it runs the instruction (`dockerfile2llb/convert_norundevice.go`). A syntax directive
// naming a labs frontend (`docker/dockerfile:1-labs`) or a frontend other than docker/dockerfile silences it.
import DockerfileSyntax

/// Reports `RUN --device` when the Dockerfile is not built by a labs frontend.
public struct RunDeviceUnsupported: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF030.
  public let descriptor = RuleDescriptor(
    code: "DF030", name: "run-device-unsupported", aliases: [], severity: .error, category: .correctness,
    summary: "RUN --device without the labs Dockerfile frontend",
    documentation: RuleDocumentation(
      why: """
        `RUN --device` gives a build step access to a CDI device. Only the labs channel of the Dockerfile \
        frontend implements it; the stable frontend fails the build. Select the labs frontend with a syntax \
        directive on the first line: `# syntax=docker/dockerfile:1-labs`.
        """,
      bad: "FROM ubuntu:24.04\nRUN --device=nvidia.com/gpu=all nvidia-smi\n",
      good:
        "# syntax=docker/dockerfile:1-labs\nFROM ubuntu:24.04\nRUN --device=nvidia.com/gpu=all nvidia-smi\nUSER nobody\n"
    ))

  /// The flag word's start.
  static let devicePrefix = Array("--device".utf8)

  /// Only the frontend matters, and it is decided by the file's header.
  public func initialState(_ file: FileFacts) -> Bool {
    file.syntax.map { $0.contains("labs") || !$0.contains("docker/dockerfile") } ?? false
  }

  public var stepKinds: Set<InstructionKind>? { [.run, .onbuild] }

  public func step(_ supported: inout Bool, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>)
  {
    let top = facts.instruction
    guard !supported, let ins = top.kind == .onbuild ? top.child : top, ins.kind == .run, !ins.syntax.flags.isEmpty,
      !DispatchSupport.isRefusedByParser(top)
    else { return }
    for (k, f) in ins.syntax.flags.enumerated() where DispatchSupport.flag(f, of: ins, startsWith: Self.devicePrefix) {
      let word = ins.flagText(f)
      guard word.count == 8 || word[8] == 0x3D, let flag = ins.flags.dropFirst(k).first else { continue }
      out.report(flag.range, "device feature is only supported in Dockerfile frontend 1.14.0-labs or later")
    }
  }
}
