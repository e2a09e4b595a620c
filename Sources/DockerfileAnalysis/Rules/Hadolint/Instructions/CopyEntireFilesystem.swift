// DF524 copy-entire-filesystem (hadolint DL3067).
//
// `COPY --from=stage / /` copies a whole root filesystem over another: package databases, users, certificates
// and leftovers of the build stage end up in the image, overwriting what the base image had. hadolint reports a
// COPY with `--from` that has `/` as a source and `/` as destination (quotes dropped).
import DockerfileSyntax

/// Reports `COPY --from=... / /`.
public struct CopyEntireFilesystem: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF524.
  public let descriptor = RuleDescriptor(
    code: "DF524", name: "copy-entire-filesystem", aliases: ["DL3067"], severity: .warning, category: .size,
    summary: "COPY --from should not copy a whole filesystem to /",
    documentation: RuleDocumentation(
      why: """
        Copying `/` of another stage onto `/` brings everything that stage contains: build tools, caches, \
        package databases and users, overwriting the base image's own files. The image grows and mixes two \
        systems. Copy the directories the image needs instead.
        """,
      bad: "FROM alpine:3.20 AS build\nRUN echo built > /out\nFROM alpine:3.20\nCOPY --from=build / /\n",
      good: """
        FROM alpine:3.20 AS build
        RUN echo built > /out
        FROM alpine:3.20
        COPY --from=build /out /srv/app
        USER nobody

        """))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let copy = CopyInstruction(facts.instruction), !copy.isAdd, copy.from != nil,
      let destination = copy.destination, hadolintDropQuotes(destination.string) == "/",
      let root = copy.sources.first(where: { hadolintDropQuotes($0.string) == "/" })
    else { return }
    report(
      root.range.lowerBound..<destination.range.upperBound,
      "this COPY copies another stage's whole filesystem onto /; copy only the directories needed")
  }
}
