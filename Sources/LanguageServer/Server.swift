// The language server's core: lifecycle, document synchronisation, diagnostics (push and pull), settings and
// cancellation. It reads decoded messages and writes encoded ones through closures, so tests drive it in
// process and `StdioTransport` drives it over pipes.
import DockerfileAnalysis
import DockerfileSyntax
import LanguageServerProtocol

/// The server's name and version, as `initialize` reports them.
public enum ServerInfo {
  /// The name.
  public static let name = "dockerfile-lsp"
  /// The version.
  public static let version = "0.1.0"
}

/// Where the server is in the LSP lifecycle.
public enum LifecycleState: Sendable, Equatable {
  /// Waiting for `initialize`.
  case uninitialized
  /// Serving.
  case running
  /// `shutdown` received: only `exit` is honoured.
  case shuttingDown
}

/// Settings under the `dockerfile-lsp` section.
public struct Settings: Sendable, Equatable {
  /// Publish diagnostics at all.
  public var diagnosticsEnabled = true
  /// Include warnings (BuildKit's parse warnings such as empty continuation lines).
  public var includeWarnings = true
  /// The least severe log message sent to stderr and the client.
  public var logLevel = LogLevel.info

  /// Creates default settings.
  public init() {}

  /// Reads the keys present in `json` (the contents of the `dockerfile-lsp` section), keeping the others.
  mutating func merge(_ json: JSONValue, log: (LogLevel, String) -> Void) {
    guard case .object(let o) = json else { return }
    if let d = o["diagnostics"] {
      if let v = d["enable"] {
        if let b = v.boolValue {
          diagnosticsEnabled = b
        } else {
          log(.warning, "setting diagnostics.enable must be a boolean")
        }
      }
      if let v = d["includeWarnings"] {
        if let b = v.boolValue {
          includeWarnings = b
        } else {
          log(.warning, "setting diagnostics.includeWarnings must be a boolean")
        }
      }
    }
    if let l = o["log"]?["level"] {
      if let s = l.stringValue, let level = LogLevel(rawValue: s) {
        logLevel = level
      } else {
        log(.warning, "setting log.level must be one of error, warning, info, debug")
      }
    }
  }
}

/// Log severities, most severe first.
public enum LogLevel: String, Sendable, Comparable, CaseIterable {
  case error, warning, info, debug

  var rank: Int { LogLevel.allCases.firstIndex(of: self)! }
  /// Orders by severity (error < debug).
  public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rank < b.rank }
  /// LSP's MessageType number.
  var messageType: Int { rank + 1 }
}

/// The message-handling core. Not thread-safe: one caller at a time (the transport's worker).
public final class Server {
  /// Sends an encoded message body to the client.
  let send: ([UInt8]) -> Void
  /// Writes a log line to stderr.
  let logSink: (String) -> Void
  /// Whether a request id was cancelled (checked before and during work).
  let isCancelled: (RequestID) -> Bool

  /// The lifecycle state.
  public private(set) var state = LifecycleState.uninitialized
  /// Exit code once `exit` is received; nil while running.
  public private(set) var exitCode: Int32? = nil
  /// The negotiated position encoding.
  public private(set) var encoding = PositionEncoding.utf16
  /// Open documents by URI.
  public private(set) var documents: [String: Document] = [:]
  /// Current settings.
  public private(set) var settings = Settings()
  /// Which rules run and how serious their findings are when a document has no project configuration.
  public var analysisOptions = AnalysisOptions()
  /// The latest `rules` settings from the client (they override project configuration files).
  var ruleSettings = JSONValue.null
  /// Per document: the options (project configuration + settings) and build context, computed on open and
  /// refreshed on save or when settings change.
  var documentContexts: [String: (options: AnalysisOptions, buildContext: (any BuildContext)?)] = [:]
  /// The client's process id from `initialize`, watched so the server exits when the client is gone.
  public private(set) var clientProcessID: Int32? = nil
  /// Client capabilities from `initialize`.
  var clientCapabilities = JSONValue.object([:])
  /// The client's trace level (`off`, `messages`, `verbose`).
  var trace = "off"
  /// Whether the client pulls diagnostics (then we do not push).
  var clientPullsDiagnostics = false
  /// Bumped when settings change, so pull result ids change too.
  var settingsGeneration = 0
  /// Our outgoing requests awaiting a response, by id, with what to do with the result.
  var pendingRequests: [RequestID: (Result<JSONValue, ResponseError>) -> Void] = [:]
  var nextRequestID = 1
  /// URIs with a change still queued behind the one being handled (their diagnostics would be stale).
  let hasQueuedChange: (String) -> Bool
  /// What was last published for the document published last, so that its next publish copies what did not
  /// change. One document only: a user types into one document at a time, and the cache of a document with
  /// thousands of diagnostics is megabytes (its last body, findings and ranges), so keeping one per open
  /// document would hold them for documents nobody edits. The first publish after switching documents
  /// encodes every diagnostic afresh, as the first publish of a document does.
  var published: [String: PublishedDiagnostics] = [:]
  /// Per document, the last pull report's result id and what it was computed from (the version, the settings
  /// generation, the build context's generation): asked again with that id while none of them changed, the
  /// server answers `unchanged` without analysing or converting positions.
  var pullResults: [String: (version: Int, settings: Int, context: Int, id: String)] = [:]
  /// When true, `didOpen` leaves the document's first publish to `publishDeferred()`, which the transport calls
  /// once it has released the message: a didOpen's message holds the whole text as a string, which would
  /// otherwise stay alive, beside the document's own copy, through the first analysis (the moment memory
  /// peaks when a large document is opened).
  public var defersPublishOnOpen = false
  /// Documents opened whose first publish waits for `publishDeferred()`.
  var deferredPublishes: [String] = []

  /// Creates a server that answers through `send`.
  public init(
    send: @escaping ([UInt8]) -> Void, log: @escaping (String) -> Void = { _ in },
    isCancelled: @escaping (RequestID) -> Bool = { _ in false },
    hasQueuedChange: @escaping (String) -> Bool = { _ in false }
  ) {
    self.send = send
    self.logSink = log
    self.isCancelled = isCancelled
    self.hasQueuedChange = hasQueuedChange
  }

  // MARK: Logging

  /// Logs to stderr and, by the client's trace and the log level, to the client.
  public func log(_ level: LogLevel, _ message: String) {
    guard level <= settings.logLevel else { return }
    logSink("[\(level.rawValue)] \(message)")
    guard state != .uninitialized else { return }
    if level <= .warning {
      send(
        encodeNotification(
          method: "window/logMessage", params: ["type": .int(level.messageType), "message": .string(message)]))
    }
    if trace != "off" {
      send(encodeNotification(method: "$/logTrace", params: ["message": .string("[\(level.rawValue)] \(message)")]))
    }
  }

  // MARK: Dispatch

  /// Handles one framed message body.
  public func handle(body: [UInt8]) {
    switch decodeMessage(body) {
    case .failure(let failure):
      log(.warning, "invalid message: \(failure.error.message)")
      send(encodeErrorResponse(id: failure.id, error: failure.error))
    case .success(let message):
      handle(message)
    }
  }

  /// Handles one decoded message.
  public func handle(_ message: IncomingMessage) {
    switch message {
    case .request(let id, let method, let params):
      handleRequest(id: id, method: method, params: params)
    case .notification(let method, let params):
      handleNotification(method: method, params: params)
    case .response(let id, let result):
      guard let id, let callback = pendingRequests.removeValue(forKey: id) else {
        log(.debug, "response to an unknown request \(String(describing: id))")
        return
      }
      callback(result)
    }
  }

  func handleRequest(id: RequestID, method: String, params: JSONValue?) {
    if isCancelled(id) {
      send(
        encodeErrorResponse(
          id: id, error: ResponseError(code: ErrorCode.requestCancelled, message: "request cancelled")))
      return
    }
    let result: Result<JSONValue, ResponseError>
    switch state {
    case .uninitialized where method != InitializeRequest.method:
      result = .failure(ResponseError(code: ErrorCode.serverNotInitialized, message: "server not initialized"))
    case .shuttingDown:
      result = .failure(ResponseError(code: ErrorCode.invalidRequest, message: "server is shutting down"))
    default:
      do { result = .success(try dispatchRequest(id: id, method: method, params: params ?? .null)) } catch {
        result = .failure(error)
      }
    }
    switch result {
    case .success(let value): send(encodeResponse(id: id, result: value))
    case .failure(let error): send(encodeErrorResponse(id: id, error: error))
    }
  }

  func decode<T: JSONConvertible>(_ type: T.Type, _ params: JSONValue) throws(ResponseError) -> T {
    try T(json: params)
  }

  func dispatchRequest(id: RequestID, method: String, params: JSONValue) throws(ResponseError) -> JSONValue {
    switch method {
    case InitializeRequest.method:
      guard state == .uninitialized else {
        throw ResponseError(code: ErrorCode.invalidRequest, message: "initialize was already received")
      }
      return initialize(try decode(InitializeParams.self, params)).json
    case ShutdownRequest.method:
      state = .shuttingDown
      return .null
    case DocumentDiagnosticRequest.method:
      return try documentDiagnostic(try decode(DocumentDiagnosticRequest.self, params), id: id)
    case WorkspaceDiagnosticRequest.method:
      return try workspaceDiagnostic(try decode(WorkspaceDiagnosticRequest.self, params), id: id)
    default:
      throw ResponseError(code: ErrorCode.methodNotFound, message: "method not found: \(method)")
    }
  }

  func handleNotification(method: String, params: JSONValue?) {
    let params = params ?? .null
    if method == ExitNotification.method {
      exitCode = state == .shuttingDown ? 0 : 1
      return
    }
    guard state == .running else {
      if state == .uninitialized { log(.debug, "ignoring \(method) before initialize") }
      return
    }
    do {
      switch method {
      case InitializedNotification.method:
        requestConfiguration()
        registerFileWatchers()
      case DidOpenTextDocumentNotification.method:
        didOpen(try DidOpenTextDocumentNotification(json: params))
      case DidChangeTextDocumentNotification.method:
        didChange(try DidChangeTextDocumentNotification(json: params))
      case DidCloseTextDocumentNotification.method:
        didClose(try DidCloseTextDocumentNotification(json: params))
      case DidSaveTextDocumentNotification.method, "workspace/didChangeWatchedFiles":
        // A saved or changed file may be a configuration file or a file of the build context: recompute the
        // contexts, and the diagnostics that read them.
        documentContexts = [:]
        if clientPullsDiagnostics {
          if method != DidSaveTextDocumentNotification.method { requestDiagnosticRefresh() }
        } else {
          for uri in documents.keys.sorted() { publishDiagnostics(uri) }
        }
      case DidChangeConfigurationNotification.method:
        let n = try DidChangeConfigurationNotification(json: params)
        if let section = n.settings[ServerInfo.name] {
          applySettings(section)
        } else if clientSupportsConfigurationPull {
          requestConfiguration()
        } else {
          applySettings(n.settings)
        }
      case SetTraceNotification.method:
        trace = (try SetTraceNotification(json: params)).value
      case CancelRequestNotification.method:
        break  // handled by the transport as soon as it arrives
      default:
        if !method.hasPrefix("$/") { log(.debug, "ignoring unknown notification \(method)") }
      }
    } catch {
      log(.warning, "\(method): invalid params: \(error.message)")
    }
  }

  // MARK: Lifecycle

  func initialize(_ params: InitializeParams) -> InitializeResult {
    clientCapabilities = params.capabilities.raw
    clientProcessID = params.processId.flatMap { Int32(exactly: $0) }
    let offered = params.capabilities.positionEncodings ?? []
    if offered.contains("utf-8") {
      encoding = .utf8
    } else if offered.contains("utf-32") {
      encoding = .utf32
    } else {
      encoding = .utf16
    }
    clientPullsDiagnostics = params.capabilities.supportsPullDiagnostics
    if let t = params.trace { trace = t }
    if let options = params.initializationOptions {
      applySettings(options[ServerInfo.name] ?? options, republish: false)
    }
    state = .running
    log(.info, "initialized for \(params.clientInfo?.name ?? "an unnamed client"), positions in \(encoding.rawValue)")
    return InitializeResult(
      capabilities: Server.capabilities(encoding: encoding),
      serverInfo: InitializeResult.ServerInfo(name: ServerInfo.name, version: ServerInfo.version))
  }

  /// The `capabilities` object of the initialize result.
  public static func capabilities(encoding: PositionEncoding) -> JSONValue {
    [
      "positionEncoding": .string(encoding.rawValue),
      "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]],
      "diagnosticProvider": [
        "identifier": .string(ServerInfo.name), "interFileDependencies": false, "workspaceDiagnostics": true,
      ],
    ]
  }

  var clientSupportsConfigurationPull: Bool { clientCapabilities["workspace"]?["configuration"]?.boolValue == true }

  // MARK: Settings

  /// The files whose changes outside the editor change diagnostics: ignore files, configuration files, and the
  /// manifests DF413 looks for in the build context.
  static let watchedFileGlobs: [String] =
    // `requirements.txt` on its own as well: eglot 1.9's `*` matches one character or more.
    (["**/.dockerignore", "**/*.dockerignore", "**/requirements.txt", "**/requirements*.txt", "**/requirements/*.txt"]
      + ([ProjectConfiguration.fileName] + ProjectConfiguration.hadolintFileNames
      + MissingBuildContextFile.manifests.sorted()).map { "**/" + $0 })

  /// Asks the client to report changes to `watchedFileGlobs` (`workspace/didChangeWatchedFiles`), when it
  /// registers watchers on request.
  func registerFileWatchers() {
    guard clientCapabilities["workspace"]?["didChangeWatchedFiles"]?["dynamicRegistration"]?.boolValue == true
    else { return }
    let watchers = JSONValue.array(Self.watchedFileGlobs.map { ["globPattern": .string($0)] })
    let registration = Registration(
      id: "\(ServerInfo.name)-watched-files", method: "workspace/didChangeWatchedFiles",
      registerOptions: ["watchers": watchers])
    sendRequest(RegistrationRequest.method, params: RegistrationRequest(registrations: [registration]).json)
  }

  /// Asks a pull client to pull diagnostics again (`workspace/diagnostic/refresh`), when it supports that.
  func requestDiagnosticRefresh() {
    guard clientCapabilities["workspace"]?["diagnostics"]?["refreshSupport"]?.boolValue == true else { return }
    sendRequest("workspace/diagnostic/refresh", params: nil)
  }

  func requestConfiguration() {
    guard clientSupportsConfigurationPull else { return }
    sendRequest("workspace/configuration", params: ["items": [["section": .string(ServerInfo.name)]]]) {
      [weak self] value in
      if let first = value.arrayValue?.first, !first.isNull { self?.applySettings(first) }
    }
  }

  /// Sends a request to the client under the next id; `onSuccess` gets its result, and a failure is logged.
  func sendRequest(_ method: String, params: JSONValue?, onSuccess: @escaping (JSONValue) -> Void = { _ in }) {
    let id = RequestID.int(nextRequestID)
    nextRequestID += 1
    pendingRequests[id] = { [weak self] result in
      switch result {
      case .success(let value): onSuccess(value)
      case .failure(let error): self?.log(.warning, "\(method) failed: \(error.message)")
      }
    }
    send(encodeRequest(id: id, method: method, params: params))
  }

  func applySettings(_ json: JSONValue, republish: Bool = true) {
    var s = settings
    s.merge(json) { level, message in log(level, message) }
    var rulesChanged = false
    if case .object(let o) = json, let rules = o["rules"], rules != ruleSettings {
      ruleSettings = rules
      documentContexts = [:]
      rulesChanged = true
      let (_, problems) = applyingSettings(json, to: analysisOptions)
      for p in problems { log(.warning, p) }
    }
    guard s != settings || rulesChanged else { return }
    settings = s
    settingsGeneration += 1
    log(.info, "settings changed")
    if republish && !clientPullsDiagnostics {
      for uri in documents.keys.sorted() { publishDiagnostics(uri) }
    }
  }

  // MARK: Documents

  func didOpen(_ n: DidOpenTextDocumentNotification) {
    let item = n.textDocument
    guard isDockerfileLanguage(item.languageId) || isDockerfileName(item.uri) else {
      log(.info, "not a Dockerfile, ignoring: \(item.uri) (\(item.languageId))")
      return
    }
    documents[item.uri] = Document(
      uri: item.uri, languageId: item.languageId, version: item.version, text: Self.editableText(item.text))
    published[item.uri] = nil
    // A document opened again without a close starts afresh: a new analysis cache, its context read again.
    pullResults[item.uri] = nil
    documentContexts[item.uri] = nil
    if defersPublishOnOpen {
      deferredPublishes.append(item.uri)
    } else {
      publishDiagnostics(item.uri)
    }
  }

  /// Publishes what `didOpen` deferred (see `defersPublishOnOpen`), for documents still open.
  public func publishDeferred() {
    guard !deferredPublishes.isEmpty else { return }
    let uris = deferredPublishes
    deferredPublishes = []
    for uri in uris where documents[uri] != nil { publishDiagnostics(uri) }
  }

  func didChange(_ n: DidChangeTextDocumentNotification) {
    let uri = n.textDocument.uri
    // Take the document out of the dictionary while editing it, so its text is edited in place, not copied.
    guard var doc = documents.removeValue(forKey: uri) else {
      log(.warning, "didChange for a document that is not open: \(uri)")
      return
    }
    defer { documents[uri] = doc }
    do {
      let unchanged = try doc.apply(n.contentChanges, encoding: encoding)
      published[uri]?.noteEdit(unchanged)
    } catch {
      log(
        .error, "rejected didChange for \(uri) version \(n.textDocument.version): \(error.description); text unchanged")
      return
    }
    doc.version = n.textDocument.version
    if !hasQueuedChange(uri) { publishDiagnostics(uri, doc) }
  }

  func didClose(_ n: DidCloseTextDocumentNotification) {
    guard documents.removeValue(forKey: n.textDocument.uri) != nil else { return }
    documentContexts[n.textDocument.uri] = nil
    published[n.textDocument.uri] = nil
    pullResults[n.textDocument.uri] = nil
    if !clientPullsDiagnostics {
      send(
        encodeNotification(
          method: PublishDiagnosticsNotification.method,
          params: PublishDiagnosticsNotification(uri: n.textDocument.uri, version: nil, diagnostics: []).json))
    }
  }

  // MARK: Diagnostics

  /// The diagnostics of an open document: the findings of every enabled rule (the same call `check` makes).
  public func diagnostics(for doc: Document) -> [Diagnostic] {
    let findings = findings(for: doc).filter { settings.includeWarnings || $0.severity == .error }
    // Findings come sorted by offset: one cursor walks the line index forward instead of searching it anew.
    var positions = doc.lineIndex.cursor(in: doc.text, encoding: encoding)
    return findings.map { Self.diagnostic($0, range: positions.range(of: $0.range)) }
  }

  /// The findings of an open document, sorted by offset (warnings included: see `settings.includeWarnings`).
  func findings(for doc: Document) -> [Finding] {
    guard settings.diagnosticsEnabled else { return [] }
    // A context worked out again reads the files beside the Dockerfile again: results of rules that read
    // them are stale.
    if documentContexts[doc.uri] == nil { doc.analysisCache.buildContextGeneration += 1 }
    let (options, buildContext) = analysisContext(for: doc.uri)
    return analyze(doc.tree, options: options, buildContext: buildContext, cache: doc.analysisCache)
  }

  /// A finding's diagnostic. It depends on nothing but the finding's code, severity and message and the range
  /// (`PublishedDiagnostics` relies on it).
  static func diagnostic(_ f: Finding, range: LanguageServerProtocol.Range) -> Diagnostic {
    let severity: DiagnosticSeverity
    switch f.severity {
    case .error: severity = .error
    case .warning: severity = .warning
    case .info: severity = .information
    case .hint: severity = .hint
    }
    return Diagnostic(
      range: range, severity: severity, code: .string(f.code), codeDescription: codeDescription(of: f.code),
      source: ServerInfo.name, message: f.message, tags: nil, relatedInformation: nil, data: nil)
  }

  /// Each rule's documentation link, by code.
  static let codeDescriptions: [String: CodeDescription] = Dictionary(
    RuleRegistry.all.map { ($0.descriptor.code, CodeDescription(href: $0.descriptor.documentationURL)) },
    uniquingKeysWith: { a, _ in a })

  /// The links of codes `DF000`...`DF999` by number: every code is of that form, and reading three digits is
  /// much cheaper than hashing the code for each of thousands of findings.
  static let codeDescriptionsByNumber: [CodeDescription?] = {
    var table = [CodeDescription?](repeating: nil, count: 1000)
    for (code, description) in codeDescriptions {
      if let n = dfNumber(code) { table[n] = description }
    }
    return table
  }()

  /// The documentation link of a rule's code.
  static func codeDescription(of code: String) -> CodeDescription? {
    if let n = dfNumber(code) { return codeDescriptionsByNumber[n] }
    return codeDescriptions[code]
  }

  /// The number of a `DF` code with three digits, nil for any other string.
  static func dfNumber(_ code: String) -> Int? {
    var utf8 = code.utf8.makeIterator()
    guard utf8.next() == UInt8(ascii: "D"), utf8.next() == UInt8(ascii: "F") else { return nil }
    var n = 0
    for _ in 0..<3 {
      guard let b = utf8.next(), b &- UInt8(ascii: "0") < 10 else { return nil }
      n = n * 10 + Int(b &- UInt8(ascii: "0"))
    }
    return utf8.next() == nil ? n : nil
  }

  /// The options and build context for a document: its project configuration file (found by walking up from
  /// a `file:` URI's directory) with the client's `rules` settings on top, and the files beside it.
  func analysisContext(for uri: String) -> (options: AnalysisOptions, buildContext: (any BuildContext)?) {
    if let known = documentContexts[uri] { return known }
    var options = analysisOptions
    var buildContext: (any BuildContext)? = nil
    if let path = filePath(fromURI: uri) {
      let project = ProjectConfiguration.load(forDockerfileAt: path)
      if project.source != nil { options = project.options }
      for p in project.problems { log(.warning, "\(p)") }
      buildContext = FileSystemBuildContext(dockerfilePath: path)
    }
    if case .object = ruleSettings {
      options = applyingSettings(.object(["rules": ruleSettings]), to: options).0
    }
    documentContexts[uri] = (options, buildContext)
    return (options, buildContext)
  }

  /// A document's text with the room to grow the tree gives a text it edits (`SyntaxTree.editableCapacity`): an
  /// opened text stored at its exact size was copied by the first keystroke, and two copies of an 18,000-line
  /// text were the server's peak.
  static func editableText(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(SyntaxTree.editableCapacity(forCount: text.utf8.count))
    bytes.append(contentsOf: text.utf8)
    return bytes
  }

  func publishDiagnostics(_ uri: String, _ document: Document? = nil) {
    guard !clientPullsDiagnostics, let doc = document ?? documents[uri] else { return }
    if published[uri] == nil && !published.isEmpty { published.removeAll() }
    var findings = findings(for: doc)
    // How these findings relate to the previous body's, when that was made of the analysis before this one.
    let cache = doc.analysisCache
    let errorsOnly = !settings.includeWarnings
    var change: FindingsChange? = nil
    if let source = published[uri]?.source, source.generation == cache.findingsGeneration - 1,
      source.errorsOnly == errorsOnly
    {
      change = cache.findingsChange
    }
    if errorsOnly {
      // The same change among the errors alone: count the errors before it and after it.
      let all = findings
      findings.removeAll { $0.severity != .error }
      if var c = change, let previousCount = published[uri]?.ranges.count {
        let errorsBefore = all[..<c.prefix].count { $0.severity == .error }
        let errorsAfter = all[c.newSuffix...].count { $0.severity == .error }
        c.prefix = errorsBefore
        c.newSuffix = findings.count - errorsAfter
        c.oldSuffix = previousCount - errorsAfter
        change = c
      }
    }
    // With diagnostics turned off nothing was analysed: the next body relates to no analysis.
    published[uri, default: PublishedDiagnostics()].source =
      settings.diagnosticsEnabled ? (cache.findingsGeneration, errorsOnly) : nil
    var positions = doc.lineIndex.cursor(in: doc.text, encoding: encoding)
    // No body: the client has these diagnostics already.
    if let body = published[uri, default: PublishedDiagnostics()].body(
      uri: uri, version: doc.version, findings: findings, change: change, positions: &positions,
      diagnostic: Self.diagnostic)
    {
      send(body)
    }
  }

  /// A pull report's `resultId`: a digest of its diagnostics, so that a client asking again after edits that
  /// left them as they were (typing on a line without findings, say) is answered `unchanged` and need not be
  /// sent thousands of diagnostics again. (A client keeps result ids only while the server runs; the digest
  /// is seeded per process.)
  static func resultID(_ items: [Diagnostic]) -> String {
    var hasher = Hasher()
    hasher.combine(items)
    let digest = UInt64(bitPattern: Int64(hasher.finalize()))
    let hex = String(digest, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// A pull report for `doc`, `unchanged` when its diagnostics are those of `previous`.
  func pullReport(_ doc: Document, previous: String?) -> DocumentDiagnosticReport {
    // Nothing they depend on changed since the last report: the same diagnostics, the same id.
    if let last = pullResults[doc.uri], let previous, last.id == previous, last.version == doc.version,
      last.settings == settingsGeneration, documentContexts[doc.uri] != nil,
      last.context == doc.analysisCache.buildContextGeneration
    {
      return .unchanged(resultId: previous)
    }
    let items = diagnostics(for: doc)
    let rid = Self.resultID(items)
    pullResults[doc.uri] = (doc.version, settingsGeneration, doc.analysisCache.buildContextGeneration, rid)
    return previous == rid ? .unchanged(resultId: rid) : .full(resultId: rid, items: items)
  }

  func documentDiagnostic(_ p: DocumentDiagnosticRequest, id: RequestID) throws(ResponseError) -> JSONValue {
    guard let doc = documents[p.textDocument.uri] else {
      throw ResponseError(code: ErrorCode.invalidParams, message: "document is not open: \(p.textDocument.uri)")
    }
    return pullReport(doc, previous: p.previousResultId).json
  }

  func workspaceDiagnostic(_ p: WorkspaceDiagnosticRequest, id: RequestID) throws(ResponseError) -> JSONValue {
    let previous = Dictionary(p.previousResultIds.map { ($0.uri, $0.value) }, uniquingKeysWith: { a, _ in a })
    var items: [JSONValue] = []
    for uri in documents.keys.sorted() {
      if isCancelled(id) { throw ResponseError(code: ErrorCode.requestCancelled, message: "request cancelled") }
      let doc = documents[uri]!
      var item = pullReport(doc, previous: previous[uri]).json.objectValue ?? [:]
      item["uri"] = .string(uri)
      item["version"] = .int(doc.version)
      items.append(.object(item))
    }
    return ["items": .array(items)]
  }
}

/// The local path of a `file:` URI (percent-decoded), nil for other schemes or a malformed URI.
func filePath(fromURI uri: String) -> String? {
  guard uri.hasPrefix("file://") else { return nil }
  var rest = Array(uri.utf8.dropFirst(7))
  // `file://host/path`: only an empty host or localhost is local.
  if rest.first != UInt8(ascii: "/") {
    guard let slash = rest.firstIndex(of: UInt8(ascii: "/")),
      String(decoding: rest[..<slash], as: UTF8.self).lowercased() == "localhost"
    else { return nil }
    rest = Array(rest[slash...])
  }
  var out: [UInt8] = []
  var i = 0
  while i < rest.count {
    if rest[i] == UInt8(ascii: "%") {
      guard i + 2 < rest.count, let hi = hexValue(rest[i + 1]), let lo = hexValue(rest[i + 2]) else { return nil }
      out.append(hi << 4 | lo)
      i += 3
    } else {
      out.append(rest[i])
      i += 1
    }
  }
  guard !out.contains(0) else { return nil }
  return String(decoding: out, as: UTF8.self)
}

private func hexValue(_ b: UInt8) -> UInt8? {
  switch b {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
  case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
  case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
  default: return nil
  }
}
