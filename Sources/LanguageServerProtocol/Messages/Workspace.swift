// Settings reach the server by push (`didChangeConfiguration`) or pull (`workspace/configuration`), and dynamic
// capabilities are announced with `client/registerCapability`; this holds those messages.

/// `workspace/didChangeConfiguration`: the client's settings changed.
public struct DidChangeConfigurationNotification: LSPNotification, Hashable {
  /// `workspace/didChangeConfiguration`.
  public static let method = "workspace/didChangeConfiguration"
  /// The new settings, in whatever shape the client uses (null when absent).
  public var settings: JSONValue

  /// Creates the notification.
  public init(settings: JSONValue) { self.settings = settings }

  /// Reads `{settings}`; a missing `settings` reads as null.
  public init(json: JSONValue) throws(ResponseError) {
    settings = try JSONObjectReader(json).optional("settings") ?? .null
  }

  /// `{settings}`.
  public var json: JSONValue { ["settings": settings] }
}

/// One settings section the server asks for.
public struct ConfigurationItem: JSONConvertible, Hashable {
  /// The resource the settings apply to, if any.
  public var scopeUri: String?
  /// The section name (e.g. `dockerfile-lsp`), or nil for everything.
  public var section: String?

  /// Creates an item.
  public init(scopeUri: String? = nil, section: String? = nil) {
    self.scopeUri = scopeUri
    self.section = section
  }

  /// Reads `{scopeUri?, section?}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    scopeUri = try o.optional("scopeUri")
    section = try o.optional("section")
  }

  /// `{scopeUri?, section?}`.
  public var json: JSONValue {
    var o: [String: JSONValue] = [:]
    o.setIfPresent("scopeUri", scopeUri)
    o.setIfPresent("section", section)
    return .object(o)
  }
}

/// `workspace/configuration` (server to client): asks for settings sections.
public struct ConfigurationRequest: LSPRequest, Hashable {
  /// `workspace/configuration`.
  public static let method = "workspace/configuration"
  /// The answer: one value per item, in order (null for an unknown section).
  public typealias Response = [JSONValue]
  /// The sections asked for.
  public var items: [ConfigurationItem]

  /// Creates the request.
  public init(items: [ConfigurationItem]) { self.items = items }

  /// Reads `{items}`.
  public init(json: JSONValue) throws(ResponseError) { items = try JSONObjectReader(json).required("items") }

  /// `{items}`.
  public var json: JSONValue { ["items": items.json] }
}

/// One capability registered dynamically.
public struct Registration: JSONConvertible, Hashable {
  /// An id to unregister it with later.
  public var id: String
  /// The method the capability is for (e.g. `workspace/didChangeConfiguration`).
  public var method: String
  /// Options for the capability.
  public var registerOptions: JSONValue?

  /// Creates a registration.
  public init(id: String, method: String, registerOptions: JSONValue? = nil) {
    self.id = id
    self.method = method
    self.registerOptions = registerOptions
  }

  /// Reads `{id, method, registerOptions?}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    id = try o.required("id")
    method = try o.required("method")
    registerOptions = try o.optional("registerOptions")
  }

  /// `{id, method, registerOptions?}`.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["id": .string(id), "method": .string(method)]
    o.setIfPresent("registerOptions", registerOptions)
    return .object(o)
  }
}

/// `client/registerCapability` (server to client): registers capabilities dynamically.
public struct RegistrationRequest: LSPRequest, Hashable {
  /// `client/registerCapability`.
  public static let method = "client/registerCapability"
  /// The answer: `null`.
  public typealias Response = VoidResult
  /// The capabilities to register.
  public var registrations: [Registration]

  /// Creates the request.
  public init(registrations: [Registration]) { self.registrations = registrations }

  /// Reads `{registrations}`.
  public init(json: JSONValue) throws(ResponseError) {
    registrations = try JSONObjectReader(json).required("registrations")
  }

  /// `{registrations}`.
  public var json: JSONValue { ["registrations": registrations.json] }
}
