// A server pushes a document's complete diagnostics after every keystroke, and from one keystroke to the next
// nearly all of them are unchanged: this encoder remembers the last body it wrote for a document and builds the
// next one mostly by copying from it.

/// Encodes the `publishDiagnostics` bodies of one document, reusing the bytes of the previous body.
///
/// The output is always byte for byte `PublishDiagnosticsNotification(uri:version:diagnostics:).encodedBody`:
/// a diagnostic's bytes are a function of its value alone, and bytes are reused only for a diagnostic equal to
/// one of the previous body's. One that differs only in its range (lines shifted by an edit above it, or a
/// column moved on the edited line) reuses the bytes around its four numbers; one equal in every field reuses
/// all of its bytes, and a run of those that was a run in the previous body is copied at once. When the
/// previous diagnostics before and after the changed ones keep their bytes (a keystroke that moves no line),
/// the previous body is edited where it lies instead of copied into a new one; the caller must have let go of
/// the body it was given for that, or the edit copies it first.
///
/// `encode(uri:version:diagnostics:)` compares the diagnostics itself. A caller that knows more cheaply which
/// diagnostics are unchanged (a server comparing its own findings) builds the body step by step instead:
/// `appendPrevious(_:)`, `appendPrevious(_:range:)` and `append(_:)` in order, then `finish(uri:version:)`.
public struct PublishDiagnosticsEncoder: Sendable {
  /// Where one diagnostic's bytes lie in a body: `start..<end` in all, `headEnd..<tailStart` the numbers of its
  /// range (from the end's character to the start's line).
  ///
  /// Offsets are stored in 32 bits (16 bytes a diagnostic instead of 32; a body of 4 GiB is not sent).
  struct Span: Sendable {
    private var offsets: (UInt32, UInt32, UInt32, UInt32)

    init(start: Int, headEnd: Int, tailStart: Int, end: Int) {
      offsets = (UInt32(start), UInt32(headEnd), UInt32(tailStart), UInt32(end))
    }

    var start: Int { Int(offsets.0) }
    var headEnd: Int { Int(offsets.1) }
    var tailStart: Int { Int(offsets.2) }
    var end: Int { Int(offsets.3) }

    func moved(by delta: Int) -> Span {
      Span(start: start + delta, headEnd: headEnd + delta, tailStart: tailStart + delta, end: end + delta)
    }
  }

  /// How the body being built is made. `inPlace` edits the previous body where it lies, which needs no second
  /// buffer of the body's size and copies only what follows the change (for a body of a megabyte and more, the
  /// memory of the second buffer and the copy of all of it were most of a keystroke's cost); `newBuffer` copies
  /// runs of the previous body into a new one and serves everything the other cannot.
  private enum Mode { case idle, inPlace, newBuffer }
  private var mode = Mode.idle

  /// The previous body, and where each of its diagnostics lies in it.
  private var previousBody: [UInt8] = []
  private var previousSpans: [Span] = []
  /// The previous body's diagnostics, kept only by `encode(uri:version:diagnostics:)`.
  private var previousDiagnostics: [Diagnostic] = []

  /// In place: the body is the previous one with its diagnostics `keptPrefix..<s` replaced by those in
  /// `middle`, where `s` is the start of `keptSuffix` (a run of previous diagnostics that is what follows them,
  /// when it reaches the previous body's end) or the previous count. `middle` holds each of its diagnostics
  /// after a comma, and `middleSpans` where they lie in it.
  private var keptPrefix = 0
  private var middle: [UInt8] = []
  private var middleSpans: [Span] = []
  private var keptSuffix: Swift.Range<Int>? = nil

  /// In a new buffer: the body being built (after its opening bytes), where each of its diagnostics lies, and a
  /// run of whole diagnostics of the previous body not yet copied (the commas between them included).
  private var out: [UInt8] = []
  private var spans: [Span] = []
  private var pending: Swift.Range<Int>? = nil

  /// What every body starts with, up to its first diagnostic.
  private static let opening: StaticString =
    "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{\"diagnostics\":["

  /// Creates an encoder with nothing to reuse.
  public init() {}

  /// How many diagnostics the previous body holds.
  public var previousCount: Int { previousSpans.count }

  /// What the last body reused, for tests and benchmarks: diagnostics whose bytes were copied whole, those
  /// whose bytes around the range were copied, and those written afresh.
  public private(set) var lastReuse = (whole: 0, aroundRange: 0, fresh: 0)

  /// Whether the last body was made by editing the previous one where it lay (for tests and benchmarks).
  public private(set) var lastWasInPlace = false

  /// The notification body for `diagnostics`, equal to `PublishDiagnosticsNotification.encodedBody`.
  public mutating func encode(uri: String, version: Int?, diagnostics: [Diagnostic]) -> [UInt8] {
    let old = previousDiagnostics
    let match = PublishDiagnosticsEncoder.lineUp(newCount: diagnostics.count, oldCount: old.count) {
      diagnostics[$0].hasSameContent(as: old[$1])
    }
    for k in diagnostics.indices {
      let p = match[k]
      if p < 0 {
        append(diagnostics[k])
      } else if diagnostics[k].range == old[p].range {
        appendPrevious(p)
      } else {
        appendPrevious(p, range: diagnostics[k].range)
      }
    }
    let body = finish(uri: uri, version: version)
    previousDiagnostics = diagnostics
    return body
  }

  /// For each of `newCount` diagnostics, the index of one of `oldCount` previous ones with the same content
  /// (`sameContent(new, old)`), or -1. It matches a common prefix, a common suffix, and in between each new
  /// diagnostic with one of the next few previous ones, so that however many diagnostics an edit inserts or
  /// removes in one place, everything around them is matched; comparisons are linear in the counts.
  public static func lineUp(newCount n: Int, oldCount m: Int, sameContent: (Int, Int) -> Bool) -> [Int] {
    var match = [Int](repeating: -1, count: n)
    var prefix = 0
    while prefix < n && prefix < m && sameContent(prefix, prefix) {
      match[prefix] = prefix
      prefix += 1
    }
    var suffix = 0
    while suffix < n - prefix && suffix < m - prefix && sameContent(n - 1 - suffix, m - 1 - suffix) {
      match[n - 1 - suffix] = m - 1 - suffix
      suffix += 1
    }
    var j = prefix
    let oldEnd = m - suffix
    for k in prefix..<(n - suffix) where j < oldEnd {
      let limit = min(j + 8, oldEnd)
      var probe = j
      while probe < limit && !sameContent(k, probe) { probe += 1 }
      if probe < limit {
        match[k] = probe
        j = probe + 1
      }
    }
    return match
  }

  /// Starts a body when none is being built: in place when there is a previous body to edit.
  private mutating func startIfNeeded() {
    guard mode == .idle else { return }
    lastReuse = (0, 0, 0)
    if previousBody.isEmpty {
      startNewBuffer()
    } else {
      mode = .inPlace
      keptPrefix = 0
      middle = []
      middleSpans = []
      keptSuffix = nil
    }
  }

  /// Starts a body in a new buffer.
  private mutating func startNewBuffer() {
    mode = .newBuffer
    out = []
    out.reserveCapacity(max(previousBody.count + 64, 256))
    appendBytes(Self.opening, to: &out)
    spans = []
    spans.reserveCapacity(previousSpans.count + 16)
    pending = nil
  }

  /// Moves a body begun in place to a new buffer, when the part in place would have to write is more than half
  /// of the previous body: then writing it and moving it into place would cost more than copying the rest.
  private mutating func leaveInPlaceIfLarge() {
    guard middle.count > previousBody.count / 2 else { return }
    let prefix = keptPrefix
    let written = middle
    let writtenSpans = middleSpans
    let suffix = keptSuffix
    middle = []
    middleSpans = []
    keptSuffix = nil
    keptPrefix = 0
    startNewBuffer()
    copyPrevious(0..<prefix)
    if !writtenSpans.isEmpty {
      flush()
      // Each diagnostic in `written` follows a comma, which the first of the body goes without.
      let skip = spans.isEmpty ? 1 : 0
      let base = out.count - skip
      written.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[skip...])) }
      for span in writtenSpans { spans.append(span.moved(by: base)) }
    }
    if let suffix { copyPrevious(suffix) }
  }

  /// In place: writes the kept run that turned out not to end the body into `middle`.
  private mutating func writeKeptSuffix() {
    guard let run = keptSuffix else { return }
    keptSuffix = nil
    let first = previousSpans[run.lowerBound]
    let last = previousSpans[run.upperBound - 1]
    middle.append(UInt8(ascii: ","))
    let delta = middle.count - first.start
    let previous = previousBody
    previous.withUnsafeBufferPointer {
      middle.append(contentsOf: UnsafeBufferPointer(rebasing: $0[first.start..<last.end]))
    }
    previousSpans.withUnsafeBufferPointer { old in
      for i in run { middleSpans.append(old[i].moved(by: delta)) }
    }
  }

  /// Copies the pending run of whole diagnostics into the body.
  private mutating func flush() {
    guard let run = pending else { return }
    let old = previousBody
    old.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[run])) }
    pending = nil
  }

  /// Appends the previous body's diagnostic `index` unchanged. The caller vouches that the diagnostic it stands
  /// for equals that one in every field, range included.
  public mutating func appendPrevious(_ index: Int) {
    appendPrevious(index..<(index + 1))
  }

  /// Appends the previous body's diagnostics `indices` unchanged, as `appendPrevious(_:)` does for each.
  public mutating func appendPrevious(_ indices: Swift.Range<Int>) {
    guard !indices.isEmpty else { return }
    startIfNeeded()
    lastReuse.whole += indices.count
    guard mode == .inPlace else { return copyPrevious(indices) }
    if middleSpans.isEmpty && keptSuffix == nil && indices.lowerBound == keptPrefix {
      keptPrefix = indices.upperBound
    } else if let run = keptSuffix, run.upperBound == indices.lowerBound {
      keptSuffix = run.lowerBound..<indices.upperBound
    } else {
      writeKeptSuffix()
      keptSuffix = indices
      // A run that starts before the end of the kept prefix cannot stay where it lies: it is written out.
      if indices.lowerBound < keptPrefix { writeKeptSuffix() }
      leaveInPlaceIfLarge()
    }
  }

  /// In a new buffer: appends the previous body's diagnostics `indices` unchanged.
  private mutating func copyPrevious(_ indices: Swift.Range<Int>) {
    guard let firstIndex = indices.first else { return }
    let old = previousSpans
    let first = old[firstIndex]
    let last = old[indices.upperBound - 1]
    // Where the first of them will start in the body.
    let at: Int
    if let run = pending, run.upperBound + 1 == first.start {
      // They follow the pending run in the previous body: extend the run over the comma between them.
      at = out.count + run.count + 1
      pending = run.lowerBound..<last.end
    } else {
      flush()
      if !spans.isEmpty { out.append(UInt8(ascii: ",")) }
      at = out.count
      pending = first.start..<last.end
    }
    let delta = at - first.start
    old.withUnsafeBufferPointer { old in
      for i in indices { spans.append(old[i].moved(by: delta)) }
    }
  }

  /// Appends the previous body's diagnostic `index` with another range. The caller vouches that the
  /// diagnostic it stands for equals that one in every field but the range.
  public mutating func appendPrevious(_ index: Int, range: Range) {
    startIfNeeded()
    lastReuse.aroundRange += 1
    let span = previousSpans[index]
    let previous = previousBody
    if mode == .inPlace {
      writeKeptSuffix()
      middle.append(UInt8(ascii: ","))
      middleSpans.append(Self.write(previous, span, range: range, to: &middle))
      leaveInPlaceIfLarge()
    } else {
      flush()
      if !spans.isEmpty { out.append(UInt8(ascii: ",")) }
      spans.append(Self.write(previous, span, range: range, to: &out))
    }
  }

  /// Writes the diagnostic at `span` in `previous` with the numbers of `range` to `out`; returns where it lies.
  private static func write(_ previous: [UInt8], _ span: Span, range: Range, to out: inout [UInt8]) -> Span {
    previous.withUnsafeBufferPointer { old in
      let start = out.count
      out.append(contentsOf: UnsafeBufferPointer(rebasing: old[span.start..<span.headEnd]))
      let headEnd = out.count
      appendRangeNumbers(range, to: &out)
      let tailStart = out.count
      out.append(contentsOf: UnsafeBufferPointer(rebasing: old[span.tailStart..<span.end]))
      return Span(start: start, headEnd: headEnd, tailStart: tailStart, end: out.count)
    }
  }

  /// Appends a diagnostic written afresh.
  public mutating func append(_ diagnostic: Diagnostic) {
    startIfNeeded()
    lastReuse.fresh += 1
    if mode == .inPlace {
      writeKeptSuffix()
      middle.append(UInt8(ascii: ","))
      middleSpans.append(Self.write(diagnostic, to: &middle))
      leaveInPlaceIfLarge()
    } else {
      flush()
      if !spans.isEmpty { out.append(UInt8(ascii: ",")) }
      spans.append(Self.write(diagnostic, to: &out))
    }
  }

  /// Writes `diagnostic` to `out`; returns where it lies.
  private static func write(_ diagnostic: Diagnostic, to out: inout [UInt8]) -> Span {
    let start = out.count
    diagnostic.appendHead(to: &out)
    let headEnd = out.count
    appendRangeNumbers(diagnostic.range, to: &out)
    let tailStart = out.count
    diagnostic.appendTail(to: &out)
    return Span(start: start, headEnd: headEnd, tailStart: tailStart, end: out.count)
  }

  /// Ends the body with the document's URI and version and returns it; it becomes the previous body.
  ///
  /// The previous body is edited in place only when nothing else holds it (the caller is done with the body
  /// this returned before); otherwise the edit copies it first, which is correct but costs what it saves.
  public mutating func finish(uri: String, version: Int?) -> [UInt8] {
    startIfNeeded()
    var closing: [UInt8] = []
    closing.reserveCapacity(uri.utf8.count + 32)
    appendBytes("],\"uri\":", to: &closing)
    appendJSONString(uri, to: &closing)
    if let version {
      appendBytes(",\"version\":", to: &closing)
      appendInteger(version, to: &closing)
    }
    appendBytes("}}", to: &closing)
    lastWasInPlace = mode == .inPlace
    if mode == .inPlace {
      finishInPlace(closing: closing)
    } else {
      flush()
      out.append(contentsOf: closing)
      // A body built from nothing grew by doubling: one of 2.2 MB (7,201 diagnostics) sat in 4 MiB of storage,
      // which the in-place edits of the next keystrokes keep. It is kept at its size instead.
      if out.capacity - out.count > out.count / 8 {
        var exact: [UInt8] = []
        exact.reserveCapacity(out.count + out.count / 64)
        exact.append(contentsOf: out)
        out = exact
      }
      previousBody = out
      previousSpans = spans
      out = []
      spans = []
    }
    mode = .idle
    previousDiagnostics = []
    return previousBody
  }

  /// Puts the diagnostics written in place where those they replace lay in the previous body, moves the spans
  /// after them by the difference in length, and ends the body with `closing`.
  private mutating func finishInPlace(closing: [UInt8]) {
    let count = previousSpans.count
    if let run = keptSuffix, run.upperBound != count { writeKeptSuffix() }
    let prefix = keptPrefix
    let suffixStart = keptSuffix?.lowerBound ?? count
    let openingEnd = Self.opening.utf8CodeUnitCount
    let closingStart = count > 0 ? previousSpans[count - 1].end : openingEnd
    // The bytes replaced: from the end of the last diagnostic kept before (or the opening) to the start of the
    // first kept after (or the closing), commas included. What replaces them: the written diagnostics, each
    // after a comma but the first of the body, and a comma before a kept one after them; with none written, a
    // comma between kept ones.
    let replacedStart = prefix > 0 ? previousSpans[prefix - 1].end : openingEnd
    let replaced = replacedStart..<(suffixStart < count ? previousSpans[suffixStart].start : closingStart)
    let skip = prefix > 0 ? 0 : 1
    if !middleSpans.isEmpty {
      if suffixStart < count { middle.append(UInt8(ascii: ",")) }
    } else {
      middle = prefix > 0 && suffixStart < count ? [UInt8(ascii: ",")] : []
    }
    let replacement = middleSpans.isEmpty ? 0..<middle.count : skip..<middle.count
    let delta = replacement.count - replaced.count
    let newCount = previousBody.count + delta - (previousBody.count - closingStart) + closing.count
    // Room for growing by a few bytes a keystroke without moving the body each time.
    previousBody.reserveCapacity(previousBody.capacity >= newCount ? newCount : newCount + newCount / 64)
    previousBody.replaceSubrange(closingStart..<previousBody.count, with: closing)
    middle.withUnsafeBufferPointer {
      previousBody.replaceSubrange(replaced, with: UnsafeBufferPointer(rebasing: $0[replacement]))
    }
    let base = replaced.lowerBound - replacement.lowerBound
    for i in middleSpans.indices { middleSpans[i] = middleSpans[i].moved(by: base) }
    previousSpans.replaceSubrange(prefix..<suffixStart, with: middleSpans)
    if delta != 0 {
      previousSpans.withUnsafeMutableBufferPointer { spans in
        for i in (prefix + middleSpans.count)..<spans.count { spans[i] = spans[i].moved(by: delta) }
      }
    }
    keptPrefix = 0
    middle = []
    middleSpans = []
    keptSuffix = nil
  }
}

extension Diagnostic {
  /// Whether every field but the range is equal, so that the bytes around the range's numbers are too.
  func hasSameContent(as other: Diagnostic) -> Bool {
    severity == other.severity && code == other.code && message == other.message && source == other.source
      && codeDescription == other.codeDescription && tags == other.tags
      && relatedInformation == other.relatedInformation && data == other.data
  }
}

@inline(__always)
private func appendBytes(_ text: StaticString, to out: inout [UInt8]) {
  out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
}
