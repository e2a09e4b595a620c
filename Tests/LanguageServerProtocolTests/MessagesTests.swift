// Checks every typed message with a JSON round trip (json → type → json) and that wrong input is rejected with
// `invalidParams` and a message naming the field.
import Testing

@testable import LanguageServerProtocol

/// Decodes `text` as `T` and checks that encoding gives the same JSON back.
func expectRoundTrip<T: JSONConvertible & Equatable>(
  _ type: T.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  do {
    let json = try parseJSON(Array(text.utf8))
    let value = try T(json: json)
    #expect(value.json == json, "\(T.self)", sourceLocation: sourceLocation)
    #expect(try T(json: value.json) == value, "\(T.self)", sourceLocation: sourceLocation)
  } catch {
    Issue.record("\(T.self): \(error)", sourceLocation: sourceLocation)
  }
}

/// The invalidParams message for decoding `text` as `T`, or nil when it decodes.
func decodingMessage<T: JSONConvertible>(_ type: T.Type, _ text: String) -> String? {
  do {
    _ = try T(json: try parseJSON(Array(text.utf8)))
    return nil
  } catch let error as ResponseError {
    #expect(error.code == ErrorCode.invalidParams)
    return error.message
  } catch {
    return "\(error)"
  }
}

/// A range in JSON.
let sampleRange = #"{"start":{"line":1,"character":2},"end":{"line":3,"character":4}}"#
/// A diagnostic with every field, in JSON.
let sampleDiagnostic = #"""
  {"range":\#(sampleRange),"severity":2,"code":"DL3006","codeDescription":{"href":"https://example.com/DL3006"},
   "source":"dockerfile-lsp","message":"Always tag the image","tags":[1,2],
   "relatedInformation":[{"location":{"uri":"file:///a","range":\#(sampleRange)},"message":"here"}],"data":{"fix":[1]}}
  """#

/// JSON round trips of every message type.
@Suite struct MessagesRoundTripTests {
  /// Positions, ranges, locations and document identifiers.
  @Test func basicStructures() {
    expectRoundTrip(Position.self, #"{"line":0,"character":5}"#)
    expectRoundTrip(Range.self, sampleRange)
    expectRoundTrip(Location.self, #"{"uri":"file:///x/Dockerfile","range":\#(sampleRange)}"#)
    expectRoundTrip(TextDocumentIdentifier.self, #"{"uri":"file:///x"}"#)
    expectRoundTrip(VersionedTextDocumentIdentifier.self, #"{"uri":"file:///x","version":7}"#)
    expectRoundTrip(TextDocumentItem.self, #"{"uri":"u","languageId":"dockerfile","version":1,"text":"FROM a\n"}"#)
    expectRoundTrip(TextDocumentContentChangeEvent.self, #"{"text":"whole"}"#)
    expectRoundTrip(TextDocumentContentChangeEvent.self, #"{"range":\#(sampleRange),"rangeLength":3,"text":"x"}"#)
  }

  /// Diagnostics and the push and pull diagnostic messages.
  @Test func diagnostics() {
    expectRoundTrip(Diagnostic.self, sampleDiagnostic)
    expectRoundTrip(Diagnostic.self, #"{"range":\#(sampleRange),"message":"m"}"#)
    expectRoundTrip(Diagnostic.self, #"{"range":\#(sampleRange),"message":"m","code":42}"#)
    expectRoundTrip(DiagnosticSeverity.self, "4")
    expectRoundTrip(DiagnosticTag.self, "2")
    expectRoundTrip(DiagnosticCode.self, "\"x\"")
    expectRoundTrip(CodeDescription.self, #"{"href":"https://x"}"#)
    expectRoundTrip(
      DiagnosticRelatedInformation.self, #"{"location":{"uri":"u","range":\#(sampleRange)},"message":"m"}"#)
    expectRoundTrip(
      PublishDiagnosticsNotification.self, #"{"uri":"u","version":3,"diagnostics":[\#(sampleDiagnostic)]}"#)
    expectRoundTrip(PublishDiagnosticsNotification.self, #"{"uri":"u","diagnostics":[]}"#)
    expectRoundTrip(
      DocumentDiagnosticRequest.self, #"{"textDocument":{"uri":"u"},"identifier":"d","previousResultId":"1-0"}"#)
    expectRoundTrip(DocumentDiagnosticRequest.self, #"{"textDocument":{"uri":"u"}}"#)
    expectRoundTrip(DocumentDiagnosticReport.self, #"{"kind":"full","resultId":"r","items":[\#(sampleDiagnostic)]}"#)
    expectRoundTrip(DocumentDiagnosticReport.self, #"{"kind":"full","items":[]}"#)
    expectRoundTrip(DocumentDiagnosticReport.self, #"{"kind":"unchanged","resultId":"r"}"#)
    expectRoundTrip(
      WorkspaceDiagnosticRequest.self, #"{"identifier":"d","previousResultIds":[{"uri":"u","value":"v"}]}"#)
    expectRoundTrip(PreviousResultId.self, #"{"uri":"u","value":"v"}"#)
    expectRoundTrip(
      WorkspaceDiagnosticReport.self,
      #"""
      {"items":[{"kind":"full","resultId":"1","items":[\#(sampleDiagnostic)],"uri":"a","version":2},
                {"kind":"unchanged","resultId":"2","uri":"b","version":null}]}
      """#)
    expectRoundTrip(
      WorkspaceDocumentDiagnosticReport.self, #"{"kind":"unchanged","resultId":"2","uri":"b","version":5}"#)
  }

  /// Initialize, initialized, shutdown and exit.
  @Test func lifecycle() {
    let capabilities = #"""
      {"general":{"positionEncodings":["utf-8","utf-16"]},
       "textDocument":{"publishDiagnostics":{"versionSupport":true},"diagnostic":{"dynamicRegistration":false}},
       "workspace":{"configuration":true,"workspaceFolders":true},"window":{"workDoneProgress":true}}
      """#
    expectRoundTrip(
      InitializeParams.self,
      #"""
      {"processId":123,"clientInfo":{"name":"Neovim","version":"0.10"},"locale":"en","rootPath":"/w",
       "rootUri":"file:///w","initializationOptions":{"dockerfile-lsp":{"log":{"level":"debug"}}},
       "capabilities":\#(capabilities),"trace":"off","workspaceFolders":[{"uri":"file:///w","name":"w"}]}
      """#)
    expectRoundTrip(InitializeRequest.self, #"{"processId":null,"rootUri":null,"capabilities":{}}"#)
    expectRoundTrip(InitializeParams.ClientInfo.self, #"{"name":"x"}"#)
    expectRoundTrip(WorkspaceFolder.self, #"{"uri":"file:///w","name":"w"}"#)
    expectRoundTrip(ClientCapabilities.self, capabilities)
    expectRoundTrip(PositionEncodingKind.self, "\"utf-32\"")
    expectRoundTrip(
      InitializeResult.self,
      #"{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":2},"serverInfo":{"name":"s","version":"1"}}"#)
    expectRoundTrip(InitializeResult.self, #"{"capabilities":{}}"#)
    expectRoundTrip(InitializeResult.ServerInfo.self, #"{"name":"s"}"#)
    expectRoundTrip(InitializedNotification.self, "{}")
    expectRoundTrip(ShutdownRequest.self, "null")
    expectRoundTrip(ShutdownRequest.Response.self, "null")
    expectRoundTrip(ExitNotification.self, "null")
  }

  /// Open, change, close and save.
  @Test func textSynchronization() {
    let item = #"{"uri":"file:///Dockerfile","languageId":"dockerfile","version":1,"text":"FROM alpine\n"}"#
    expectRoundTrip(DidOpenTextDocumentNotification.self, #"{"textDocument":\#(item)}"#)
    expectRoundTrip(
      DidChangeTextDocumentNotification.self,
      #"{"textDocument":{"uri":"u","version":2},"#
        + #""contentChanges":[{"range":\#(sampleRange),"text":"é"},{"text":"all"}]}"#
    )
    expectRoundTrip(DidCloseTextDocumentNotification.self, #"{"textDocument":{"uri":"u"}}"#)
    expectRoundTrip(DidSaveTextDocumentNotification.self, #"{"textDocument":{"uri":"u"},"text":"t"}"#)
    expectRoundTrip(DidSaveTextDocumentNotification.self, #"{"textDocument":{"uri":"u"}}"#)
  }

  /// Cancellation, tracing and window messages.
  @Test func generalAndWindow() {
    expectRoundTrip(CancelRequestNotification.self, #"{"id":4}"#)
    expectRoundTrip(CancelRequestNotification.self, #"{"id":"abc"}"#)
    expectRoundTrip(SetTraceNotification.self, #"{"value":"verbose"}"#)
    expectRoundTrip(LogTraceNotification.self, #"{"message":"m","verbose":"v"}"#)
    expectRoundTrip(LogTraceNotification.self, #"{"message":"m"}"#)
    expectRoundTrip(MessageType.self, "1")
    expectRoundTrip(LogMessageNotification.self, #"{"type":4,"message":"log line"}"#)
    expectRoundTrip(ShowMessageNotification.self, #"{"type":1,"message":"broken"}"#)
  }

  /// Configuration and registration.
  @Test func workspace() {
    expectRoundTrip(
      DidChangeConfigurationNotification.self, #"{"settings":{"dockerfile-lsp":{"diagnostics":{"enable":false}}}}"#)
    expectRoundTrip(DidChangeConfigurationNotification.self, #"{"settings":null}"#)
    expectRoundTrip(ConfigurationRequest.self, #"{"items":[{"scopeUri":"file:///w","section":"dockerfile-lsp"},{}]}"#)
    expectRoundTrip(ConfigurationItem.self, #"{"section":"s"}"#)
    expectRoundTrip(ConfigurationRequest.Response.self, #"[{"a":1},null]"#)
    expectRoundTrip(
      RegistrationRequest.self,
      #"{"registrations":[{"id":"1","method":"workspace/didChangeConfiguration","registerOptions":{"section":"x"}},"#
        + #"{"id":"2","method":"m"}]}"#
    )
    expectRoundTrip(Registration.self, #"{"id":"1","method":"m"}"#)
    expectRoundTrip(RegistrationRequest.Response.self, "null")
  }

  /// The conformances of the basic types.
  @Test func basicConformances() throws {
    expectRoundTrip(JSONValue.self, #"{"any":[1,"x",null]}"#)
    expectRoundTrip(String?.self, "null")
    expectRoundTrip(String?.self, "\"s\"")
    expectRoundTrip([Int].self, "[1,2,3]")
    expectRoundTrip(String.self, "\"s\"")
    expectRoundTrip(Int.self, "-7")
    expectRoundTrip(Bool.self, "false")
    expectRoundTrip(VoidResult.self, "null")
    #expect(try Int(json: 3.0) == 3)
    #expect(try Double(json: 3) == 3)
  }
}

/// Decoding rules and errors.
@Suite struct MessagesDecodingTests {
  /// Every method name is LSP's.
  @Test func methodNames() {
    #expect(InitializeRequest.method == "initialize")
    #expect(InitializedNotification.method == "initialized")
    #expect(ShutdownRequest.method == "shutdown")
    #expect(ExitNotification.method == "exit")
    #expect(DidOpenTextDocumentNotification.method == "textDocument/didOpen")
    #expect(DidChangeTextDocumentNotification.method == "textDocument/didChange")
    #expect(DidCloseTextDocumentNotification.method == "textDocument/didClose")
    #expect(DidSaveTextDocumentNotification.method == "textDocument/didSave")
    #expect(PublishDiagnosticsNotification.method == "textDocument/publishDiagnostics")
    #expect(DocumentDiagnosticRequest.method == "textDocument/diagnostic")
    #expect(WorkspaceDiagnosticRequest.method == "workspace/diagnostic")
    #expect(CancelRequestNotification.method == "$/cancelRequest")
    #expect(SetTraceNotification.method == "$/setTrace")
    #expect(LogTraceNotification.method == "$/logTrace")
    #expect(LogMessageNotification.method == "window/logMessage")
    #expect(ShowMessageNotification.method == "window/showMessage")
    #expect(DidChangeConfigurationNotification.method == "workspace/didChangeConfiguration")
    #expect(ConfigurationRequest.method == "workspace/configuration")
    #expect(RegistrationRequest.method == "client/registerCapability")
  }

  /// Decoding errors are invalidParams with the path of the offending field.
  @Test func errorsNameTheField() {
    #expect(
      decodingMessage(
        DidChangeTextDocumentNotification.self,
        #"{"textDocument":{"uri":"u","version":1},"contentChanges":[{"text":""},"#
          + #"{"range":{"start":{"line":"x","character":0},"end":{"line":0,"character":0}},"text":""}]}"#
      ) == "contentChanges[1].range.start.line: expected an integer, got a string")
    #expect(
      decodingMessage(
        DidOpenTextDocumentNotification.self, #"{"textDocument":{"languageId":"d","version":1,"text":""}}"#)
        == "textDocument.uri: required but missing")
    #expect(decodingMessage(Position.self, "[]") == "expected an object, got an array")
    #expect(decodingMessage(TextDocumentIdentifier.self, #"{"uri":null}"#) == "uri: expected a string, got null")
    #expect(
      decodingMessage(Diagnostic.self, #"{"range":\#(sampleRange),"message":"m","severity":9}"#)?.hasPrefix(
        "severity: expected") == true)
    #expect(
      decodingMessage(Diagnostic.self, #"{"range":\#(sampleRange),"message":"m","code":true}"#)
        == "code: expected an integer or a string, got a boolean")
    #expect(
      decodingMessage(DocumentDiagnosticReport.self, #"{"kind":"partial"}"#)
        == #"kind: expected "full" or "unchanged", got "partial""#)
    #expect(decodingMessage([[Int]].self, "[[1],[2,\"x\"]]") == "[1][1]: expected an integer, got a string")
    #expect(
      decodingMessage(InitializeParams.self, #"{"capabilities":[]}"#)
        == "capabilities: expected an object, got an array")
    #expect(
      decodingMessage(CancelRequestNotification.self, #"{"id":[1]}"#)
        == "id: expected an integer or a string, got an array")
    #expect(
      decodingMessage(LogMessageNotification.self, #"{"type":0,"message":"m"}"#)?.hasPrefix("type: expected") == true)
  }

  /// Missing or null optional fields are nil; unknown fields are ignored.
  @Test func missingOptionalsAreNilAndUnknownFieldsIgnored() throws {
    let p = try InitializeParams(json: ["capabilities": [:], "futureField": [1, 2]])
    #expect(p.processId == nil && p.rootUri == nil && p.clientInfo == nil && p.trace == nil)
    #expect(try InitializeParams(json: [:]).capabilities.raw == [:])
    let d = try Diagnostic(json: [
      "range": try parseJSON(Array(sampleRange.utf8)), "message": "m", "severity": nil, "x": 1,
    ])
    #expect(d.severity == nil && d.code == nil && d.data == nil)
    #expect(try DidChangeConfigurationNotification(json: [:]).settings == nil)
    #expect(try String?(json: nil) == nil)
  }

  /// Client capability accessors read the right paths.
  @Test func clientCapabilityAccessors() throws {
    let full = try ClientCapabilities(
      json: [
        "general": ["positionEncodings": ["utf-32", 5, "utf-8"]],
        "textDocument": ["publishDiagnostics": ["versionSupport": true], "diagnostic": [:]],
        "workspace": ["configuration": true, "workspaceFolders": true],
        "window": ["workDoneProgress": true],
      ])
    #expect(full.positionEncodings == [.utf32, .utf8])
    #expect(full.positionEncodings?.contains("utf-8") == true)
    #expect(full.publishDiagnosticsVersionSupport)
    #expect(full.supportsPullDiagnostics)
    #expect(full.supportsConfiguration)
    #expect(full.supportsWorkspaceFolders)
    #expect(full.supportsWorkDoneProgress)
    let empty = ClientCapabilities()
    #expect(empty.positionEncodings == nil)
    #expect(!empty.publishDiagnosticsVersionSupport)
    #expect(!empty.supportsPullDiagnostics)
    #expect(!empty.supportsConfiguration)
    #expect(!empty.supportsWorkspaceFolders)
    #expect(!empty.supportsWorkDoneProgress)
    let off = try ClientCapabilities(json: ["workspace": ["configuration": false], "textDocument": ["diagnostic": nil]])
    #expect(!off.supportsConfiguration && !off.supportsPullDiagnostics)
  }

  /// Typed values encode to the expected bytes.
  @Test func typedValuesEncodeAsExpected() {
    let r = Range(start: Position(line: 0, character: 1), end: Position(line: 0, character: 4))
    let d = Diagnostic(range: r, severity: .error, code: "E1", source: "s", message: "m")
    #expect(
      serialized(d.json)
        == #"{"code":"E1","message":"m","range":{"end":{"character":4,"line":0},"start":{"character":1,"line":0}},"#
        + #""severity":1,"source":"s"}"#
    )
    let report = WorkspaceDocumentDiagnosticReport(uri: "u", version: nil, report: .full(resultId: nil, items: []))
    #expect(serialized(report.json) == #"{"items":[],"kind":"full","uri":"u","version":null}"#)
    #expect(
      serialized(PublishDiagnosticsNotification(uri: "u", diagnostics: []).json) == #"{"diagnostics":[],"uri":"u"}"#)
    #expect(serialized(InitializeParams().json) == #"{"capabilities":{},"processId":null,"rootUri":null}"#)
    #expect(Position(line: 1, character: 9) < Position(line: 2, character: 0))
    #expect(DiagnosticSeverity.hint.rawValue == 4 && MessageType.log.rawValue == 4)
    #expect(PositionEncodingKind.utf16.rawValue == "utf-16")
  }
}
