// The direct encoding of publishDiagnostics writes exactly the bytes that the generic JSON path writes.
import Testing

@testable import LanguageServerProtocol

@Suite("publishDiagnostics encoding")
struct PublishDiagnosticsEncodingTests {
  static func range(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Range {
    Range(start: Position(line: a, character: b), end: Position(line: c, character: d))
  }

  static let diagnostics: [Diagnostic] = [
    Diagnostic(
      range: range(0, 0, 0, 4), severity: .warning, code: .string("DF401"),
      codeDescription: CodeDescription(href: "https://example.com/rules.md#df401"), source: "dockerfile-lsp",
      message: "quote \" backslash \\ newline \n tab \t control \u{01} line separator \u{2028} é 𝄞", tags: nil,
      relatedInformation: nil, data: nil),
    Diagnostic(
      range: range(3, 7, 12, 0), severity: nil, code: .int(42), codeDescription: nil, source: nil, message: "",
      tags: [.unnecessary, .deprecated],
      relatedInformation: [
        DiagnosticRelatedInformation(
          location: Location(uri: "file:///a/Dockerfile", range: range(1, 2, 3, 4)), message: "here")
      ], data: .object(["b": .array([.int(1), .null]), "a": .bool(true)])),
    Diagnostic(
      range: range(100_000, 1, 100_000, 2), severity: .hint, code: nil, codeDescription: nil, source: "x",
      message: "m", tags: [], relatedInformation: [], data: .null),
  ]

  @Test(arguments: [nil, 0, 7, Int.max] as [Int?])
  func directEncodingMatchesTheGenericOne(_ version: Int?) {
    for count in [0, 1, 3] {
      let n = PublishDiagnosticsNotification(
        uri: "file:///w/Dockerfile?x=\"y\"", version: version, diagnostics: Array(Self.diagnostics.prefix(count)))
      let generic = encodeNotification(method: PublishDiagnosticsNotification.method, params: n.json)
      #expect(n.encodedBody == generic, "\(String(decoding: n.encodedBody, as: UTF8.self))")
    }
  }
}
