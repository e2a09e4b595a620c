// Typed protocol messages convert to and from `JSONValue` by hand (no Codable, no Foundation); this holds the
// protocols, the conformances of the basic types, and the helpers that make decoding errors name the field.

/// A JSON conversion for protocol types.
public protocol JSONConvertible: Sendable {
  /// Reads a value, throwing `invalidParams` with the offending field's path when the JSON does not fit.
  init(json: JSONValue) throws(ResponseError)
  /// The value as JSON.
  var json: JSONValue { get }
}

/// A request the server handles (or, for server-to-client requests, sends); the type holds its params.
public protocol LSPRequest: JSONConvertible {
  /// The JSON-RPC method name.
  static var method: String { get }
  /// The result type.
  associatedtype Response: JSONConvertible
}

/// A notification; the type holds its params.
public protocol LSPNotification: JSONConvertible {
  /// The JSON-RPC method name.
  static var method: String { get }
}

/// The result of requests that answer `null`.
public struct VoidResult: JSONConvertible, Hashable {
  /// Creates the result.
  public init() {}
  /// Accepts any JSON (the value carries no information).
  public init(json: JSONValue) throws(ResponseError) {}
  /// `null`.
  public var json: JSONValue { .null }
}

extension JSONValue: JSONConvertible {
  /// Wraps any JSON.
  public init(json: JSONValue) throws(ResponseError) { self = json }
  /// The value itself.
  public var json: JSONValue { self }
}

extension Optional: JSONConvertible where Wrapped: JSONConvertible {
  /// Reads `null` as nil and anything else as the wrapped type.
  public init(json: JSONValue) throws(ResponseError) {
    self = json.isNull ? nil : try Wrapped(json: json)
  }
  /// `null` for nil.
  public var json: JSONValue { self?.json ?? .null }
}

extension Array: JSONConvertible where Element: JSONConvertible {
  /// Reads an array, element by element.
  public init(json: JSONValue) throws(ResponseError) {
    guard case .array(let elements) = json else { throw decodingError("expected an array, got \(kindOf(json))") }
    var result: [Element] = []
    result.reserveCapacity(elements.count)
    for (i, element) in elements.enumerated() {
      do { result.append(try Element(json: element)) } catch { throw error.prefixed(with: "[\(i)]") }
    }
    self = result
  }
  /// The elements as a JSON array.
  public var json: JSONValue { .array(map(\.json)) }
}

extension String: JSONConvertible {
  /// Reads a string.
  public init(json: JSONValue) throws(ResponseError) {
    guard case .string(let s) = json else { throw decodingError("expected a string, got \(kindOf(json))") }
    self = s
  }
  /// A JSON string.
  public var json: JSONValue { .string(self) }
}

extension Int: JSONConvertible {
  /// Reads an integer (a double with an exact integer value counts).
  public init(json: JSONValue) throws(ResponseError) {
    guard let i = json.intValue else { throw decodingError("expected an integer, got \(kindOf(json))") }
    self = i
  }
  /// A JSON integer.
  public var json: JSONValue { .int(self) }
}

extension Double: JSONConvertible {
  /// Reads any number.
  public init(json: JSONValue) throws(ResponseError) {
    guard let d = json.doubleValue else { throw decodingError("expected a number, got \(kindOf(json))") }
    self = d
  }
  /// A JSON number.
  public var json: JSONValue { .double(self) }
}

extension Bool: JSONConvertible {
  /// Reads a boolean.
  public init(json: JSONValue) throws(ResponseError) {
    guard case .bool(let b) = json else { throw decodingError("expected a boolean, got \(kindOf(json))") }
    self = b
  }
  /// A JSON boolean.
  public var json: JSONValue { .bool(self) }
}

extension RequestID: JSONConvertible {
  /// Reads an integer or string id.
  public init(json: JSONValue) throws(ResponseError) {
    guard let id = RequestID(jsonValue: json) else {
      throw decodingError("expected an integer or a string, got \(kindOf(json))")
    }
    self = id
  }
}

// MARK: Decoding helpers

/// An `invalidParams` error for a problem at the current level; its message starts with "expected".
func decodingError(_ problem: String) -> ResponseError {
  ResponseError(code: ErrorCode.invalidParams, message: problem)
}

/// Describes a value's kind for error messages ("a string", "an object", ...).
func kindOf(_ value: JSONValue) -> String {
  switch value {
  case .null: return "null"
  case .bool: return "a boolean"
  case .int: return "an integer"
  case .double: return "a number"
  case .string: return "a string"
  case .array: return "an array"
  case .object: return "an object"
  }
}

extension ResponseError {
  /// The same error with `component` (a field name or `[index]`) prepended to the path in its message.
  func prefixed(with component: String) -> ResponseError {
    var copy = self
    if message.hasPrefix("expected") {
      copy.message = component + ": " + message
    } else if message.hasPrefix("[") {
      copy.message = component + message
    } else {
      copy.message = component + "." + message
    }
    return copy
  }
}

/// Reads the members of a JSON object for `init(json:)`, naming the field in every error.
struct JSONObjectReader {
  /// The object's members.
  let members: [String: JSONValue]

  /// Requires `json` to be an object.
  init(_ json: JSONValue) throws(ResponseError) {
    guard case .object(let members) = json else { throw decodingError("expected an object, got \(kindOf(json))") }
    self.members = members
  }

  /// A field that must be present (and not null, unless `T` is optional).
  func required<T: JSONConvertible>(_ key: String) throws(ResponseError) -> T {
    guard let value = members[key] else {
      throw ResponseError(code: ErrorCode.invalidParams, message: "\(key): required but missing")
    }
    do { return try T(json: value) } catch { throw error.prefixed(with: key) }
  }

  /// A field that may be missing or null (both read as nil).
  func optional<T: JSONConvertible>(_ key: String) throws(ResponseError) -> T? {
    guard let value = members[key], !value.isNull else { return nil }
    do { return try T(json: value) } catch { throw error.prefixed(with: key) }
  }
}

extension Dictionary where Key == String, Value == JSONValue {
  /// Sets `key` to the value's JSON when the value is present.
  mutating func setIfPresent(_ key: String, _ value: (some JSONConvertible)?) {
    if let value { self[key] = value.json }
  }
}
