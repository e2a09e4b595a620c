// A server pushes a document's complete diagnostics after every keystroke, and from one keystroke to the next
// nearly all of them are unchanged: this encoder remembers the last body it wrote for a document and builds the
// next one mostly by copying from it.

/// Encodes the `publishDiagnostics` bodies of one document, reusing the bytes of the previous body.
///
/// The output is always byte for byte `PublishDiagnosticsNotification(uri:version:diagnostics:).encodedBody`:
/// a diagnostic's bytes are a function of its value alone, and bytes are reused only for a diagnostic equal to
/// one of the previous body's. One that differs only in its range (lines shifted by an edit above it, or a
/// column moved on the edited line) reuses the bytes around its four numbers; one equal in every field reuses
/// all of its bytes, and a run of those that was a run in the previous body is copied at once.
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

  /// The previous body, and where each of its diagnostics lies in it.
  private var previousBody: [UInt8] = []
  private var previousSpans: [Span] = []
  /// The previous body's diagnostics, kept only by `encode(uri:version:diagnostics:)`.
  private var previousDiagnostics: [Diagnostic] = []
  /// The body being built (after its opening bytes), where each of its diagnostics lies, and a run of whole
  /// diagnostics of the previous body not yet copied (the commas between them included).
  private var out: [UInt8] = []
  private var spans: [Span] = []
  private var pending: Swift.Range<Int>? = nil
  private var building = false

  /// Creates an encoder with nothing to reuse.
  public init() {}

  /// How many diagnostics the previous body holds.
  public var previousCount: Int { previousSpans.count }

  /// What the last body reused, for tests and benchmarks: diagnostics whose bytes were copied whole, those
  /// whose bytes around the range were copied, and those written afresh.
  public private(set) var lastReuse = (whole: 0, aroundRange: 0, fresh: 0)

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

  /// Starts a body when none is being built.
  private mutating func startIfNeeded() {
    guard !building else { return }
    building = true
    out = []
    out.reserveCapacity(max(previousBody.count + 64, 256))
    appendBytes("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{", to: &out)
    appendBytes("\"diagnostics\":[", to: &out)
    spans = []
    spans.reserveCapacity(previousSpans.count + 16)
    pending = nil
    lastReuse = (0, 0, 0)
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
    guard let firstIndex = indices.first else { return }
    startIfNeeded()
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
    lastReuse.whole += indices.count
  }

  /// Appends the previous body's diagnostic `index` with another range. The caller vouches that the
  /// diagnostic it stands for equals that one in every field but the range.
  public mutating func appendPrevious(_ index: Int, range: Range) {
    startIfNeeded()
    flush()
    if !spans.isEmpty { out.append(UInt8(ascii: ",")) }
    let span = previousSpans[index]
    let start = out.count
    let previous = previousBody
    previous.withUnsafeBufferPointer { old in
      out.append(contentsOf: UnsafeBufferPointer(rebasing: old[span.start..<span.headEnd]))
      let headEnd = out.count
      appendRangeNumbers(range, to: &out)
      let tailStart = out.count
      out.append(contentsOf: UnsafeBufferPointer(rebasing: old[span.tailStart..<span.end]))
      spans.append(Span(start: start, headEnd: headEnd, tailStart: tailStart, end: out.count))
    }
    lastReuse.aroundRange += 1
  }

  /// Appends a diagnostic written afresh.
  public mutating func append(_ diagnostic: Diagnostic) {
    startIfNeeded()
    flush()
    if !spans.isEmpty { out.append(UInt8(ascii: ",")) }
    let start = out.count
    diagnostic.appendHead(to: &out)
    let headEnd = out.count
    appendRangeNumbers(diagnostic.range, to: &out)
    let tailStart = out.count
    diagnostic.appendTail(to: &out)
    spans.append(Span(start: start, headEnd: headEnd, tailStart: tailStart, end: out.count))
    lastReuse.fresh += 1
  }

  /// Ends the body with the document's URI and version and returns it; it becomes the previous body.
  public mutating func finish(uri: String, version: Int?) -> [UInt8] {
    startIfNeeded()
    flush()
    appendBytes("],\"uri\":", to: &out)
    appendJSONString(uri, to: &out)
    if let version {
      appendBytes(",\"version\":", to: &out)
      appendInteger(version, to: &out)
    }
    appendBytes("}}", to: &out)
    let body = out
    previousBody = body
    previousSpans = spans
    previousDiagnostics = []
    out = []
    spans = []
    building = false
    return body
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
