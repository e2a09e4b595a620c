// DF506 add-instead-of-copy (hadolint DL3020).
//
// ADD does what COPY does and more: it fetches URLs and unpacks local archives. For plain files and folders
// the extra behaviour is a trap (a file that happens to be a tar archive gets unpacked), so COPY says what is
// meant. hadolint reports an ADD with a source (quotes dropped) that is neither an archive (by extension) nor an
// http(s) URL; one finding per ADD, at the first such source.
import DockerfileSyntax

/// Reports ADD of a source that is neither a local archive nor a URL.
public struct AddInsteadOfCopy: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF506.
  public let descriptor = RuleDescriptor(
    code: "DF506", name: "add-instead-of-copy", aliases: ["DL3020"], severity: .warning, category: .style,
    summary: "Use COPY instead of ADD for files and folders",
    documentation: RuleDocumentation(
      why: """
        ADD copies files like COPY, but it also downloads URLs and unpacks local archives. For ordinary files \
        and directories that extra behaviour only surprises: a source that happens to be an archive is \
        extracted instead of copied. Use COPY for files and folders, and keep ADD for archives you want \
        unpacked and for URLs.
        """,
      bad: "FROM alpine:3.20\nADD app.py /srv/app/\n",
      good: "FROM alpine:3.20\nCOPY app.py /srv/app/\nADD vendor.tar.gz /opt/\nUSER nobody\n"))

  /// Extensions of archives ADD unpacks, as hadolint lists them (case-sensitive).
  static let archiveExtensions = [
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz",
    ".xz",
  ]

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    guard let add = CopyInstruction(facts.instruction), add.isAdd else { return }
    for source in add.sources {
      let path = hadolintDropQuotes(source.string)
      let isArchive = Self.archiveExtensions.contains { path.hasSuffix($0) }
      let isURL = path.hasPrefix("http://") || path.hasPrefix("https://")
      if !isArchive && !isURL {
        report(source.range, "ADD of \(source.string), which is not an archive or a URL; use COPY")
        return
      }
    }
  }
}
