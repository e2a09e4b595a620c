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
  /// Which findings the previous body was made of: the analysis's generation (see
  /// `AnalysisCache.findingsGeneration`) and whether warnings were left out; nil before the first body.
  var source: (generation: Int, errorsOnly: Bool)? = nil
  /// The LSP range of each previous diagnostic.
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
  /// as `PublishDiagnosticsNotification.encodedBody` of their diagnostics; nil when `change` shows that the
  /// client already has these diagnostics at the same places (see below), so nothing need be sent. `change`
  /// says how the findings relate to the findings of the previous body, when it does (nil: nothing is reused,
  /// and a body is always made). `diagnostic` makes a finding's diagnostic; what it
  /// returns must depend only on the finding's code, severity and message besides the range, since a finding
  /// the change calls unchanged reuses the previous bytes.
  mutating func body(
    uri: String, version: Int?, findings new: [Finding], change: FindingsChange?, positions: inout PositionCursor,
    diagnostic: (Finding, LanguageServerProtocol.Range) -> Diagnostic
  ) -> [UInt8]? {
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
    let lineDelta = newLineCount - lineCount
    let edits = unchanged
    unchanged = nil
    textLength = newLength
    lineCount = newLineCount
    guard let change, change.oldSuffix <= ranges.count, change.oldSuffix - change.newSuffix == ranges.count - new.count
    else {
      // Nothing to reuse: every diagnostic afresh.
      ranges = []
      ranges.reserveCapacity(new.count)
      for f in new {
        let range = positions.range(of: f.range)
        ranges.append(range)
        encoder.append(diagnostic(f, range))
      }
      return encoder.finish(uri: uri, version: version)
    }

    // The unchanged findings before the change: those ending before the first edited line keep their ranges
    // and bytes.
    var k = 0
    while k < change.prefix && new[k].range.upperBound < prefixEnd { k += 1 }
    // After the change: those from the first line after the last edited byte on keep their characters and
    // move by the change in line count (findings are sorted by their start).
    var lo = change.newSuffix
    var hi = new.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if new[mid].range.lowerBound >= suffixStart { hi = mid } else { lo = mid + 1 }
    }
    let moved = lo
    // The same findings, all ending before the first edited byte (typing at the end of a file), or no edit at
    // all: the client has these diagnostics already, and at the same places whether it keeps them as LSP
    // positions or, as eglot does, as offsets into its buffer. (Typing above a finding leaves its LSP range
    // as it was when the finding is on a later line, but moves its offset: eglot reports the diagnostics it
    // last received again after each edit, at the offsets they had then, so it needs the new body.) The
    // suffix must be empty or unmoved: a suffix finding is the same only once moved by `byteDelta`. A finding
    // that ends at the first edited byte may end between a CR and the LF the edit adds, a new position.
    if change.prefix == change.newSuffix && change.oldSuffix == change.prefix,
      change.byteDelta == 0 || change.newSuffix == new.count,
      edits.map({ edits in new[k...].allSatisfy { $0.range.upperBound < edits.prefix } }) ?? true
    {
      return nil
    }

    var newRanges: [LanguageServerProtocol.Range] = []
    newRanges.reserveCapacity(new.count)
    newRanges.append(contentsOf: ranges[..<k])
    encoder.appendPrevious(0..<k)
    // The rest of them, and the findings after the change that start before the first line after the last
    // edited byte, blame the same bytes (moved by `byteDelta` after the change) with a range worked out again.
    func reuse(_ k: Int, previous p: Int) {
      let range = positions.range(of: new[k].range)
      newRanges.append(range)
      if range == ranges[p] { encoder.appendPrevious(p) } else { encoder.appendPrevious(p, range: range) }
    }
    while k < change.prefix {
      reuse(k, previous: k)
      k += 1
    }
    // The new ones.
    while k < change.newSuffix {
      let range = positions.range(of: new[k].range)
      newRanges.append(range)
      encoder.append(diagnostic(new[k], range))
      k += 1
    }
    // After the change, up to `moved`: worked out again, as before the change.
    while k < moved {
      reuse(k, previous: k - change.newSuffix + change.oldSuffix)
      k += 1
    }
    let from = k - change.newSuffix + change.oldSuffix
    if lineDelta == 0 {
      newRanges.append(contentsOf: ranges[from...])
      encoder.appendPrevious(from..<ranges.count)
    } else {
      for p in from..<ranges.count {
        var range = ranges[p]
        range.start.line += lineDelta
        range.end.line += lineDelta
        newRanges.append(range)
        encoder.appendPrevious(p, range: range)
      }
    }
    ranges = newRanges
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
