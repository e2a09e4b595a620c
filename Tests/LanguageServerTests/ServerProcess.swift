// Drives the built `dockerfile-lsp serve` over pipes: framing, reading with deadlines, partial matching.
import Foundation
import LanguageServerProtocol

/// The server binary: `$DOCKERFILE_LSP_BINARY` (CI points it at the release build), else the built
/// executable beside the test bundle.
let serverExecutable: URL = {
  if let path = ProcessInfo.processInfo.environment["DOCKERFILE_LSP_BINARY"], !path.isEmpty {
    return URL(fileURLWithPath: path)
  }
  var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  for _ in 0..<3 {
    let candidate = dir.appendingPathComponent("dockerfile-lsp")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    dir = dir.deletingLastPathComponent()
  }
  return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent(".build/debug/dockerfile-lsp")
}()

/// The repository root.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// A running server process with helpers to talk to it.
final class ServerProcess: @unchecked Sendable {
  let process = Process()
  let stdin = Pipe()
  let stdout = Pipe()
  let stderr = Pipe()
  private let lock = NSLock()
  private var decoder = FrameDecoder()
  private var inbox: [JSONValue] = []
  private var stderrText = Data()
  private var framingErrorCount = 0
  private let arrived = DispatchSemaphore(value: 0)

  init(arguments: [String] = ["serve"]) throws {
    process.executableURL = serverExecutable
    process.arguments = arguments
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    stdout.fileHandleForReading.readabilityHandler = { [weak self] h in
      let data = h.availableData
      guard let self, !data.isEmpty else { return }
      self.lock.lock()
      var count = 0
      for event in self.decoder.push(Array(data)) {
        switch event {
        case .message(let body):
          if let value = try? parseJSON(body) {
            self.inbox.append(value)
            count += 1
          } else {
            self.framingErrorCount += 1
          }
        case .error:
          self.framingErrorCount += 1
        }
      }
      self.lock.unlock()
      for _ in 0..<count { self.arrived.signal() }
    }
    stderr.fileHandleForReading.readabilityHandler = { [weak self] h in
      let data = h.availableData
      guard let self else { return }
      self.lock.lock()
      self.stderrText.append(data)
      self.lock.unlock()
    }
    try process.run()
  }

  /// Writes raw bytes to the server's stdin.
  func writeRaw(_ bytes: [UInt8]) { stdin.fileHandleForWriting.write(Data(bytes)) }

  /// Sends one message with correct framing.
  func send(_ message: JSONValue) { writeRaw(encodeFrame(serializeJSON(message))) }

  /// Sends a request.
  func request(_ id: Int, _ method: String, _ params: JSONValue = .object([:])) {
    send(["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params])
  }

  /// Sends a notification.
  func notify(_ method: String, _ params: JSONValue = .object([:])) {
    send(["jsonrpc": "2.0", "method": .string(method), "params": params])
  }

  /// Waits for the next message satisfying `predicate` (others are kept), or nil after `timeout` seconds.
  func next(timeout: Double = 10, where predicate: (JSONValue) -> Bool) -> JSONValue? {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      lock.lock()
      if let i = inbox.firstIndex(where: predicate) {
        let m = inbox.remove(at: i)
        lock.unlock()
        return m
      }
      lock.unlock()
      let left = deadline.timeIntervalSinceNow
      if left <= 0 { return nil }
      _ = arrived.wait(timeout: .now() + min(left, 0.2))
    }
  }

  /// The response to request `id`.
  func response(_ id: Int, timeout: Double = 10) -> JSONValue? {
    next(timeout: timeout) { $0["id"] == .int(id) && $0["method"] == nil }
  }

  /// The next notification with this method.
  func notification(_ method: String, timeout: Double = 10) -> JSONValue? {
    next(timeout: timeout) { $0["method"]?.stringValue == method && $0["id"] == nil }
  }

  /// Frames that were malformed or held invalid JSON.
  var framingErrors: Int {
    lock.lock()
    defer { lock.unlock() }
    return framingErrorCount
  }

  /// Everything the server wrote to stderr so far.
  var stderrOutput: String {
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: stderrText, as: UTF8.self)
  }

  /// Initializes with the given client capabilities.
  func initialize(capabilities: JSONValue = .object([:]), options: JSONValue? = nil) -> JSONValue? {
    var params: JSONValue = ["processId": .null, "rootUri": .null, "capabilities": capabilities]
    if let options, case .object(var o) = params {
      o["initializationOptions"] = options
      params = .object(o)
    }
    request(1, "initialize", params)
    let r = response(1)
    notify("initialized")
    return r
  }

  /// Closes stdin and waits for the exit code (nil if it does not exit within `timeout`).
  func closeAndWait(timeout: Double = 10) -> Int32? {
    try? stdin.fileHandleForWriting.close()
    return waitForExit(timeout: timeout)
  }

  /// Waits for the process to exit.
  func waitForExit(timeout: Double = 10) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
      process.terminate()
      return nil
    }
    return process.terminationStatus
  }

  deinit {
    if process.isRunning { process.terminate() }
  }
}

/// Partial matching: every key of an object pattern must match; arrays match element-wise with equal
/// length; the string "*" matches any present value.
func matches(_ actual: JSONValue?, _ pattern: JSONValue) -> Bool {
  var captures: [String: JSONValue] = [:]
  return matches(actual, pattern, captures: &captures)
}

/// The name in a `"<var:NAME>"` pattern string, which stands for a value the server chose (a result id).
func captureName(_ value: JSONValue) -> String? {
  guard let s = value.stringValue, s.hasPrefix("<var:"), s.hasSuffix(">") else { return nil }
  return String(s.dropFirst(5).dropLast())
}

/// Whether `actual` matches `pattern`; a `"<var:NAME>"` in the pattern matches any present value the first
/// time (which `captures` then keeps) and only that value after.
func matches(_ actual: JSONValue?, _ pattern: JSONValue, captures: inout [String: JSONValue]) -> Bool {
  if pattern == .string("*") { return actual != nil }
  guard let actual else { return false }
  if let name = captureName(pattern) {
    if let bound = captures[name] { return bound == actual }
    captures[name] = actual
    return true
  }
  switch (pattern, actual) {
  case (.object(let p), .object(let a)):
    return p.allSatisfy { key, value in
      value == .string("<absent>") ? a[key] == nil : matches(a[key], value, captures: &captures)
    }
  case (.array(let p), .array(let a)):
    return p.count == a.count && zip(a, p).allSatisfy { matches($0, $1, captures: &captures) }
  case (.int(let p), .double(let a)):
    return Double(p) == a
  default:
    return pattern == actual
  }
}

/// `message` with each `"<var:NAME>"` string replaced by the value `captures` holds for NAME.
func substituting(_ captures: [String: JSONValue], in message: JSONValue) -> JSONValue {
  if let name = captureName(message), let value = captures[name] { return value }
  switch message {
  case .object(let o): return .object(o.mapValues { substituting(captures, in: $0) })
  case .array(let a): return .array(a.map { substituting(captures, in: $0) })
  default: return message
  }
}
