// The positions, ranges and document identifiers that nearly every LSP message is built from.

/// A position in a document: a 0-based line and a 0-based character offset in the negotiated encoding's units.
public struct Position: JSONConvertible, Hashable, Comparable {
  /// The 0-based line.
  public var line: Int
  /// The 0-based offset in the line, in code units of the negotiated position encoding.
  public var character: Int

  /// Creates a position.
  @inlinable
  public init(line: Int, character: Int) {
    self.line = line
    self.character = character
  }

  /// Reads `{line, character}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    line = try o.required("line")
    character = try o.required("character")
  }

  /// `{line, character}`.
  public var json: JSONValue { ["line": .int(line), "character": .int(character)] }

  /// Orders by line, then character.
  public static func < (a: Position, b: Position) -> Bool {
    a.line < b.line || (a.line == b.line && a.character < b.character)
  }
}

/// A range in a document; `end` is exclusive.
public struct Range: JSONConvertible, Hashable {
  /// The start (inclusive).
  public var start: Position
  /// The end (exclusive).
  public var end: Position

  /// Creates a range.
  @inlinable
  public init(start: Position, end: Position) {
    self.start = start
    self.end = end
  }

  /// Reads `{start, end}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    start = try o.required("start")
    end = try o.required("end")
  }

  /// `{start, end}`.
  public var json: JSONValue { ["start": start.json, "end": end.json] }
}

/// A range in a document named by URI.
public struct Location: JSONConvertible, Hashable {
  /// The document's URI.
  public var uri: String
  /// The range in it.
  public var range: Range

  /// Creates a location.
  public init(uri: String, range: Range) {
    self.uri = uri
    self.range = range
  }

  /// Reads `{uri, range}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    uri = try o.required("uri")
    range = try o.required("range")
  }

  /// `{uri, range}`.
  public var json: JSONValue { ["uri": .string(uri), "range": range.json] }
}

/// Names a document by URI.
public struct TextDocumentIdentifier: JSONConvertible, Hashable {
  /// The document's URI.
  public var uri: String

  /// Creates an identifier.
  public init(uri: String) { self.uri = uri }

  /// Reads `{uri}`.
  public init(json: JSONValue) throws(ResponseError) {
    uri = try JSONObjectReader(json).required("uri")
  }

  /// `{uri}`.
  public var json: JSONValue { ["uri": .string(uri)] }
}

/// Names a specific version of a document.
public struct VersionedTextDocumentIdentifier: JSONConvertible, Hashable {
  /// The document's URI.
  public var uri: String
  /// The version after the change it accompanies.
  public var version: Int

  /// Creates an identifier.
  public init(uri: String, version: Int) {
    self.uri = uri
    self.version = version
  }

  /// Reads `{uri, version}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    uri = try o.required("uri")
    version = try o.required("version")
  }

  /// `{uri, version}`.
  public var json: JSONValue { ["uri": .string(uri), "version": .int(version)] }
}

/// A document as `didOpen` transfers it.
public struct TextDocumentItem: JSONConvertible, Hashable {
  /// The document's URI.
  public var uri: String
  /// The client's language identifier (e.g. `dockerfile`).
  public var languageId: String
  /// The version number, increasing with every change.
  public var version: Int
  /// The full text.
  public var text: String

  /// Creates an item.
  public init(uri: String, languageId: String, version: Int, text: String) {
    self.uri = uri
    self.languageId = languageId
    self.version = version
    self.text = text
  }

  /// Reads `{uri, languageId, version, text}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    uri = try o.required("uri")
    languageId = try o.required("languageId")
    version = try o.required("version")
    text = try o.required("text")
  }

  /// `{uri, languageId, version, text}`.
  public var json: JSONValue {
    ["uri": .string(uri), "languageId": .string(languageId), "version": .int(version), "text": .string(text)]
  }
}

/// One change in `didChange`: a replacement of `range`, or of the whole text when `range` is nil.
public struct TextDocumentContentChangeEvent: JSONConvertible, Hashable {
  /// The replaced range; nil replaces the whole document.
  public var range: Range?
  /// The replaced range's length (deprecated in LSP; informational only).
  public var rangeLength: Int?
  /// The new text.
  public var text: String

  /// Creates a change.
  public init(range: Range? = nil, rangeLength: Int? = nil, text: String) {
    self.range = range
    self.rangeLength = rangeLength
    self.text = text
  }

  /// Reads `{range?, rangeLength?, text}`.
  public init(json: JSONValue) throws(ResponseError) {
    let o = try JSONObjectReader(json)
    range = try o.optional("range")
    rangeLength = try o.optional("rangeLength")
    text = try o.required("text")
  }

  /// `{range?, rangeLength?, text}`.
  public var json: JSONValue {
    var o: [String: JSONValue] = ["text": .string(text)]
    o.setIfPresent("range", range)
    o.setIfPresent("rangeLength", rangeLength)
    return .object(o)
  }
}
