// What the server last published for a document, so that the next publish after a keystroke costs work in
// proportion to what changed: findings are compared with the previous ones, the LSP ranges of findings on lines
// no edit touched are moved instead of computed again, and the bytes of unchanged diagnostics are copied from
// the previous body.
import DockerfileAnalysis
import LanguageServerProtocol

/// The last published diagnostics of one open document.
struct PublishedDiagnostics {
  /// The previous body, and how to reuse its parts.
  var encoder = PublishDiagnosticsEncoder()
  /// The findings of the previous body, in order.
  var findings: [Finding] = []
  /// The LSP range of each of `findings`.
  var ranges: [LanguageServerProtocol.Range] = []
  /// The length of the text the previous body was made for.
  var textLength = 0
  /// The line count of the text the previous body was made for.
  var lineCount = 0
  /// What the edits since the previous body left unchanged (nil when there was none).
  var unchanged: UnchangedBytes? = nil

  /// Records a batch of edits made after the previous body.
  mutating func noteEdit(_ batch: UnchangedBytes) {
    unchanged = unchanged.map { $0.followed(by: batch) } ?? batch
  }

  /// The `publishDiagnostics` body for `findings` (sorted by offset, as `analyze` returns them), the same bytes
  /// as `PublishDiagnosticsNotification.encodedBody` of their diagnostics. `diagnostic` makes a finding's
  /// diagnostic; what it returns must depend only on the finding's code, severity and message besides the
  /// range, since a finding equal to a previous one in those reuses the previous bytes.
  mutating func body(
    uri: String, version: Int?, findings new: [Finding], positions: inout PositionCursor,
    diagnostic: (Finding, LanguageServerProtocol.Range) -> Diagnostic
  ) -> [UInt8] {
    let old = findings
    let match = PublishDiagnosticsEncoder.lineUp(newCount: new.count, oldCount: old.count) { k, p in
      new[k].code == old[p].code && new[k].severity == old[p].severity && new[k].message == old[p].message
    }
    // A position depends only on the bytes of its line up to its line break, and on the number of line breaks
    // before it. So a finding on a line that ends before the first edited byte's line keeps its range, when it
    // blames the same bytes as before; and a finding on a line that starts after the last edited byte keeps
    // its characters and moves by the change in line count, when it blames the same bytes moved by the change
    // in length. Without edits every finding at the same bytes keeps its range.
    let newLength = positions.text.count
    let newLineCount = positions.lineStarts.count
    var prefixEnd = Int.max
    var suffixStart = Int.max
    if let unchanged {
      prefixEnd = positions.lineStarts[positions.lineContaining(max(0, unchanged.prefix - 1))]
      let suffixLine = positions.lineContaining(newLength - unchanged.suffix)
      if suffixLine + 1 < newLineCount { suffixStart = positions.lineStarts[suffixLine + 1] }
    }
    let lengthDelta = newLength - textLength
    let lineDelta = newLineCount - lineCount
    unchanged = nil

    var newRanges: [LanguageServerProtocol.Range] = []
    newRanges.reserveCapacity(new.count)
    // A run of previous diagnostics to copy whole, not yet handed to the encoder.
    var run = 0..<0
    for k in new.indices {
      let f = new[k]
      let p = match[k]
      var range: LanguageServerProtocol.Range
      if p >= 0 && f.range.upperBound < prefixEnd && f.range == old[p].range {
        range = ranges[p]
      } else if p >= 0 && f.range.lowerBound >= suffixStart
        && f.range.lowerBound - lengthDelta == old[p].range.lowerBound
        && f.range.upperBound - lengthDelta == old[p].range.upperBound
      {
        range = ranges[p]
        range.start.line += lineDelta
        range.end.line += lineDelta
      } else {
        range = positions.range(of: f.range)
      }
      newRanges.append(range)
      if p >= 0 && ranges[p] == range {
        if run.upperBound == p && !run.isEmpty {
          run = run.lowerBound..<(p + 1)
        } else {
          encoder.appendPrevious(run)
          run = p..<(p + 1)
        }
        continue
      }
      encoder.appendPrevious(run)
      run = 0..<0
      if p >= 0 {
        encoder.appendPrevious(p, range: range)
      } else {
        encoder.append(diagnostic(f, range))
      }
    }
    encoder.appendPrevious(run)
    findings = new
    ranges = newRanges
    textLength = newLength
    lineCount = newLineCount
    return encoder.finish(uri: uri, version: version)
  }
}

extension PositionCursor {
  /// The LSP range of a byte range.
  mutating func range(of bytes: Swift.Range<Int>) -> LanguageServerProtocol.Range {
    let start = position(of: bytes.lowerBound)
    let end = position(of: bytes.upperBound)
    return LanguageServerProtocol.Range(
      start: Position(line: start.line, character: start.character),
      end: Position(line: end.line, character: end.character))
  }
}
