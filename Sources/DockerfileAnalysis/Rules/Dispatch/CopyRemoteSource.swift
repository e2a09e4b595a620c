// DF025 copy-remote-source.
//
// COPY only copies from the build context or another stage; downloading is ADD's job. BuildKit fails a COPY whose
// source is an `http://` or `https://` URL ("source can't be a URL for COPY") or a Git repository address
// ("source can't be a git ref for COPY") when it dispatches the instruction (`dockerfile2llb/convert_copy.go`).
import DockerfileSyntax

/// Reports COPY sources that are URLs or Git repositories.
public struct CopyRemoteSource: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF025.
  public let descriptor = RuleDescriptor(
    code: "DF025", name: "copy-remote-source", aliases: [], severity: .error, category: .correctness,
    summary: "A COPY source that is a URL or a Git repository",
    documentation: RuleDocumentation(
      why: """
        COPY reads files from the build context or another stage. To download a file or check out a Git \
        repository, use ADD (with `--checksum` to pin what is fetched); BuildKit fails a COPY whose source is \
        a URL or a Git address.
        """,
      bad: "FROM alpine:3.20\nCOPY https://example.com/tool.tar.gz /opt/\n",
      good: "FROM alpine:3.20\nCOPY tool.tar.gz /opt/\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) where ins.kind == .copy {
      for source in DispatchSupport.copySourcePaths(ins) {
        let text = source.string
        if text.hasPrefix("git://") || text.hasPrefix("ssh://") || (isHTTPURL(text) && isGitURLPath(text)) {
          report(source.range, "source can't be a git ref for COPY")
        } else if isHTTPURL(text) {
          report(source.range, "source can't be a URL for COPY")
        }
      }
    }
  }

  func isHTTPURL(_ text: String) -> Bool { text.hasPrefix("http://") || text.hasPrefix("https://") }

  /// Whether an HTTP(S) URL names a Git repository for BuildKit: its path ends in `.git`.
  func isGitURLPath(_ text: String) -> Bool {
    var rest = Substring(text)
    if let end = rest.firstIndex(where: { $0 == "#" || $0 == "?" }) { rest = rest[..<end] }
    return rest.hasSuffix(".git")
  }
}
