// Every LSP message is JSON, so this is the one value type the protocol layer builds and reads, with accessors
// for reading loosely typed input and literal conformances for writing messages concisely.

/// A JSON value.
///
/// Numbers keep the distinction the parser saw: an integer literal that fits in `Int` is `.int`, any other
/// number is `.double`. Equality is structural, so `.int(1) != .double(1)`.
public enum JSONValue: Sendable, Equatable, Hashable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number written as an integer that fits in `Int`.
  case int(Int)
  /// Any other number.
  case double(Double)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object; key order is not kept (the serializer sorts keys).
  case object([String: JSONValue])
}

extension JSONValue {
  /// The member named `key`, or nil when this is not an object or has no such member.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members[key]
  }

  /// The element at `index`, or nil when this is not an array or the index is out of bounds.
  public subscript(index: Int) -> JSONValue? {
    guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
    return elements[index]
  }

  /// The string, when this is a string.
  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The integer, when this is an integer or a double with an exact integer value.
  public var intValue: Int? {
    switch self {
    case .int(let i): return i
    case .double(let d): return exactInteger(d)
    default: return nil
    }
  }

  /// The number as a `Double`, when this is a number.
  public var doubleValue: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .double(let d): return d
    default: return nil
    }
  }

  /// The boolean, when this is a boolean.
  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  /// The elements, when this is an array.
  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// The members, when this is an object.
  public var objectValue: [String: JSONValue]? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// Whether this is `null`.
  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }
}

/// The `Int` equal to `d`, if there is one (without `Int(exactly:)`, which needs libm).
func exactInteger(_ d: Double) -> Int? {
  // NaN fails both comparisons; 2^63 itself does not fit.
  guard d >= -0x1p63 && d < 0x1p63 else { return nil }
  let i = Int(d)
  return Double(i) == d ? i : nil
}

extension JSONValue: CustomStringConvertible {
  /// The compact serialization, for logs and test failures.
  public var description: String { String(decoding: serializeJSON(self), as: UTF8.self) }
}

extension JSONValue: ExpressibleByStringLiteral {
  /// Creates a `.string`.
  public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
  /// Creates an `.int`.
  public init(integerLiteral value: Int) { self = .int(value) }
}

extension JSONValue: ExpressibleByFloatLiteral {
  /// Creates a `.double`.
  public init(floatLiteral value: Double) { self = .double(value) }
}

extension JSONValue: ExpressibleByBooleanLiteral {
  /// Creates a `.bool`.
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
  /// Creates an `.array`.
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
  /// Creates an `.object`; a repeated key keeps its last value.
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    var members = [String: JSONValue](minimumCapacity: elements.count)
    for (key, value) in elements { members[key] = value }
    self = .object(members)
  }
}

extension JSONValue: ExpressibleByNilLiteral {
  /// Creates `.null`.
  public init(nilLiteral: ()) { self = .null }
}
