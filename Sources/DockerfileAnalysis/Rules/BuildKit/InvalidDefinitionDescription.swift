// DF220 invalid-definition-description (BuildKit's InvalidDefinitionDescription, experimental).
//
// Tools such as `docker buildx build --call=outline` show the comment right above a named stage or an ARG as its
// description, when that comment starts with the stage or ARG name (`# version Release to build`). A comment there
// that does not follow the convention is probably meant as a description and silently ignored. The comment block is
// the comment lines since the previous instruction (a bare `#` starts it over, blank lines do not); its last line
// is checked. Experimental in BuildKit, so off by default here (BuildKit runs it only under
// `# check=experimental=InvalidDefinitionDescription`).
import DockerfileSyntax

/// Reports stage and ARG comments that do not start with the name they describe.
public struct InvalidDefinitionDescription: Rule {
  /// Creates the rule.
  public init() {}

  /// DF220.
  public let descriptor = RuleDescriptor(
    code: "DF220", name: "invalid-definition-description", aliases: ["InvalidDefinitionDescription"],
    severity: .warning, category: .style,
    summary: "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`",
    documentation: RuleDocumentation(
      why: """
        BuildKit reads the comment directly above a named stage or an ARG as its description (shown by \
        `docker buildx build --call=outline`) when the comment starts with the name: `# version Release to \
        build` above `ARG version`. A comment there that starts otherwise is not picked up. Start it with the \
        name, or separate an unrelated comment with an empty `#` line. BuildKit treats this check as \
        experimental, so it is off by default.
        """,
      bad: "# The release to build\nARG version=3.20\nFROM alpine:${version}\n",
      good: "# version The release to build\nARG version=3.20\nFROM alpine:${version}\nUSER nobody\n"),
    enabledByDefault: false)

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    let tree = context.tree
    var index = 0
    var lastComment: String?
    for (i, node) in tree.nodes.enumerated() {
      let start = tree.nodeStarts[i]
      switch node.kind {
      case .comment:
        let line = String(decoding: tree.source[start..<(start + node.length)], as: UTF8.self)
        let text = Self.trimmed(Self.trimmed(line).dropFirst())
        lastComment = text.isEmpty ? nil : text
      case .instruction:
        defer {
          lastComment = nil
          index += 1
        }
        guard let comment = lastComment, index < context.model.instructions.count else { continue }
        let ins = context.model.instructions[index]
        let firstWord = comment.split(separator: " ", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if let from = FromInstruction(ins) {
          guard let stage = BuildKitStageName(from), stage.lowercased != firstWord else { continue }
          report(stage.name.range, Self.message("FROM", stage.lowercased))
        } else if let arg = ArgInstruction(ins) {
          let declarations = arg.declarations
          let names = declarations.map { String(decoding: $0.name, as: UTF8.self) }
          guard let first = declarations.first, !names.contains(firstWord), !names.contains(where: \.isEmpty) else {
            continue
          }
          let range = declarations.count == 1 ? first.nameRange : ins.keyword.range
          report(range, Self.message("ARG", declarations.count == 1 ? names[0] : "<arg_key>"))
        }
      case .blank, .directive:
        break
      }
    }
  }

  static func message(_ instruction: String, _ name: String) -> String {
    "Comment for \(instruction) should follow the format: `# \(name) <description>`"
  }

  /// Trims spaces, tabs and line endings at both ends.
  static func trimmed(_ text: some StringProtocol) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
    guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(text[first...last])
  }
}
