// An open Dockerfile: its text, its incrementally maintained syntax tree, and its line index, updated by
// LSP content changes that are validated before anything is touched.
import DockerfileAnalysis
import DockerfileSyntax
import LanguageServerProtocol

/// Why a content change was refused.
public struct ChangeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A sentence for logs.
  public var description: String
}

/// What a batch of changes left as it was: the first `prefix` bytes of the text, and the last `suffix` bytes
/// (which may have moved).
public struct UnchangedBytes: Sendable, Equatable {
  /// How many bytes at the start are unchanged.
  public var prefix: Int
  /// How many bytes at the end are unchanged.
  public var suffix: Int

  /// Creates the pair.
  public init(prefix: Int, suffix: Int) {
    self.prefix = prefix
    self.suffix = suffix
  }

  /// What both of two successive batches left unchanged.
  public func followed(by later: UnchangedBytes) -> UnchangedBytes {
    UnchangedBytes(prefix: min(prefix, later.prefix), suffix: min(suffix, later.suffix))
  }
}

/// One open document.
public struct Document: Sendable {
  /// The document's URI as the client sent it.
  public let uri: String
  /// The client's language id.
  public var languageId: String
  /// The client's version number.
  public var version: Int
  /// The parsed text.
  public private(set) var tree: SyntaxTree
  /// Line starts for position conversion.
  public private(set) var lineIndex: LineIndex
  /// Per-node analysis results of earlier versions, reused by the next analysis.
  public let analysisCache = AnalysisCache()

  /// Opens a document.
  public init(uri: String, languageId: String, version: Int, text: [UInt8]) {
    self.uri = uri
    self.languageId = languageId
    self.version = version
    self.tree = SyntaxTree(text)
    self.lineIndex = LineIndex(text)
  }

  /// The current text.
  public var text: [UInt8] { tree.source }

  /// Applies a batch of changes in order. Either every change applies or none does (and the error says
  /// which one was refused and why). Changes are applied in place, so the text is never copied.
  ///
  /// Returns how many bytes at either end of the text the batch left as they were: each change keeps the
  /// bytes before and after its byte range, so the least of these over the changes (none after a full
  /// replacement).
  @discardableResult
  public mutating func apply(_ changes: [TextDocumentContentChangeEvent], encoding: PositionEncoding)
    throws(ChangeError) -> UnchangedBytes
  {
    var unchanged = UnchangedBytes(prefix: text.count, suffix: text.count)
    var undo: [TextEdit] = []
    // Before the first full replacement: the state to return to, and how many edits came before it.
    var savedForFullChange: (tree: SyntaxTree, lineIndex: LineIndex, editsBefore: Int)? = nil
    for (i, change) in changes.enumerated() {
      do {
        if change.range == nil && savedForFullChange == nil { savedForFullChange = (tree, lineIndex, undo.count) }
        let countBefore = text.count
        if let inverse = try apply(change, encoding: encoding) {
          undo.append(inverse)
          // The inverse edit's replacement is what the change removed.
          let end = inverse.range.lowerBound + inverse.replacement.count
          unchanged = unchanged.followed(
            by: UnchangedBytes(prefix: inverse.range.lowerBound, suffix: countBefore - end))
        } else {
          unchanged = UnchangedBytes(prefix: 0, suffix: 0)
        }
      } catch {
        // Put the text back as it was before the batch.
        var undoCount = undo.count
        if let saved = savedForFullChange {
          tree = saved.tree
          lineIndex = saved.lineIndex
          undoCount = saved.editsBefore
        }
        for inverse in undo[..<undoCount].reversed() { try? applyEdit(inverse) }
        throw ChangeError(description: "change \(i + 1) of \(changes.count): \(error.description)")
      }
    }
    return unchanged
  }

  /// Applies one change; returns the edit that undoes it (nil for a full replacement).
  mutating func apply(_ change: TextDocumentContentChangeEvent, encoding: PositionEncoding) throws(ChangeError)
    -> TextEdit?
  {
    let replacement = Array(change.text.utf8)
    guard let range = change.range else {
      tree = SyntaxTree(replacement)
      lineIndex = LineIndex(replacement)
      return nil
    }
    let byteRange = try self.byteRange(range, encoding: encoding)
    let inverse = TextEdit(
      range: byteRange.lowerBound..<(byteRange.lowerBound + replacement.count), replacement: Array(text[byteRange]))
    try applyEdit(TextEdit(range: byteRange, replacement: replacement))
    return inverse
  }

  /// Applies a byte-range edit to the tree and the line index.
  mutating func applyEdit(_ edit: TextEdit) throws(ChangeError) {
    do { try tree.apply(edit) } catch { throw ChangeError(description: error.description) }
    lineIndex.update(replacing: edit.range, replacementCount: edit.replacement.count, newText: tree.source)
  }

  /// Converts an LSP range to bytes. Lines must exist; characters past a line's end clamp to it (LSP says so).
  public func byteRange(_ range: LanguageServerProtocol.Range, encoding: PositionEncoding) throws(ChangeError)
    -> Swift.Range<Int>
  {
    let start = LinePosition(line: range.start.line, character: range.start.character)
    let end = LinePosition(line: range.end.line, character: range.end.character)
    for p in [start, end] where p.line < 0 || p.character < 0 || p.line >= lineIndex.lineCount {
      throw ChangeError(
        description: "position \(p) is outside the document (\(lineIndex.lineCount) lines)")
    }
    let a = lineIndex.offset(of: start, in: text, encoding: encoding)
    let b = lineIndex.offset(of: end, in: text, encoding: encoding)
    guard a <= b else { throw ChangeError(description: "range start \(start) is after its end \(end)") }
    return a..<b
  }

  /// Converts a byte range to an LSP range.
  public func lspRange(_ range: Swift.Range<Int>, encoding: PositionEncoding) -> LanguageServerProtocol.Range {
    let a = lineIndex.position(of: range.lowerBound, in: text, encoding: encoding)
    let b = lineIndex.position(of: range.upperBound, in: text, encoding: encoding)
    return LanguageServerProtocol.Range(
      start: Position(line: a.line, character: a.character), end: Position(line: b.line, character: b.character))
  }
}

/// Whether a file name is one we treat as a Dockerfile, whatever the client's language id.
public func isDockerfileName(_ uriOrPath: String) -> Bool {
  let name = uriOrPath.split(separator: "/").last.map(String.init) ?? uriOrPath
  let lower = name.lowercased()
  return lower == "dockerfile" || lower.hasPrefix("dockerfile.") || lower.hasSuffix(".dockerfile")
    || lower == "containerfile" || lower.hasPrefix("containerfile.")
}

/// Whether a language id names a Dockerfile.
public func isDockerfileLanguage(_ languageId: String) -> Bool {
  let l = languageId.lowercased()
  return l == "dockerfile" || l == "containerfile"
}
