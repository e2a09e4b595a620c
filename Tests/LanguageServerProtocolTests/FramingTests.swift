// Checks Content-Length framing: every split point, several frames per push, bad headers with recovery, lying
// lengths, oversized bodies skipped in bounded memory, and a 64 MB body.
import Testing

@testable import LanguageServerProtocol

/// A frame with a hand-written header block.
func rawFrame(_ header: String, _ body: String) -> [UInt8] { Array((header + body).utf8) }

/// The body of a `.message` event as text.
func messageText(_ event: FrameEvent) -> String? {
  guard case .message(let body) = event else { return nil }
  return String(decoding: body, as: UTF8.self)
}

/// Whether an event is an error.
func isError(_ event: FrameEvent) -> Bool {
  if case .error = event { return true }
  return false
}

/// Feeds chunks one push at a time and collects every event.
func decodeAll(_ chunks: [[UInt8]], maxBodyBytes: Int = 256 << 20) -> [FrameEvent] {
  var decoder = FrameDecoder(maxBodyBytes: maxBodyBytes)
  return chunks.flatMap { decoder.push($0) }
}

/// Content-Length framing, including recovery from bad input.
@Suite struct FramingTests {
  /// A small notification body.
  let first = #"{"jsonrpc":"2.0","method":"a"}"#
  /// A request body with non-ASCII text.
  let second = #"{"jsonrpc":"2.0","id":1,"method":"b","params":{"é":"😀"}}"#

  /// The encoder writes `Content-Length: N` and a blank line before the body.
  @Test func encodeFrameWritesTheHeader() {
    #expect(String(decoding: encodeFrame(Array("{}".utf8)), as: UTF8.self) == "Content-Length: 2\r\n\r\n{}")
    #expect(String(decoding: encodeFrame([]), as: UTF8.self) == "Content-Length: 0\r\n\r\n")
    let body = Array("é".utf8)
    #expect(encodeFrame(body).suffix(2) == body[...])
    #expect(String(decoding: encodeFrame(body).prefix(17), as: UTF8.self) == "Content-Length: 2")
  }

  /// A single frame in a single push.
  @Test func oneMessage() {
    let events = decodeAll([encodeFrame(Array(first.utf8))])
    #expect(events.map(messageText) == [first])
  }

  /// Two frames split into two pushes at every byte position, and fed byte by byte.
  @Test func splitAtEveryBytePosition() {
    let stream = encodeFrame(Array(first.utf8)) + encodeFrame(Array(second.utf8))
    for cut in 0...stream.count {
      let events = decodeAll([Array(stream[..<cut]), Array(stream[cut...])])
      #expect(events.map(messageText) == [first, second], "cut at \(cut)")
    }
    var decoder = FrameDecoder()
    var events: [FrameEvent] = []
    for b in stream { events += decoder.push([b]) }
    #expect(events.map(messageText) == [first, second])
    #expect(decoder.pendingByteCount == 0)
  }

  /// Fifty frames in one push come out in order.
  @Test func severalMessagesInOnePush() {
    let bodies = (0..<50).map { #"{"n":\#($0)}"# }
    let stream = bodies.flatMap { encodeFrame(Array($0.utf8)) }
    #expect(decodeAll([stream]).map(messageText) == bodies)
  }

  /// A push boundary inside a four-byte character does not matter.
  @Test func multiByteUTF8SplitMidCharacter() {
    let body = #"{"text":"😀é€"}"#
    let frame = encodeFrame(Array(body.utf8))
    let emoji = frame.firstIndex(of: 0xF0)!
    let events = decodeAll([Array(frame[..<(emoji + 2)]), Array(frame[(emoji + 2)...])])
    #expect(events.map(messageText) == [body])
    if case .message(let bytes) = events[0] { #expect(bytes == Array(body.utf8)) }
  }

  /// Consumed headers are dropped; only the partial body stays pending.
  @Test func pendingByteCountTracksPartialInput() {
    var decoder = FrameDecoder()
    #expect(decoder.push(Array("Content-Length: 10\r\n".utf8)).isEmpty)
    #expect(decoder.pendingByteCount == 20)
    #expect(decoder.push(Array("\r\n{\"a\"".utf8)).isEmpty)
    #expect(decoder.pendingByteCount == 4)
    #expect(decoder.push(Array(":1234}".utf8)).map(messageText) == ["{\"a\":1234}"])
    #expect(decoder.pendingByteCount == 0)
  }

  /// A header block without Content-Length is an error, and the next frame still arrives.
  @Test func missingContentLengthThenAGoodMessage() throws {
    let stream =
      rawFrame("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n", "{}") + encodeFrame(Array(first.utf8))
    let events = decodeAll([stream])
    try #require(events.count == 2)
    #expect(isError(events[0]))
    #expect(messageText(events[1]) == first)
    if case .error(let e) = events[0] { #expect(e.message == "header block without Content-Length") }
  }

  /// A short Content-Length leaves garbage that is reported, then the next frame arrives.
  @Test func contentLengthTooShortResynchronises() {
    // The announced length stops 3 bytes early: the rest of the body runs into the next header.
    let body = Array(first.utf8)
    let stream = Array("Content-Length: \(body.count - 3)\r\n\r\n".utf8) + body + encodeFrame(Array(second.utf8))
    for cut in [0, 10, stream.count / 2, stream.count - 5] {
      let events = decodeAll([Array(stream[..<cut]), Array(stream[cut...])])
      #expect(events.count == 3, "cut at \(cut)")
      guard events.count == 3 else { continue }
      #expect(messageText(events[0]) == String(first.dropLast(3)))
      #expect(isError(events[1]))
      #expect(messageText(events[2]) == second)
    }
  }

  /// A long Content-Length swallows part of the next frame; the one after arrives.
  @Test func contentLengthTooLongLosesOnlyTheNextFrame() {
    let third = #"{"third":true}"#
    let body = Array(first.utf8)
    let stream =
      Array("Content-Length: \(body.count + 10)\r\n\r\n".utf8) + body + encodeFrame(Array(second.utf8))
      + encodeFrame(Array(third.utf8))
    let events = decodeAll([stream])
    #expect(events.count == 3)
    #expect(isError(events[1]))
    #expect(messageText(events[2]) == third)
  }

  /// Non-numeric, signed and unrepresentable lengths are errors followed by recovery.
  @Test func invalidLengthsAreErrorsThenResync() {
    for header in ["abc", "-5", "+5", "5x", "", "0x10", "1 2", "١٢"] {
      let stream = rawFrame("Content-Length: \(header)\r\n\r\n", "{}") + encodeFrame(Array(first.utf8))
      let events = decodeAll([stream])
      #expect(events.count == 2, "\(header)")
      #expect(events.first.map(isError) == true, "\(header)")
      #expect(events.last.flatMap(messageText) == first, "\(header)")
    }
    let huge = rawFrame("Content-Length: 99999999999999999999999\r\n\r\n", "{}") + encodeFrame(Array(first.utf8))
    #expect(decodeAll([huge]).map(isError) == [true, false])
  }

  /// Case, whitespace, extra headers, bare LF and leading blank lines are accepted.
  @Test func headerVariantsAreTolerated() {
    let variants = [
      "content-length: 2\r\n\r\n",
      "CONTENT-LENGTH:2\r\n\r\n",
      "Content-Length: \t2 \r\n\r\n",
      "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n",
      "Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
      "Content-Length: 2\r\nX-Unknown: yes\r\nContent-Length: 2\r\n\r\n",
      "Content-Length: 2\n\n",
      "Content-Length: 2\r\n\n",
      "\r\n\r\nContent-Length: 2\r\n\r\n",
    ]
    for header in variants {
      #expect(decodeAll([rawFrame(header, "{}")]).map(messageText) == ["{}"], "\(header.debugDescription)")
    }
  }

  /// Conflicting lengths and lines without a name or colon are errors.
  @Test func conflictingLengthsAndMalformedLinesAreErrors() {
    for header in [
      "Content-Length: 2\r\nContent-Length: 3\r\n\r\n", "Content-Length: 2\r\ngarbage\r\n\r\n", ": x\r\n\r\n",
    ] {
      let events = decodeAll([rawFrame(header, "{}") + encodeFrame(Array(first.utf8))])
      #expect(events.map(isError) == [true, false], "\(header.debugDescription)")
      #expect(events.last.flatMap(messageText) == first)
    }
  }

  /// A header line over 8 KiB is an error, without buffering the rest of it.
  @Test func overlongHeaderLineIsAnErrorThenResync() {
    let long = "X-Padding: " + String(repeating: "p", count: 9000)
    var decoder = FrameDecoder()
    var events = decoder.push(Array(long.utf8))
    #expect(events.map(isError) == [true])
    #expect(decoder.pendingByteCount < 64)
    events = decoder.push(Array("\r\n\r\n{}".utf8) + encodeFrame(Array(first.utf8)))
    #expect(events.map(messageText) == [first])
  }

  /// An oversized body is reported and skipped without being buffered.
  @Test func bodyOverTheLimitIsSkippedInBoundedMemory() {
    var decoder = FrameDecoder(maxBodyBytes: 100)
    var events = decoder.push(Array("Content-Length: 5000\r\n\r\n".utf8))
    #expect(events.map(isError) == [true])
    let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 7)
    for _ in 0..<(5000 / 7) {
      events = decoder.push(chunk)
      #expect(events.isEmpty)
      #expect(decoder.pendingByteCount == 0)
    }
    events = decoder.push([UInt8](repeating: UInt8(ascii: "x"), count: 5000 % 7) + encodeFrame(Array("{}".utf8)))
    #expect(events.map(messageText) == ["{}"])
    // In one push, too.
    let stream =
      Array("Content-Length: 101\r\n\r\n".utf8) + [UInt8](repeating: 0x20, count: 101) + encodeFrame(Array(first.utf8))
    #expect(decodeAll([stream], maxBodyBytes: 100).map(messageText) == [nil, first])
    #expect(decodeAll([encodeFrame([UInt8](repeating: 0x20, count: 100))], maxBodyBytes: 100).count == 1)
  }

  /// A 64 MB body is accepted with the default limit, in chunks and in one push.
  @Test func sixtyFourMegabyteBody() {
    let size = 64 << 20
    var body = [UInt8](repeating: UInt8(ascii: "a"), count: size)
    body[0] = UInt8(ascii: "\"")
    body[size - 1] = UInt8(ascii: "\"")
    let frame = encodeFrame(body)
    var decoder = FrameDecoder()
    var events: [FrameEvent] = []
    var offset = 0
    while offset < frame.count {
      let end = min(offset + (1 << 20), frame.count)
      events += decoder.push(frame[offset..<end])
      offset = end
    }
    #expect(events.count == 1)
    if case .message(let received) = events.first { #expect(received == body) }
    events = decodeAll([frame])
    #expect(events.count == 1)
    if case .message(let received) = events.first { #expect(received.count == size) }
  }

  /// Random garbage before a good frame never stops the frame from arriving.
  @Test func garbageNeverWedgesTheStream() {
    var rng = SplitMix64(seed: 99)
    var decoder = FrameDecoder(maxBodyBytes: 1 << 16)
    for round in 0..<300 {
      let garbage = (0..<Int.random(in: 1...400, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
      let body = #"{"round":\#(round)}"#
      var events = decoder.push(garbage)
      events += decoder.push(encodeFrame(Array(body.utf8)))
      #expect(events.last.flatMap(messageText) == body, "round \(round)")
      #expect(decoder.pendingByteCount == 0, "round \(round)")
    }
  }
}
