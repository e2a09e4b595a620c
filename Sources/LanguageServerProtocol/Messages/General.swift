// The server must honour cancellation and tracing and must report through the client's window, so this holds
// `$/cancelRequest`, `$/setTrace`, `$/logTrace` and the window message notifications.

/// `$/cancelRequest`: the client no longer needs the answer to a request.
public struct CancelRequestNotification: LSPNotification, Hashable {
  /// `$/cancelRequest`.
  public static let method = "$/cancelRequest"
  /// The request to cancel.
  public var id: RequestID

  /// Creates the notification.
  public init(id: RequestID) { self.id = id }

  /// Reads `{id}`.
  public init(json: JSONValue) throws(ResponseError) { id = try JSONObjectReader(json).required("id") }

  /// `{id}`.
  public var json: JSONValue { ["id": id.json] }
}

/// `$/setTrace`: the client changed the trace level.
public struct SetTraceNotification: LSPNotification, Hashable {
  /// `$/setTrace`.
  public static let method = "$/setTrace"
  /// `off`, `messages` or `verbose`.
  public var value: String

  /// Creates the notification.
  public init(value: String) { self.value = value }

  /// Reads `{value}`.
  public init(json: JSONValue) throws(ResponseError) { value = try JSONObjectReader(json).required("value") }

  /// `{value}`.
  public var json: JSONValue { ["value": .string(value)] }
}

/// `$/logTrace`: a trace line for the client's trace log.
public struct LogTraceNotification: LSPNotification, Hashable {
  /// `$/logTrace`.
  public static let method = "$/logTrace"
  /// The trace line.
  public var message: String
  /// Details, sent only when the trace level is `verbose`.
  public var verbose: String?

  /// Creates the notification.
  public init(message: String, verbose: String? = nil) {
    self.message = message
    self.verbose = verbose
  }

  /// Reads `{message, verbose?}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    message = try o.required("message")
    verbose = try o.optional("verbose")
  }

  /// `{message, verbose?}`.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["message": .string(message)]
    o.setIfPresent("verbose", verbose)
    return .object(o)
  }
}

/// How important a window message is.
public enum MessageType: Int, JSONConvertible, Hashable, CaseIterable {
  /// An error.
  case error = 1
  /// A warning.
  case warning = 2
  /// Information.
  case info = 3
  /// A log line.
  case log = 4

  /// Reads 1 to 4.
  public init(json: JSONValue) throws(ResponseError) {
    guard let raw = json.intValue, let value = MessageType(rawValue: raw) else {
      throw decodingError("expected a message type from 1 to 4, got \(json)")
    }
    self = value
  }

  /// The number.
  public var json: JSONValue { .int(rawValue) }
}

/// `window/logMessage`: a line for the client's log of this server.
public struct LogMessageNotification: MessageNotification {
  /// `window/logMessage`.
  public static let method = "window/logMessage"
  /// The importance.
  public var type: MessageType
  /// The text.
  public var message: String

  /// Creates the notification.
  public init(type: MessageType, message: String) {
    self.type = type
    self.message = message
  }
}

/// `window/showMessage`: a message the client shows to the user.
public struct ShowMessageNotification: MessageNotification {
  /// `window/showMessage`.
  public static let method = "window/showMessage"
  /// The importance.
  public var type: MessageType
  /// The text.
  public var message: String

  /// Creates the notification.
  public init(type: MessageType, message: String) {
    self.type = type
    self.message = message
  }
}

/// The shape `window/logMessage` and `window/showMessage` share: `{type, message}`.
public protocol MessageNotification: LSPNotification, Hashable {
  /// The importance.
  var type: MessageType { get }
  /// The text.
  var message: String { get }
  /// Creates the notification.
  init(type: MessageType, message: String)
}

extension MessageNotification {
  /// Reads `{type, message}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    self.init(type: try o.required("type"), message: try o.required("message"))
  }

  /// `{type, message}`.
  public var json: JSONValue { ["type": type.json, "message": .string(message)] }
}
