// Diagnostics are what this server exists to report, both pushed (`publishDiagnostics`) and pulled
// (`textDocument/diagnostic`, `workspace/diagnostic`); this holds those messages and their parts.

/// How severe a diagnostic is.
public enum DiagnosticSeverity: Int, JSONConvertible, Hashable, CaseIterable {
  /// An error.
  case error = 1
  /// A warning.
  case warning = 2
  /// Information.
  case information = 3
  /// A hint.
  case hint = 4

  /// Reads 1 to 4.
  public init(json: JSONValue) throws(ResponseError) {
    guard let raw = json.intValue, let value = DiagnosticSeverity(rawValue: raw) else {
      throw decodingError("expected a severity from 1 to 4, got \(json)")
    }
    self = value
  }

  /// The number.
  public var json: JSONValue { .int(rawValue) }
}

/// Extra classification of a diagnostic, which editors may render specially.
public enum DiagnosticTag: Int, JSONConvertible, Hashable, CaseIterable {
  /// Unused or unnecessary code (rendered faded).
  case unnecessary = 1
  /// Deprecated code (rendered struck through).
  case deprecated = 2

  /// Reads 1 or 2.
  public init(json: JSONValue) throws(ResponseError) {
    guard let raw = json.intValue, let value = DiagnosticTag(rawValue: raw) else {
      throw decodingError("expected a diagnostic tag (1 or 2), got \(json)")
    }
    self = value
  }

  /// The number.
  public var json: JSONValue { .int(rawValue) }
}

/// A diagnostic's code: an integer or a string.
public enum DiagnosticCode: JSONConvertible, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
  /// An integer code.
  case int(Int)
  /// A string code.
  case string(String)

  /// Creates a string code.
  public init(stringLiteral value: String) { self = .string(value) }
  /// Creates an integer code.
  public init(integerLiteral value: Int) { self = .int(value) }

  /// Reads an integer or a string.
  public init(json: JSONValue) throws(ResponseError) {
    switch json {
    case .string(let s): self = .string(s)
    default:
      guard let i = json.intValue else { throw decodingError("expected an integer or a string, got \(kindOf(json))") }
      self = .int(i)
    }
  }

  /// The code as JSON.
  public var json: JSONValue {
    switch self {
    case .int(let i): return .int(i)
    case .string(let s): return .string(s)
    }
  }
}

/// A link to documentation about a diagnostic's code.
public struct CodeDescription: JSONConvertible, Hashable {
  /// The URI of the documentation.
  public var href: String

  /// Creates a description.
  @inlinable
  public init(href: String) { self.href = href }

  /// Reads `{href}`.
  public init(json: JSONValue) throws(ResponseError) { href = try JSONObjectReader(json).required("href") }

  /// `{href}`.
  public var json: JSONValue { ["href": .string(href)] }
}

/// Another location relevant to a diagnostic (e.g. the first definition of a duplicate).
public struct DiagnosticRelatedInformation: JSONConvertible, Hashable {
  /// Where.
  public var location: Location
  /// What is there.
  public var message: String

  /// Creates related information.
  public init(location: Location, message: String) {
    self.location = location
    self.message = message
  }

  /// Reads `{location, message}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    location = try o.required("location")
    message = try o.required("message")
  }

  /// `{location, message}`.
  public var json: JSONValue { ["location": location.json, "message": .string(message)] }
}

/// A problem in a document.
public struct Diagnostic: JSONConvertible, Hashable {
  /// Where the problem is.
  public var range: Range
  /// How severe it is; clients treat nil as their own default (usually error).
  public var severity: DiagnosticSeverity?
  /// A code identifying the kind of problem.
  public var code: DiagnosticCode?
  /// A link to documentation about the code.
  public var codeDescription: CodeDescription?
  /// Who reports it (e.g. `dockerfile-lsp`).
  public var source: String?
  /// A sentence describing the problem.
  public var message: String
  /// Extra classification.
  public var tags: [DiagnosticTag]?
  /// Other relevant locations.
  public var relatedInformation: [DiagnosticRelatedInformation]?
  /// Data kept for code actions, returned verbatim by the client.
  public var data: JSONValue?

  /// Creates a diagnostic (inlinable: a server builds thousands per keystroke).
  @inlinable
  public init(
    range: Range, severity: DiagnosticSeverity? = nil, code: DiagnosticCode? = nil,
    codeDescription: CodeDescription? = nil, source: String? = nil, message: String, tags: [DiagnosticTag]? = nil,
    relatedInformation: [DiagnosticRelatedInformation]? = nil, data: JSONValue? = nil
  ) {
    self.range = range
    self.severity = severity
    self.code = code
    self.codeDescription = codeDescription
    self.source = source
    self.message = message
    self.tags = tags
    self.relatedInformation = relatedInformation
    self.data = data
  }

  /// Reads a diagnostic object.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    range = try o.required("range")
    severity = try o.optional("severity")
    code = try o.optional("code")
    codeDescription = try o.optional("codeDescription")
    source = try o.optional("source")
    message = try o.required("message")
    tags = try o.optional("tags")
    relatedInformation = try o.optional("relatedInformation")
    data = try o.optional("data")
  }

  /// The diagnostic object; absent fields are omitted.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["range": range.json, "message": .string(message)]
    o.setIfPresent("severity", severity)
    o.setIfPresent("code", code)
    o.setIfPresent("codeDescription", codeDescription)
    o.setIfPresent("source", source)
    o.setIfPresent("tags", tags)
    o.setIfPresent("relatedInformation", relatedInformation)
    o.setIfPresent("data", data)
    return .object(o)
  }
}

/// `textDocument/publishDiagnostics`: the server pushes a document's complete set of diagnostics.
public struct PublishDiagnosticsNotification: LSPNotification, Hashable {
  /// `textDocument/publishDiagnostics`.
  public static let method = "textDocument/publishDiagnostics"
  /// The document's URI.
  public var uri: String
  /// The document version the diagnostics are for, when known.
  public var version: Int?
  /// All diagnostics of the document (empty clears them).
  public var diagnostics: [Diagnostic]

  /// Creates the notification.
  public init(uri: String, version: Int? = nil, diagnostics: [Diagnostic]) {
    self.uri = uri
    self.version = version
    self.diagnostics = diagnostics
  }

  /// Reads `{uri, version?, diagnostics}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    uri = try o.required("uri")
    version = try o.optional("version")
    diagnostics = try o.required("diagnostics")
  }

  /// `{uri, version?, diagnostics}`.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["uri": .string(uri), "diagnostics": diagnostics.json]
    o.setIfPresent("version", version)
    return .object(o)
  }
}

/// The answer to a diagnostic pull for one document.
public enum DocumentDiagnosticReport: JSONConvertible, Hashable {
  /// The complete current diagnostics (`kind: "full"`).
  case full(resultId: String?, items: [Diagnostic])
  /// Nothing changed since the client's `previousResultId` (`kind: "unchanged"`).
  case unchanged(resultId: String)

  /// Reads a full or unchanged report.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    let kind: String = try o.required("kind")
    switch kind {
    case "full": self = .full(resultId: try o.optional("resultId"), items: try o.required("items"))
    case "unchanged": self = .unchanged(resultId: try o.required("resultId"))
    default:
      throw ResponseError(
        code: ErrorCode.invalidParams,
        message: "kind: expected \"full\" or \"unchanged\", got \(JSONValue.string(kind))")
    }
  }

  /// `{kind: "full", resultId?, items}` or `{kind: "unchanged", resultId}`.
  public var json: JSONValue {
    switch self {
    case .full(let resultId, let items):
      var o: [String: JSONValue] = ["kind": "full", "items": items.json]
      o.setIfPresent("resultId", resultId)
      return .object(o)
    case .unchanged(let resultId):
      return ["kind": "unchanged", "resultId": .string(resultId)]
    }
  }
}

/// `textDocument/diagnostic`: the client pulls one document's diagnostics.
public struct DocumentDiagnosticRequest: LSPRequest, Hashable {
  /// `textDocument/diagnostic`.
  public static let method = "textDocument/diagnostic"
  /// The answer.
  public typealias Response = DocumentDiagnosticReport
  /// The document.
  public var textDocument: TextDocumentIdentifier
  /// The identifier the server registered the diagnostic provider with, if any.
  public var identifier: String?
  /// The result id of the client's last report for this document.
  public var previousResultId: String?

  /// Creates the request.
  public init(textDocument: TextDocumentIdentifier, identifier: String? = nil, previousResultId: String? = nil) {
    self.textDocument = textDocument
    self.identifier = identifier
    self.previousResultId = previousResultId
  }

  /// Reads `{textDocument, identifier?, previousResultId?}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    textDocument = try o.required("textDocument")
    identifier = try o.optional("identifier")
    previousResultId = try o.optional("previousResultId")
  }

  /// `{textDocument, identifier?, previousResultId?}`.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["textDocument": textDocument.json]
    o.setIfPresent("identifier", identifier)
    o.setIfPresent("previousResultId", previousResultId)
    return .object(o)
  }
}

/// A document's last result id, as the client sends it in a workspace diagnostic pull.
public struct PreviousResultId: JSONConvertible, Hashable {
  /// The document's URI.
  public var uri: String
  /// The result id.
  public var value: String

  /// Creates a pair.
  public init(uri: String, value: String) {
    self.uri = uri
    self.value = value
  }

  /// Reads `{uri, value}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    uri = try o.required("uri")
    value = try o.required("value")
  }

  /// `{uri, value}`.
  public var json: JSONValue { ["uri": .string(uri), "value": .string(value)] }
}

/// `workspace/diagnostic`: the client pulls diagnostics for every document the server knows.
public struct WorkspaceDiagnosticRequest: LSPRequest, Hashable {
  /// `workspace/diagnostic`.
  public static let method = "workspace/diagnostic"
  /// The answer.
  public typealias Response = WorkspaceDiagnosticReport
  /// The identifier the server registered the diagnostic provider with, if any.
  public var identifier: String?
  /// The client's last result ids.
  public var previousResultIds: [PreviousResultId]

  /// Creates the request.
  public init(identifier: String? = nil, previousResultIds: [PreviousResultId] = []) {
    self.identifier = identifier
    self.previousResultIds = previousResultIds
  }

  /// Reads `{identifier?, previousResultIds}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    identifier = try o.optional("identifier")
    previousResultIds = try o.required("previousResultIds")
  }

  /// `{identifier?, previousResultIds}`.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["previousResultIds": previousResultIds.json]
    o.setIfPresent("identifier", identifier)
    return .object(o)
  }
}

/// One document's report in a workspace diagnostic pull.
public struct WorkspaceDocumentDiagnosticReport: JSONConvertible, Hashable {
  /// The document's URI.
  public var uri: String
  /// The document version, or nil when the document is not open.
  public var version: Int?
  /// The report.
  public var report: DocumentDiagnosticReport

  /// Creates a report.
  public init(uri: String, version: Int?, report: DocumentDiagnosticReport) {
    self.uri = uri
    self.version = version
    self.report = report
  }

  /// Reads a full or unchanged report with `uri` and `version` (an integer or null).
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    uri = try o.required("uri")
    version = try o.optional("version")
    report = try DocumentDiagnosticReport(json: json)
  }

  /// The report's members plus `uri` and `version` (null when nil).
  public var json: JSONValue {
    var o = report.json.objectValue ?? [:]
    o["uri"] = .string(uri)
    o["version"] = version.json
    return .object(o)
  }
}

/// The answer to `workspace/diagnostic`.
public struct WorkspaceDiagnosticReport: JSONConvertible, Hashable {
  /// One report per document.
  public var items: [WorkspaceDocumentDiagnosticReport]

  /// Creates the answer.
  public init(items: [WorkspaceDocumentDiagnosticReport]) { self.items = items }

  /// Reads `{items}`.
  public init(json: JSONValue) throws(ResponseError) { items = try JSONObjectReader(json).required("items") }

  /// `{items}`.
  public var json: JSONValue { ["items": items.json] }
}

extension PublishDiagnosticsNotification {
  /// The whole notification body, written directly: the same bytes as
  /// `encodeNotification(method:params: json)`, without building a JSON value per diagnostic (a document with
  /// thousands of findings is published on every keystroke).
  public var encodedBody: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(96 + uri.utf8.count + diagnostics.count * 220)
    appendStaticBytes("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{", to: &out)
    appendStaticBytes("\"diagnostics\":[", to: &out)
    for (k, d) in diagnostics.enumerated() {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      d.appendJSON(to: &out)
    }
    appendStaticBytes("],\"uri\":", to: &out)
    appendJSONString(uri, to: &out)
    if let version {
      appendStaticBytes(",\"version\":", to: &out)
      appendInteger(version, to: &out)
    }
    appendStaticBytes("}}", to: &out)
    return out
  }
}

extension Diagnostic {
  /// Appends the diagnostic object with its keys sorted, as `appendJSON(json, to:)` would.
  func appendJSON(to out: inout [UInt8]) {
    appendHead(to: &out)
    appendRangeNumbers(range, to: &out)
    appendTail(to: &out)
  }

  /// The object up to the range's first number: `{"code":…,"message":…,"range":{"end":{"character":`.
  func appendHead(to out: inout [UInt8]) {
    out.append(UInt8(ascii: "{"))
    if let code {
      appendStaticBytes("\"code\":", to: &out)
      switch code {
      case .string(let s): appendJSONString(s, to: &out)
      case .int(let i): appendInteger(i, to: &out)
      }
      out.append(UInt8(ascii: ","))
    }
    if let codeDescription {
      appendStaticBytes("\"codeDescription\":{\"href\":", to: &out)
      appendJSONString(codeDescription.href, to: &out)
      appendStaticBytes("},", to: &out)
    }
    if let data {
      appendStaticBytes("\"data\":", to: &out)
      LanguageServerProtocol.appendJSON(data, to: &out)
      out.append(UInt8(ascii: ","))
    }
    appendStaticBytes("\"message\":", to: &out)
    appendJSONString(message, to: &out)
    appendStaticBytes(",\"range\":{\"end\":{\"character\":", to: &out)
  }

  /// The rest of the object after the range's last number.
  func appendTail(to out: inout [UInt8]) {
    appendStaticBytes("}}", to: &out)
    if let relatedInformation {
      appendStaticBytes(",\"relatedInformation\":", to: &out)
      LanguageServerProtocol.appendJSON(relatedInformation.json, to: &out)
    }
    if let severity {
      appendStaticBytes(",\"severity\":", to: &out)
      appendInteger(severity.rawValue, to: &out)
    }
    if let source {
      appendStaticBytes(",\"source\":", to: &out)
      appendJSONString(source, to: &out)
    }
    if let tags {
      appendStaticBytes(",\"tags\":", to: &out)
      LanguageServerProtocol.appendJSON(tags.json, to: &out)
    }
    out.append(UInt8(ascii: "}"))
  }
}

/// A range's numbers and the keys between them, from the end's character to the start's line: the part of a
/// diagnostic's bytes that an edit moving it changes.
func appendRangeNumbers(_ range: Range, to out: inout [UInt8]) {
  appendInteger(range.end.character, to: &out)
  appendStaticBytes(",\"line\":", to: &out)
  appendInteger(range.end.line, to: &out)
  appendStaticBytes("},\"start\":{\"character\":", to: &out)
  appendInteger(range.start.character, to: &out)
  appendStaticBytes(",\"line\":", to: &out)
  appendInteger(range.start.line, to: &out)
}

@inline(__always)
private func appendStaticBytes(_ text: StaticString, to out: inout [UInt8]) {
  out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
}
