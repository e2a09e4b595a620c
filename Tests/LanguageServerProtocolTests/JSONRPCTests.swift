// Checks how message bodies are classified (each JSON-RPC error case, with and without a readable id) and that the
// envelope encoders write exactly what `serializeJSON` would.
import Testing

@testable import LanguageServerProtocol

/// Decodes a body given as text.
func decode(_ text: String) -> Result<IncomingMessage, InvalidMessage> { decodeMessage(Array(text.utf8)) }

/// The failure of decoding `text`, or nil when it decodes.
func failure(_ text: String) -> InvalidMessage? {
  if case .failure(let f) = decode(text) { return f }
  return nil
}

/// JSON-RPC classification and envelope encoding.
@Suite struct JSONRPCTests {
  /// Well-formed messages of every kind are classified.
  @Test func requestsNotificationsAndResponses() {
    #expect(
      decode(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"a":1}}"#)
        == .success(.request(id: .int(1), method: "initialize", params: ["a": 1])))
    #expect(
      decode(#"{"jsonrpc":"2.0","id":"x","method":"m","params":[1]}"#)
        == .success(.request(id: .string("x"), method: "m", params: [1])))
    #expect(
      decode(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)
        == .success(.request(id: .int(2), method: "shutdown", params: nil)))
    #expect(decode(#"{"jsonrpc":"2.0","method":"exit"}"#) == .success(.notification(method: "exit", params: nil)))
    #expect(
      decode(#"{"jsonrpc":"2.0","method":"exit","params":null}"#)
        == .success(.notification(method: "exit", params: nil)))
    #expect(
      decode(#"{"jsonrpc":"2.0","id":3,"result":[null]}"#) == .success(.response(id: .int(3), result: .success([nil]))))
    #expect(
      decode(#"{"jsonrpc":"2.0","id":3,"result":null}"#) == .success(.response(id: .int(3), result: .success(nil))))
    #expect(
      decode(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"bad","data":{"x":1}}}"#)
        == .success(.response(id: nil, result: .failure(ResponseError(code: -32600, message: "bad", data: ["x": 1])))))
    #expect(
      decode(#"{"jsonrpc":"2.0","id":4.0,"method":"m"}"#) == .success(.request(id: .int(4), method: "m", params: nil)))
    #expect(decode(#"{"unknown":1,"jsonrpc":"2.0","method":"m"}"#) == .success(.notification(method: "m", params: nil)))
  }

  /// Bodies that are not JSON get parseError and no id.
  @Test func invalidJSONIsAParseError() {
    for text in ["", "{", #"{"jsonrpc":"2.0","id":1,"method":"m""#, "{\"a\":\u{1}}", "nul"] {
      let f = failure(text)
      #expect(f?.error.code == ErrorCode.parseError, "\(text)")
      #expect(f?.id == nil)
    }
    #expect(decodeMessage([0x22, 0xFF, 0x22]).failureCode == ErrorCode.parseError)
  }

  /// Invalid messages whose id cannot be read get invalidRequest and no id.
  @Test func invalidRequestsWithoutAReadableID() {
    let cases = [
      "[]", #"[{"jsonrpc":"2.0","method":"m"}]"#, "1", "\"text\"", "null", "true",
      #"{"jsonrpc":"2.0","id":{"a":1},"method":"m"}"#,
      #"{"jsonrpc":"2.0","id":true,"method":"m"}"#,
      #"{"jsonrpc":"2.0","id":1.5,"method":"m"}"#,
      #"{"jsonrpc":"2.0","id":[1],"method":"m"}"#,
      #"{"jsonrpc":"2.0","id":null,"method":"m"}"#,
      #"{"jsonrpc":"2.0","result":1}"#,
      #"{"jsonrpc":"2.0","error":{"code":1,"message":"x"}}"#,
    ]
    for text in cases {
      let f = failure(text)
      #expect(f?.error.code == ErrorCode.invalidRequest, "\(text)")
      #expect(f != nil && f?.id == nil, "\(text)")
    }
  }

  /// Invalid messages with a readable id get invalidRequest with that id.
  @Test func invalidRequestsKeepTheID() {
    let cases = [
      #"{"id":7,"method":"m"}"#,
      #"{"jsonrpc":"1.0","id":7,"method":"m"}"#,
      #"{"jsonrpc":2.0,"id":7,"method":"m"}"#,
      #"{"jsonrpc":"2.0","id":7,"method":5}"#,
      #"{"jsonrpc":"2.0","id":7,"method":null}"#,
      #"{"jsonrpc":"2.0","id":7,"method":"m","params":"x"}"#,
      #"{"jsonrpc":"2.0","id":7,"method":"m","params":3}"#,
      #"{"jsonrpc":"2.0","id":7,"method":"m","params":true}"#,
      #"{"jsonrpc":"2.0","id":7}"#,
      #"{"jsonrpc":"2.0","id":7,"result":1,"error":{"code":1,"message":"x"}}"#,
      #"{"jsonrpc":"2.0","id":7,"error":{"code":"1","message":"x"}}"#,
      #"{"jsonrpc":"2.0","id":7,"error":{"code":1}}"#,
      #"{"jsonrpc":"2.0","id":7,"error":"boom"}"#,
    ]
    for text in cases {
      let f = failure(text)
      #expect(f?.error.code == ErrorCode.invalidRequest, "\(text)")
      #expect(f?.id == .int(7), "\(text)")
    }
    #expect(failure(#"{"id":"s","method":"m"}"#)?.id == .string("s"))
  }

  /// The error codes have their specified values.
  @Test func errorCodes() {
    #expect(ErrorCode.parseError == -32700)
    #expect(ErrorCode.invalidRequest == -32600)
    #expect(ErrorCode.methodNotFound == -32601)
    #expect(ErrorCode.invalidParams == -32602)
    #expect(ErrorCode.internalError == -32603)
    #expect(ErrorCode.serverNotInitialized == -32002)
    #expect(ErrorCode.unknownErrorCode == -32001)
    #expect(ErrorCode.requestCancelled == -32800)
    #expect(ErrorCode.contentModified == -32801)
    #expect(ErrorCode.requestFailed == -32803)
  }

  /// The encoders write exact bytes.
  @Test func encoders() throws {
    let text = { (bytes: [UInt8]) in String(decoding: bytes, as: UTF8.self) }
    #expect(
      text(encodeResponse(id: .int(1), result: ["b": 1, "a": nil]))
        == #"{"id":1,"jsonrpc":"2.0","result":{"a":null,"b":1}}"#)
    #expect(text(encodeResponse(id: nil, result: nil)) == #"{"id":null,"jsonrpc":"2.0","result":null}"#)
    #expect(
      text(encodeErrorResponse(id: .string("q\""), error: ResponseError(code: -32601, message: "no")))
        == #"{"error":{"code":-32601,"message":"no"},"id":"q\"","jsonrpc":"2.0"}"#)
    #expect(
      text(encodeErrorResponse(id: nil, error: ResponseError(code: -32700, message: "x", data: [1])))
        == #"{"error":{"code":-32700,"data":[1],"message":"x"},"id":null,"jsonrpc":"2.0"}"#)
    #expect(text(encodeNotification(method: "exit", params: nil)) == #"{"jsonrpc":"2.0","method":"exit"}"#)
    #expect(
      text(encodeNotification(method: "window/logMessage", params: ["type": 3, "message": "hi"]))
        == #"{"jsonrpc":"2.0","method":"window/logMessage","params":{"message":"hi","type":3}}"#)
    #expect(
      text(encodeRequest(id: .int(-2), method: "workspace/configuration", params: ["items": []]))
        == #"{"id":-2,"jsonrpc":"2.0","method":"workspace/configuration","params":{"items":[]}}"#)
    #expect(
      text(encodeRequest(id: .string("a"), method: "m", params: nil)) == #"{"id":"a","jsonrpc":"2.0","method":"m"}"#)
  }

  /// Encoded envelopes equal the serializer's output and decode to what was sent.
  @Test func encodersMatchTheSerializerAndDecodeBack() throws {
    let messages: [(bytes: [UInt8], expected: IncomingMessage)] = [
      (
        encodeRequest(id: .int(9), method: "m", params: [1, "x"]), .request(id: .int(9), method: "m", params: [1, "x"])
      ),
      (encodeNotification(method: "n", params: ["k": true]), .notification(method: "n", params: ["k": true])),
      (encodeResponse(id: .string("r"), result: ["v": 1.5]), .response(id: .string("r"), result: .success(["v": 1.5]))),
      (
        encodeErrorResponse(id: .int(1), error: ResponseError(code: 5, message: "m")),
        .response(id: .int(1), result: .failure(ResponseError(code: 5, message: "m")))
      ),
    ]
    for (bytes, expected) in messages {
      #expect(serializeJSON(try parseJSON(bytes)) == bytes)
      #expect(decodeMessage(bytes) == .success(expected))
    }
  }

  /// Request ids convert to and from JSON.
  @Test func requestIDConversions() throws {
    #expect(RequestID.int(3).json == 3)
    #expect(RequestID.string("a").json == "a")
    #expect(RequestID(jsonValue: 3) == .int(3))
    #expect(RequestID(jsonValue: "a") == .string("a"))
    #expect(RequestID(jsonValue: nil) == nil)
    #expect(RequestID(jsonValue: 2.5) == nil)
    #expect(try RequestID(json: "z") == .string("z"))
    #expect(throws: ResponseError.self) { try RequestID(json: true) }
    #expect(RequestID.string("a").description == "\"a\"")
    #expect(RequestID.int(4).description == "4")
  }
}

extension Result where Failure == InvalidMessage {
  /// The error code of a failure.
  var failureCode: Int? {
    if case .failure(let f) = self { return f.error.code }
    return nil
  }
}
