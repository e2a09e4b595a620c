// LSP messages are JSON-RPC 2.0 requests, notifications and responses; this classifies incoming bodies (with the
// error to answer when one is malformed) and writes outgoing envelopes straight to bytes.

/// A JSON-RPC request id: an integer or a string.
public enum RequestID: Sendable, Hashable, CustomStringConvertible {
  /// An integer id.
  case int(Int)
  /// A string id.
  case string(String)

  /// The id as JSON.
  public var json: JSONValue {
    switch self {
    case .int(let i): return .int(i)
    case .string(let s): return .string(s)
    }
  }

  /// Reads an id from JSON: an integer (or an integral double) or a string; nil for anything else.
  public init?(jsonValue: JSONValue) {
    switch jsonValue {
    case .int(let i): self = .int(i)
    case .string(let s): self = .string(s)
    case .double(let d):
      guard let i = exactInteger(d) else { return nil }
      self = .int(i)
    default: return nil
    }
  }

  /// The id as it appears in JSON, e.g. `7` or `"abc"`.
  public var description: String { json.description }
}

/// A JSON-RPC error object, also thrown by handlers and decoders.
public struct ResponseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// One of `ErrorCode`'s codes, or an application-defined one.
  public var code: Int
  /// A sentence describing the error.
  public var message: String
  /// Extra information, if any.
  public var data: JSONValue?

  /// Creates an error.
  public init(code: Int, message: String, data: JSONValue? = nil) {
    self.code = code
    self.message = message
    self.data = data
  }

  /// The error as a JSON-RPC error object.
  public var json: JSONValue {
    var members: [String: JSONValue] = ["code": .int(code), "message": .string(message)]
    if let data { members["data"] = data }
    return .object(members)
  }

  /// Reads a JSON-RPC error object (`code` integer and `message` string required).
  public init?(jsonValue: JSONValue) {
    guard let code = jsonValue["code"]?.intValue, let message = jsonValue["message"]?.stringValue else { return nil }
    self.init(code: code, message: message, data: jsonValue["data"])
  }

  /// `message (code)`.
  public var description: String { "\(message) (\(code))" }
}

/// The error codes JSON-RPC and LSP define.
public enum ErrorCode {
  /// Invalid JSON was received.
  public static let parseError = -32700
  /// The JSON sent is not a valid request object.
  public static let invalidRequest = -32600
  /// The method does not exist or is not available.
  public static let methodNotFound = -32601
  /// Invalid method parameters.
  public static let invalidParams = -32602
  /// Internal JSON-RPC error.
  public static let internalError = -32603
  /// A request arrived before `initialize`.
  public static let serverNotInitialized = -32002
  /// An error without a more specific code.
  public static let unknownErrorCode = -32001
  /// The client cancelled the request.
  public static let requestCancelled = -32800
  /// The document changed while the request ran, so the result is stale.
  public static let contentModified = -32801
  /// The server cancelled the request.
  public static let serverCancelled = -32802
  /// A request failed although it was syntactically correct.
  public static let requestFailed = -32803
}

/// A classified incoming message.
public enum IncomingMessage: Sendable, Equatable {
  /// A request, which must be answered.
  case request(id: RequestID, method: String, params: JSONValue?)
  /// A notification, which must not be answered.
  case notification(method: String, params: JSONValue?)
  /// A response to one of our requests (`id` is nil when the peer answered `null`).
  case response(id: RequestID?, result: Result<JSONValue, ResponseError>)
}

/// Why a body is not a valid message: the error to answer with, and the request id when one could be read.
public struct InvalidMessage: Error, Sendable, Equatable {
  /// The id to answer (nil answers with `"id": null`).
  public var id: RequestID?
  /// The JSON-RPC error to answer with.
  public var error: ResponseError

  /// Creates a failure.
  public init(id: RequestID?, error: ResponseError) {
    self.id = id
    self.error = error
  }
}

/// Classifies a parsed message body; returns the JSON-RPC error to answer with when it is not a valid message
/// (with the request id when one could be read, else nil).
///
/// `"params": null` is treated as absent, since some clients send it.
public func decodeMessage(_ body: [UInt8]) -> Result<IncomingMessage, InvalidMessage> {
  let value: JSONValue
  do throws(JSONParseError) {
    value = try parseJSON(body)
  } catch {
    return .failure(
      InvalidMessage(
        id: nil, error: ResponseError(code: ErrorCode.parseError, message: "invalid JSON: \(error.message)")))
  }
  return classifyMessage(value)
}

/// Classifies an already parsed message, as `decodeMessage` does.
public func classifyMessage(_ value: JSONValue) -> Result<IncomingMessage, InvalidMessage> {
  func invalid(_ id: RequestID?, _ message: String) -> Result<IncomingMessage, InvalidMessage> {
    .failure(InvalidMessage(id: id, error: ResponseError(code: ErrorCode.invalidRequest, message: message)))
  }
  guard case .object(let members) = value else {
    if case .array = value { return invalid(nil, "batch messages are not supported") }
    return invalid(nil, "a message must be a JSON object")
  }
  let rawID = members["id"]
  var id: RequestID? = nil
  if let rawID, !rawID.isNull {
    guard let readable = RequestID(jsonValue: rawID) else {
      return invalid(nil, "id must be an integer, a string or null")
    }
    id = readable
  }
  guard members["jsonrpc"] == .string("2.0") else { return invalid(id, "jsonrpc must be \"2.0\"") }
  if let rawMethod = members["method"] {
    guard case .string(let method) = rawMethod else { return invalid(id, "method must be a string") }
    var params = members["params"]
    switch params {
    case .none, .some(.object), .some(.array): break
    case .some(.null): params = nil
    default: return invalid(id, "params must be an object or an array")
    }
    guard rawID != nil else { return .success(.notification(method: method, params: params)) }
    guard let id else { return invalid(nil, "a request id must not be null") }
    return .success(.request(id: id, method: method, params: params))
  }
  let result = members["result"]
  let error = members["error"]
  guard result != nil || error != nil else { return invalid(id, "a message needs a method, a result or an error") }
  guard rawID != nil else { return invalid(nil, "a response needs an id") }
  if let error {
    guard result == nil else { return invalid(id, "a response must not have both result and error") }
    guard let responseError = ResponseError(jsonValue: error) else {
      return invalid(id, "error must be an object with an integer code and a string message")
    }
    return .success(.response(id: id, result: .failure(responseError)))
  }
  return .success(.response(id: id, result: .success(result ?? .null)))
}

/// Encodes a successful response body (`"id": null` when `id` is nil).
public func encodeResponse(id: RequestID?, result: JSONValue) -> [UInt8] {
  var out: [UInt8] = []
  out.reserveCapacity(64)
  appendEnvelopeKey("{\"id\":", to: &out)
  appendID(id, to: &out)
  appendEnvelopeKey(",\"jsonrpc\":\"2.0\",\"result\":", to: &out)
  appendJSON(result, to: &out)
  out.append(UInt8(ascii: "}"))
  return out
}

/// Encodes an error response body (`"id": null` when `id` is nil).
public func encodeErrorResponse(id: RequestID?, error: ResponseError) -> [UInt8] {
  var out: [UInt8] = []
  out.reserveCapacity(128)
  appendEnvelopeKey("{\"error\":", to: &out)
  appendJSON(error.json, to: &out)
  appendEnvelopeKey(",\"id\":", to: &out)
  appendID(id, to: &out)
  appendEnvelopeKey(",\"jsonrpc\":\"2.0\"}", to: &out)
  return out
}

/// Encodes a notification body (no `params` member when `params` is nil).
public func encodeNotification(method: String, params: JSONValue?) -> [UInt8] {
  var out: [UInt8] = []
  out.reserveCapacity(128)
  appendEnvelopeKey("{\"jsonrpc\":\"2.0\",\"method\":", to: &out)
  appendJSON(.string(method), to: &out)
  appendParams(params, to: &out)
  return out
}

/// Encodes a request body (no `params` member when `params` is nil).
public func encodeRequest(id: RequestID, method: String, params: JSONValue?) -> [UInt8] {
  var out: [UInt8] = []
  out.reserveCapacity(128)
  appendEnvelopeKey("{\"id\":", to: &out)
  appendID(id, to: &out)
  appendEnvelopeKey(",\"jsonrpc\":\"2.0\",\"method\":", to: &out)
  appendJSON(.string(method), to: &out)
  appendParams(params, to: &out)
  return out
}

// Envelopes are written with their keys in sorted order, so they equal `serializeJSON` of the same object.

private func appendEnvelopeKey(_ text: StaticString, to out: inout [UInt8]) {
  out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
}

private func appendID(_ id: RequestID?, to out: inout [UInt8]) {
  switch id {
  case .none: appendEnvelopeKey("null", to: &out)
  case .int(let i): appendInteger(i, to: &out)
  case .string(let s): appendJSON(.string(s), to: &out)
  }
}

private func appendParams(_ params: JSONValue?, to out: inout [UInt8]) {
  if let params {
    appendEnvelopeKey(",\"params\":", to: &out)
    appendJSON(params, to: &out)
  }
  out.append(UInt8(ascii: "}"))
}
