// The server keeps its own copy of every open document, maintained by these open, change, save and close
// notifications.

/// `textDocument/didOpen`: the client opened a document and now owns its content.
public struct DidOpenTextDocumentNotification: LSPNotification, Hashable {
  /// `textDocument/didOpen`.
  public static let method = "textDocument/didOpen"
  /// The document, with its full text.
  public var textDocument: TextDocumentItem

  /// Creates the notification.
  public init(textDocument: TextDocumentItem) { self.textDocument = textDocument }

  /// Reads `{textDocument}`.
  public init(json: JSONValue) throws(ResponseError) {
    textDocument = try JSONObjectReader(json).required("textDocument")
  }

  /// `{textDocument}`.
  public var json: JSONValue { ["textDocument": textDocument.json] }
}

/// `textDocument/didChange`: edits to an open document, to apply in order.
public struct DidChangeTextDocumentNotification: LSPNotification, Hashable {
  /// `textDocument/didChange`.
  public static let method = "textDocument/didChange"
  /// The document and its version after the changes.
  public var textDocument: VersionedTextDocumentIdentifier
  /// The changes, in order.
  public var contentChanges: [TextDocumentContentChangeEvent]

  /// Creates the notification.
  public init(textDocument: VersionedTextDocumentIdentifier, contentChanges: [TextDocumentContentChangeEvent]) {
    self.textDocument = textDocument
    self.contentChanges = contentChanges
  }

  /// Reads `{textDocument, contentChanges}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    textDocument = try o.required("textDocument")
    contentChanges = try o.required("contentChanges")
  }

  /// `{textDocument, contentChanges}`.
  public var json: JSONValue { ["textDocument": textDocument.json, "contentChanges": contentChanges.json] }
}

/// `textDocument/didClose`: the client closed a document; its truth is the file on disk again.
public struct DidCloseTextDocumentNotification: LSPNotification, Hashable {
  /// `textDocument/didClose`.
  public static let method = "textDocument/didClose"
  /// The document.
  public var textDocument: TextDocumentIdentifier

  /// Creates the notification.
  public init(textDocument: TextDocumentIdentifier) { self.textDocument = textDocument }

  /// Reads `{textDocument}`.
  public init(json: JSONValue) throws(ResponseError) {
    textDocument = try JSONObjectReader(json).required("textDocument")
  }

  /// `{textDocument}`.
  public var json: JSONValue { ["textDocument": textDocument.json] }
}

/// `textDocument/didSave`: the client saved a document.
public struct DidSaveTextDocumentNotification: LSPNotification, Hashable {
  /// `textDocument/didSave`.
  public static let method = "textDocument/didSave"
  /// The document.
  public var textDocument: TextDocumentIdentifier
  /// The saved text, when the server asked for it.
  public var text: String?

  /// Creates the notification.
  public init(textDocument: TextDocumentIdentifier, text: String? = nil) {
    self.textDocument = textDocument
    self.text = text
  }

  /// Reads `{textDocument, text?}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    textDocument = try o.required("textDocument")
    text = try o.optional("text")
  }

  /// `{textDocument, text?}`.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["textDocument": textDocument.json]
    o.setIfPresent("text", text)
    return .object(o)
  }
}
