// LSP frames each message with a `Content-Length` header; this is the byte-stream state machine that splits and
// writes frames, kept free of file descriptors so every split, garbage and recovery case is testable.

/// Why a frame was rejected.
public struct FramingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A sentence for logs.
  public var message: String

  /// Creates an error.
  public init(message: String) { self.message = message }

  /// The message.
  public var description: String { message }
}

/// One result of feeding bytes to a `FrameDecoder`.
public enum FrameEvent: Sendable, Equatable {
  /// A complete message body.
  case message([UInt8])
  /// A rejected header block; the decoder has already moved on.
  case error(FramingError)
}

/// Splits a byte stream into LSP messages (`Content-Length` framing).
///
/// Header lines end with CRLF (a bare LF is accepted too) and the block ends with an empty line. Header names
/// are case-insensitive; `Content-Length` is required, other headers are ignored. After a bad header block the
/// decoder reports an error and resynchronises at the next `Content-Length:` (case-insensitive) after the start
/// of the bad block, skipping the bad block's own header lines. The match may be mid-line, because frames are not
/// newline-separated: garbage left by a short `Content-Length` runs straight into the next header. A body over
/// the size limit is reported and skipped without being buffered. Memory stays bounded by the body limit plus
/// the header limits, whatever the input.
public struct FrameDecoder: Sendable {
  /// The largest body accepted; larger ones are skipped.
  public let maxBodyBytes: Int
  /// The longest header line accepted, in bytes, without its line break.
  public static let maxHeaderLineBytes = 8 << 10
  /// The longest header block accepted, in bytes, line breaks included.
  public static let maxHeaderBlockBytes = 64 << 10
  /// The most storage reserved ahead for a body being received.
  static let bodyReservationLimit = 16 << 20

  private enum State: Sendable {
    /// Reading a header block that started at `blockStart` in the buffer.
    case header
    /// Waiting for a body of this many bytes, which starts at `readIndex`.
    case body(Int)
    /// Discarding this many more bytes of an oversized body.
    case skipping(Int)
    /// Looking for the next `Content-Length:` after a bad header block.
    case resynchronising
  }

  private var state = State.header
  /// Bytes received but not consumed; everything before `readIndex` is dead and removed after each push.
  private var buffer: [UInt8] = []
  private var readIndex = 0
  /// Header state: where the current block and line start, and how far the line has been scanned.
  private var blockStart = 0
  private var lineStart = 0
  private var scanIndex = 0
  /// Header state: the Content-Length seen so far in this block (nil: none; -1: too large to represent).
  private var contentLength: Int? = nil
  /// Header state: whether any header line was read in this block (blank lines before the first are skipped).
  private var sawHeaderLine = false
  /// Resynchronising: where the rejected header block's scanned part ends. A `Content-Length:` at a line start
  /// before this was one of its own (rejected) header lines, so it is not a new frame.
  private var rejectedEnd = 0

  /// Creates a decoder that accepts bodies up to `maxBodyBytes` (256 MiB by default).
  public init(maxBodyBytes: Int = 256 << 20) {
    self.maxBodyBytes = max(0, maxBodyBytes)
  }

  /// Bytes buffered but not yet part of a complete message.
  public var pendingByteCount: Int { buffer.count - readIndex }

  /// Feeds bytes; returns every complete event, in order.
  public mutating func push(_ bytes: some Collection<UInt8>) -> [FrameEvent] {
    var events: [FrameEvent] = []
    let handled: Void? = bytes.withContiguousStorageIfAvailable { input in
      self.ingest(input, into: &events)
    }
    if handled == nil {
      Array(bytes).withUnsafeBufferPointer { input in self.ingest(input, into: &events) }
    }
    return events
  }

  private mutating func ingest(_ input: UnsafeBufferPointer<UInt8>, into events: inout [FrameEvent]) {
    var input = input
    // An oversized body is discarded straight from the input, never buffered.
    if case .skipping(let remaining) = state, readIndex == buffer.count {
      let n = min(remaining, input.count)
      input = UnsafeBufferPointer(rebasing: input[n...])
      if n == remaining { startHeader() } else { state = .skipping(remaining - n) }
    }
    // A body whose length the header announced is received into storage of that size (up to a limit: the
    // length is the client's word), not grown by doubling through it, which copies a megabyte body twice over.
    if case .body(let length) = state, buffer.count + input.count < readIndex + length {
      let needed = readIndex + min(length, FrameDecoder.bodyReservationLimit)
      if buffer.capacity < needed { buffer.reserveCapacity(needed) }
    }
    buffer.append(contentsOf: input)
    process(into: &events)
    compact()
  }

  /// Drops consumed bytes from the front of the buffer, shifting the saved positions with them.
  private mutating func compact() {
    guard readIndex > 0 else { return }
    if readIndex == buffer.count {
      buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 16)
    } else {
      buffer.removeSubrange(0..<readIndex)
    }
    blockStart -= readIndex
    lineStart -= readIndex
    scanIndex -= readIndex
    rejectedEnd -= readIndex
    readIndex = 0
  }

  private mutating func process(into events: inout [FrameEvent]) {
    while true {
      switch state {
      case .body(let length):
        guard buffer.count - readIndex >= length else { return }
        let body: [UInt8]
        if readIndex == 0 && length == buffer.count {
          body = buffer
          buffer = []
        } else {
          body = Array(buffer[readIndex..<readIndex + length])
          readIndex += length
        }
        events.append(.message(body))
        startHeader()
      case .skipping(let remaining):
        let n = min(remaining, buffer.count - readIndex)
        readIndex += n
        guard n == remaining else {
          state = .skipping(remaining - n)
          return
        }
        startHeader()
      case .resynchronising:
        guard let found = findContentLength() else { return }
        readIndex = found
        startHeader()
      case .header:
        guard let error = scanHeader() else {
          if case .header = state { return }  // more input needed
          continue
        }
        events.append(.error(error))
        if case .skipping = state { continue }
        // Resynchronise from just after the start of the bad block, so a `Content-Length:` that garbage ran
        // into (a frame whose body was shorter than announced) is still found.
        rejectedEnd = max(lineStart, scanIndex)
        readIndex = blockStart + 1
        state = .resynchronising
      }
    }
  }

  private mutating func startHeader() {
    state = .header
    blockStart = readIndex
    lineStart = readIndex
    scanIndex = readIndex
    contentLength = nil
    sawHeaderLine = false
  }

  /// Scans complete header lines. Returns nil when more input is needed or the block ended well (the state
  /// then says what comes next), or the error that ended it.
  private mutating func scanHeader() -> FramingError? {
    while true {
      guard let newline = buffer[scanIndex...].firstIndex(of: 0x0A) else {
        scanIndex = buffer.count
        if buffer.count - lineStart > FrameDecoder.maxHeaderLineBytes + 1 {
          return FramingError(message: "header line longer than \(FrameDecoder.maxHeaderLineBytes) bytes")
        }
        if buffer.count - blockStart > FrameDecoder.maxHeaderBlockBytes {
          return FramingError(message: "header block longer than \(FrameDecoder.maxHeaderBlockBytes) bytes")
        }
        return nil
      }
      var lineEnd = newline
      if lineEnd > lineStart && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      let start = lineStart
      lineStart = newline + 1
      scanIndex = lineStart
      if lineEnd - start > FrameDecoder.maxHeaderLineBytes {
        return FramingError(message: "header line longer than \(FrameDecoder.maxHeaderLineBytes) bytes")
      }
      if lineStart - blockStart > FrameDecoder.maxHeaderBlockBytes {
        return FramingError(message: "header block longer than \(FrameDecoder.maxHeaderBlockBytes) bytes")
      }
      if lineEnd == start {
        guard sawHeaderLine else {
          // Blank lines between messages carry nothing; skip them.
          blockStart = lineStart
          readIndex = lineStart
          continue
        }
        return finishHeader(bodyStart: lineStart)
      }
      sawHeaderLine = true
      if let error = readHeaderLine(start..<lineEnd) { return error }
    }
  }

  private mutating func readHeaderLine(_ line: Swift.Range<Int>) -> FramingError? {
    guard let colon = buffer[line].firstIndex(of: UInt8(ascii: ":")) else {
      return FramingError(message: "malformed header line \(quoted(line)): no ':'")
    }
    guard colon > line.lowerBound else { return FramingError(message: "header line \(quoted(line)) has no name") }
    guard isContentLength(line.lowerBound..<colon) else { return nil }
    var valueStart = colon + 1
    var valueEnd = line.upperBound
    while valueStart < valueEnd && (buffer[valueStart] == 0x20 || buffer[valueStart] == 0x09) { valueStart += 1 }
    while valueEnd > valueStart && (buffer[valueEnd - 1] == 0x20 || buffer[valueEnd - 1] == 0x09) { valueEnd -= 1 }
    guard valueStart < valueEnd, buffer[valueStart..<valueEnd].allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
      return FramingError(message: "invalid Content-Length \(quoted(valueStart..<valueEnd)): expected a decimal number")
    }
    var length = 0
    for b in buffer[valueStart..<valueEnd] {
      let (times10, o1) = length.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times10.addingReportingOverflow(Int(b &- UInt8(ascii: "0")))
      if o1 || o2 {
        length = -1
        break
      }
      length = sum
    }
    if let previous = contentLength, previous != length {
      return FramingError(message: "conflicting Content-Length headers")
    }
    contentLength = length
    return nil
  }

  /// Ends a header block whose body starts at `bodyStart`.
  private mutating func finishHeader(bodyStart: Int) -> FramingError? {
    guard let length = contentLength else { return FramingError(message: "header block without Content-Length") }
    guard length >= 0 else { return FramingError(message: "Content-Length is too large to represent") }
    readIndex = bodyStart
    guard length <= maxBodyBytes else {
      state = .skipping(length)
      return FramingError(message: "Content-Length \(length) exceeds the limit of \(maxBodyBytes) bytes; body skipped")
    }
    state = .body(length)
    return nil
  }

  private func isContentLength(_ name: Swift.Range<Int>) -> Bool {
    guard name.count == contentLengthName.count else { return false }
    for (k, b) in zip(contentLengthName, buffer[name]) where asciiLowercase(b) != k { return false }
    return true
  }

  /// Finds `Content-Length:` from `readIndex` on. When absent, drops what cannot start a match and returns nil.
  private mutating func findContentLength() -> Int? {
    let needle = contentLengthColon
    var i = readIndex
    let end = buffer.count
    while i < end {
      guard let c = buffer[i..<end].firstIndex(where: { $0 | 0x20 == needle[0] }) else {
        i = end
        break
      }
      var k = 1
      while k < needle.count && c + k < end && asciiLowercase(buffer[c + k]) == needle[k] { k += 1 }
      if k == needle.count {
        if c > 0 && c < rejectedEnd && buffer[c - 1] == 0x0A {
          i = c + 1
          continue
        }
        return c
      }
      if c + k == end {
        // A possible match cut off by the end of the input: keep it.
        readIndex = c
        return nil
      }
      i = c + 1
    }
    readIndex = i
    return nil
  }

  private func quoted(_ range: Swift.Range<Int>) -> String {
    let shown = buffer[range.lowerBound..<min(range.upperBound, range.lowerBound + 40)]
    return "'" + String(decoding: shown, as: UTF8.self) + (range.count > 40 ? "…'" : "'")
  }
}

private let contentLengthName = Array("content-length".utf8)
private let contentLengthColon = Array("content-length:".utf8)

@inline(__always)
private func asciiLowercase(_ b: UInt8) -> UInt8 {
  b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b
}

/// Encodes one message body with its header.
public func encodeFrame(_ body: [UInt8]) -> [UInt8] {
  var frame: [UInt8] = []
  frame.reserveCapacity(body.count + 32)
  frame.append(contentsOf: "Content-Length: ".utf8)
  appendInteger(body.count, to: &frame)
  frame.append(contentsOf: [0x0D, 0x0A, 0x0D, 0x0A])
  frame.append(contentsOf: body)
  return frame
}
