// DF507 copy-destination-slash (hadolint DL3021).
//
// With several sources, COPY copies them into a directory, and the destination must say so by ending in `/`.
// hadolint reports a COPY with two or more sources whose destination (quotes dropped) does not end in `/`.
import DockerfileSyntax

/// Reports a multi-source COPY whose destination does not end with `/`.
public struct CopyDestinationSlash: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF507.
  public let descriptor = RuleDescriptor(
    code: "DF507", name: "copy-destination-slash", aliases: ["DL3021"], severity: .error, category: .correctness,
    summary: "COPY with several sources needs a destination ending in /",
    documentation: RuleDocumentation(
      why: """
        When COPY has more than one source, the destination is a directory that receives them all, and \
        Docker requires it to end with `/`; without the slash the build fails, or, with a wildcard that \
        happens to match one file, the file is copied to a path named like the intended directory.
        """,
      bad: "FROM alpine:3.20\nCOPY app.py lib.py /srv/app\n",
      good: "FROM alpine:3.20\nCOPY app.py lib.py /srv/app/\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let copy = CopyInstruction(facts.instruction), !copy.isAdd, copy.sources.count > 1,
      let destination = copy.destination
    else { return }
    if hadolintDropQuotes(destination.string).hasSuffix("/") { return }
    report(
      destination.range,
      "COPY has \(copy.sources.count) sources, so the destination \(destination.string) must end with /")
  }
}
