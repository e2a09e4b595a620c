// A session starts with `initialize` (capability negotiation) and ends with `shutdown` and `exit`; this holds those
// messages and the client capabilities the server consults.

/// The unit `Position.character` counts in, as negotiated during `initialize`.
public struct PositionEncodingKind: RawRepresentable, JSONConvertible, Hashable, ExpressibleByStringLiteral {
  /// The encoding's LSP name.
  public var rawValue: String

  /// UTF-8 code units (bytes).
  public static let utf8: PositionEncodingKind = "utf-8"
  /// UTF-16 code units, LSP's default.
  public static let utf16: PositionEncodingKind = "utf-16"
  /// Unicode scalars.
  public static let utf32: PositionEncodingKind = "utf-32"

  /// Wraps a name (unknown names are kept, since clients may offer encodings this version does not know).
  public init(rawValue: String) { self.rawValue = rawValue }
  /// Wraps a name.
  public init(stringLiteral value: String) { self.rawValue = value }
  /// Reads a string.
  public init(json: JSONValue) throws(ResponseError) { rawValue = try String(json: json) }
  /// The name.
  public var json: JSONValue { .string(rawValue) }
}

/// What the client supports: the raw object, with accessors for the parts the server consults.
public struct ClientCapabilities: JSONConvertible, Hashable {
  /// The capabilities object as the client sent it.
  public var raw: JSONValue

  /// Wraps a capabilities object.
  public init(raw: JSONValue = .object([:])) { self.raw = raw }

  /// Requires an object.
  public init(json: JSONValue) throws(ResponseError) {
    guard case .object = json else { throw decodingError("expected an object, got \(kindOf(json))") }
    raw = json
  }

  /// The object as sent.
  public var json: JSONValue { raw }

  /// `general.positionEncodings`: the encodings the client offers, most preferred first (nil when absent).
  public var positionEncodings: [PositionEncodingKind]? {
    guard let offered = raw["general"]?["positionEncodings"]?.arrayValue else { return nil }
    return offered.compactMap { $0.stringValue.map(PositionEncodingKind.init(rawValue:)) }
  }

  /// `textDocument.publishDiagnostics.versionSupport`: whether pushed diagnostics may carry a version.
  public var publishDiagnosticsVersionSupport: Bool {
    raw["textDocument"]?["publishDiagnostics"]?["versionSupport"]?.boolValue == true
  }

  /// Whether `textDocument.diagnostic` is present: the client pulls diagnostics.
  public var supportsPullDiagnostics: Bool {
    guard let diagnostic = raw["textDocument"]?["diagnostic"] else { return false }
    return !diagnostic.isNull
  }

  /// `workspace.configuration`: whether the client answers `workspace/configuration`.
  public var supportsConfiguration: Bool { raw["workspace"]?["configuration"]?.boolValue == true }

  /// `workspace.workspaceFolders`: whether the client supports workspace folders.
  public var supportsWorkspaceFolders: Bool { raw["workspace"]?["workspaceFolders"]?.boolValue == true }

  /// `window.workDoneProgress`: whether the server may create work-done progress.
  public var supportsWorkDoneProgress: Bool { raw["window"]?["workDoneProgress"]?.boolValue == true }
}

/// A workspace folder the client has open.
public struct WorkspaceFolder: JSONConvertible, Hashable {
  /// The folder's URI.
  public var uri: String
  /// Its display name.
  public var name: String

  /// Creates a folder.
  public init(uri: String, name: String) {
    self.uri = uri
    self.name = name
  }

  /// Reads `{uri, name}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    uri = try o.required("uri")
    name = try o.required("name")
  }

  /// `{uri, name}`.
  public var json: JSONValue { ["uri": .string(uri), "name": .string(name)] }
}

/// The `initialize` request; its params.
public typealias InitializeRequest = InitializeParams

/// `initialize`: the client's first request, with its capabilities.
public struct InitializeParams: LSPRequest, Hashable {
  /// `initialize`.
  public static let method = "initialize"
  /// The answer.
  public typealias Response = InitializeResult

  /// The client's name and version.
  public typealias ClientInfo = NameAndVersion

  /// The client's process id (so the server can exit when it dies), or nil.
  public var processId: Int?
  /// The client's name and version.
  public var clientInfo: ClientInfo?
  /// The client's UI locale.
  public var locale: String?
  /// The workspace root path (deprecated in favour of `rootUri`).
  public var rootPath: String?
  /// The workspace root URI (deprecated in favour of `workspaceFolders`), or nil.
  public var rootUri: String?
  /// Server-specific options from the client's configuration.
  public var initializationOptions: JSONValue?
  /// What the client supports; an absent or null member reads as an empty object.
  public var capabilities: ClientCapabilities
  /// The initial trace setting (`off`, `messages` or `verbose`).
  public var trace: String?
  /// The open workspace folders.
  public var workspaceFolders: [WorkspaceFolder]?

  /// Creates params.
  public init(
    processId: Int? = nil, clientInfo: ClientInfo? = nil, locale: String? = nil, rootPath: String? = nil,
    rootUri: String? = nil, initializationOptions: JSONValue? = nil,
    capabilities: ClientCapabilities = ClientCapabilities(), trace: String? = nil,
    workspaceFolders: [WorkspaceFolder]? = nil
  ) {
    self.processId = processId
    self.clientInfo = clientInfo
    self.locale = locale
    self.rootPath = rootPath
    self.rootUri = rootUri
    self.initializationOptions = initializationOptions
    self.capabilities = capabilities
    self.trace = trace
    self.workspaceFolders = workspaceFolders
  }

  /// Reads the params object.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    processId = try o.optional("processId")
    clientInfo = try o.optional("clientInfo")
    locale = try o.optional("locale")
    rootPath = try o.optional("rootPath")
    rootUri = try o.optional("rootUri")
    initializationOptions = try o.optional("initializationOptions")
    capabilities = try o.optional("capabilities") ?? ClientCapabilities()
    trace = try o.optional("trace")
    workspaceFolders = try o.optional("workspaceFolders")
  }

  /// The params object; `processId` and `rootUri` are written as null when nil, other absent fields omitted.
  public var json: JSONValue {
    var o: [String: JSONValue] = [
      "processId": processId.json, "rootUri": rootUri.json, "capabilities": capabilities.json,
    ]
    o.setIfPresent("clientInfo", clientInfo)
    o.setIfPresent("locale", locale)
    o.setIfPresent("rootPath", rootPath)
    o.setIfPresent("initializationOptions", initializationOptions)
    o.setIfPresent("trace", trace)
    o.setIfPresent("workspaceFolders", workspaceFolders)
    return .object(o)
  }
}

/// The answer to `initialize`.
public struct InitializeResult: JSONConvertible, Hashable {
  /// The server's name and version.
  public typealias ServerInfo = NameAndVersion

  /// The server's capabilities object (kept as JSON: the server builds it directly).
  public var capabilities: JSONValue
  /// The server's name and version.
  public var serverInfo: ServerInfo?

  /// Creates a result.
  public init(capabilities: JSONValue, serverInfo: ServerInfo? = nil) {
    self.capabilities = capabilities
    self.serverInfo = serverInfo
  }

  /// Reads `{capabilities, serverInfo?}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    capabilities = try o.required("capabilities")
    serverInfo = try o.optional("serverInfo")
  }

  /// `{capabilities, serverInfo?}`.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["capabilities": capabilities]
    o.setIfPresent("serverInfo", serverInfo)
    return .object(o)
  }
}

/// `initialized`: the client received the initialize result.
public struct InitializedNotification: LSPNotification, Hashable {
  /// `initialized`.
  public static let method = "initialized"

  /// Creates the notification.
  public init() {}
  /// Accepts any params (they are an empty object).
  public init(json: JSONValue) throws(ResponseError) {}
  /// `{}`.
  public var json: JSONValue { .object([:]) }
}

/// `shutdown`: the server must stop working and wait for `exit`.
public struct ShutdownRequest: LSPRequest, Hashable {
  /// `shutdown`.
  public static let method = "shutdown"
  /// The answer: `null`.
  public typealias Response = VoidResult

  /// Creates the request.
  public init() {}
  /// Accepts any params (there are none).
  public init(json: JSONValue) throws(ResponseError) {}
  /// `null` (the request has no params).
  public var json: JSONValue { .null }
}

/// `exit`: the server process must exit (code 0 after `shutdown`, 1 otherwise).
public struct ExitNotification: LSPNotification, Hashable {
  /// `exit`.
  public static let method = "exit"

  /// Creates the notification.
  public init() {}
  /// Accepts any params (there are none).
  public init(json: JSONValue) throws(ResponseError) {}
  /// `null` (the notification has no params).
  public var json: JSONValue { .null }
}

/// A program's name and optional version (`clientInfo`, `serverInfo`).
public struct NameAndVersion: JSONConvertible, Hashable {
  /// The name.
  public var name: String
  /// The version.
  public var version: String?

  /// Creates the pair.
  public init(name: String, version: String? = nil) {
    self.name = name
    self.version = version
  }

  /// Reads `{name, version?}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    name = try o.required("name")
    version = try o.optional("version")
  }

  /// `{name, version?}`.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["name": .string(name)]
    o.setIfPresent("version", version)
    return .object(o)
  }
}
