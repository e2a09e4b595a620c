// Latency benchmark: drives `dockerfile-lsp serve` over pipes like an editor while typing, and reports
// p50/p99 from each didChange to its publishDiagnostics, the initialize round trip from process start, and
// the server's peak RSS. A change the server does not publish (the client has its diagnostics already: typing
// after the last finding, or in a file without findings) is timed to the answer to a request sent right after
// it, which the server answers once it is done with the change (it handles messages in order).
//
//   swift build -c release && .build/release/dockerfile-lsp-latency [.build/release/dockerfile-lsp] [edits] [documents]
//
// `documents` picks some of the three documents (`small`, `large`, `clean`, comma-separated; all by default), to
// profile one of them alone. Two more are typed into only when named: `large-env` is the `large` text typed into
// at the end of an ENV value, `large-manifest` at the end of a pip requirements file name, two edits that change
// what the stage carries to its end (its variables, the manifests it installed), so rules that carry them step
// again to the end of the stage (a fourth document: leave them out when reading the peak RSS of three).
import LanguageServerProtocol

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

func now() -> UInt64 {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func fmt(_ x: Double, _ decimals: Int = 3) -> String {
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  return "\((x * scale).rounded() / scale)"
}

/// A child process with pipes to its stdin and stdout.
struct Child {
  var pid: pid_t = 0
  var stdinFD: Int32 = -1
  var stdoutFD: Int32 = -1
  var decoder = FrameDecoder()
  var inbox: [JSONValue] = []
  /// Whether large publishDiagnostics bodies are scanned for their number of diagnostics (only the first
  /// publish of each document needs it; scanning megabytes after every keystroke would be timed as latency).
  var countsDiagnostics = false
  /// Where reads land: as large as the server's pipe (a megabyte), so that a large publish takes few reads.
  var buffer = [UInt8](repeating: 0, count: 1 << 20)

  init(_ path: String) {
    var inPipe: [Int32] = [0, 0]
    var outPipe: [Int32] = [0, 0]
    _ = pipe(&inPipe)
    _ = pipe(&outPipe)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    let devnull = open("/dev/null", O_WRONLY)
    posix_spawn_file_actions_adddup2(&actions, devnull, 2)
    posix_spawn_file_actions_addclose(&actions, inPipe[1])
    posix_spawn_file_actions_addclose(&actions, outPipe[0])
    let args = [path, "serve"]
    var cargs = args.map { strdup($0) } + [nil]
    let rc = posix_spawn(&pid, path, &actions, nil, &cargs, environ)
    precondition(rc == 0, "cannot start \(path)")
    close(inPipe[0])
    close(outPipe[1])
    close(devnull)
    stdinFD = inPipe[1]
    stdoutFD = outPipe[0]
  }

  /// Writes messages with one `write` call.
  func send(_ messages: JSONValue...) {
    let frame = messages.flatMap { encodeFrame(serializeJSON($0)) }
    var off = 0
    while off < frame.count {
      let n = frame.withUnsafeBytes { write(stdinFD, $0.baseAddress! + off, $0.count - off) }
      if n <= 0 { fatalError("write failed") }
      off += n
    }
  }

  /// When the first read since `firstByte` was last set to nil returned.
  var firstByte: UInt64? = nil

  /// Reads until a message satisfying `predicate` arrives.
  mutating func wait(_ predicate: (JSONValue) -> Bool) -> JSONValue {
    while true {
      if let i = inbox.firstIndex(where: predicate) { return inbox.remove(at: i) }
      let n = buffer.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress!, $0.count) }
      if n <= 0 { fatalError("server closed its output") }
      if firstByte == nil { firstByte = now() }
      for event in decoder.push(buffer[0..<n]) {
        if case .message(let body) = event, let v = summarize(body, countingDiagnostics: countsDiagnostics) {
          inbox.append(v)
        }
      }
      inbox.removeAll { $0["method"]?.stringValue == "window/logMessage" }
    }
  }

  /// Peak resident set size in KiB (VmHWM), or another field of the process's status (`VmRSS`: the current one).
  func peakRSS(_ field: String = "VmHWM") -> Int {
    guard let f = fopen("/proc/\(pid)/status", "r") else { return -1 }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, f) != nil {
      let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if s.hasPrefix(field + ":") { return Int(s.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]) ?? -1 }
    }
    return -1
  }
}

/// A message as far as the benchmark needs it. A large publishDiagnostics (thousands of findings, megabytes)
/// is not parsed whole: the time an editor takes to parse it is the editor's, not the server's. Its method is
/// read from the start of the body and its version from the end (keys are serialized in sorted order, so
/// `version` is the last member of `params`), and `diagnosticCount` counts its `"range"` keys when asked to.
func summarize(_ body: [UInt8], countingDiagnostics: Bool) -> JSONValue? {
  guard body.count > 65_536 else { return try? parseJSON(body) }
  let head = String(decoding: body.prefix(120), as: UTF8.self)
  guard head.contains("\"method\":\"textDocument/publishDiagnostics\"") else { return try? parseJSON(body) }
  let key = Array("\"version\":".utf8)
  var i = body.count - key.count
  while i > 0 && !body[i..<(i + key.count)].elementsEqual(key) { i -= 1 }
  let digits = body[(i + key.count)...].prefix { $0 >= 0x30 && $0 <= 0x39 }
  guard i > 0, let version = Int(String(decoding: digits, as: UTF8.self)) else { return nil }
  return [
    "method": "textDocument/publishDiagnostics",
    "params": ["version": .int(version), "diagnosticCount": .int(countingDiagnostics ? countRanges(body) : -1)],
  ]
}

/// How many `"range":` keys a body has.
func countRanges(_ body: [UInt8]) -> Int {
  let key = Array("\"range\":".utf8)
  var n = 0
  var i = 0
  while i + key.count <= body.count {
    if body[i] == key[0] && body[i..<(i + key.count)].elementsEqual(key) {
      n += 1
      i += key.count
    } else {
      i += 1
    }
  }
  return n
}

func percentile(_ xs: [UInt64], _ p: Double) -> Double {
  let s = xs.sorted()
  return Double(s[min(s.count - 1, Int(Double(s.count) * p))]) / 1e6
}

/// The files typed into: `clean` avoids the findings of the default rules (pinned packages, lists removed,
/// compilers in a builder stage), so
/// that its figures show the cost of analysis rather than of publishing thousands of findings.
func dockerfile(lines: Int, clean: Bool = false) -> String {
  if clean { return cleanDockerfile(lines: lines) }
  var out = "FROM python:3.12-slim AS build\n"
  var n = 1
  var i = 0
  while n < lines {
    switch i % 5 {
    case 0: out += "RUN apt-get update && apt-get install -y --no-install-recommends gcc\n"
    case 1: out += "COPY requirements-\(i).txt /app/\n"
    case 2: out += "ENV APP_\(i)=value\(i)\n"
    case 3: out += "# comment \(i)\n"
    default: out += "RUN pip install --no-cache-dir -r /app/requirements-\(i).txt\n"
    }
    n += 1
    i += 1
  }
  return out
}

func cleanDockerfile(lines: Int) -> String {
  var out = "FROM python:3.12-slim AS build\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\n"
  var n = 2
  var i = 0
  while n < lines - 5 {
    switch i % 5 {
    case 0:
      out +=
        "RUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 "
        + "&& rm -rf /var/lib/apt/lists/*\n"
    case 1: out += "COPY requirements-\(i).txt /app/\n"
    case 2: out += "ENV APP_\(i)=value\(i)\n"
    case 3: out += "# comment \(i)\n"
    default: out += "RUN pip install --no-cache-dir -r /app/requirements-\(i).txt\n"
    }
    n += 1
    i += 1
  }
  // The compilers stay in the builder stage; the final stage copies the result.
  return out + "FROM python:3.12-slim\nCOPY --from=build /app /app\nUSER nobody\n"
    + "CMD [\"python\", \"-m\", \"app\"]\n"
}

/// Keeps this process's freed memory for reuse (glibc only). By default glibc returns the top of its heap to the
/// system whenever a megabyte is freed there, so every large publish the benchmark receives (its buffers grow to
/// the size of the body and are freed) had the kernel map and zero fresh pages again: about 1,700 page faults per
/// keystroke on the 18,000-line file with 7,201 diagnostics, time that was the benchmark's own and was counted as
/// the server's latency. `mallopt` is looked up by name because the Glibc module does not bring in `malloc.h`.
func keepFreedMemory() {
  #if os(Linux) && canImport(Glibc)
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(nil, "mallopt") else { return }
    let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
    _ = mallopt(-1, 256 << 20)  // M_TRIM_THRESHOLD
    _ = mallopt(-3, 256 << 20)  // M_MMAP_THRESHOLD
  #endif
}

keepFreedMemory()
let args = CommandLine.arguments
let serverPath = args.count > 1 ? args[1] : ".build/release/dockerfile-lsp"
let edits = args.count > 2 ? Int(args[2]) ?? 1000 : 1000
let documents = args.count > 3 ? args[3].split(separator: ",").map(String.init) : ["small", "large", "clean"]

let t0 = now()
var child = Child(serverPath)
child.send([
  "jsonrpc": "2.0", "id": 1, "method": "initialize",
  "params": ["processId": .null, "rootUri": .null, "capabilities": ["general": ["positionEncodings": ["utf-16"]]]],
])
_ = child.wait { $0["id"] == .int(1) }
let initMs = Double(now() - t0) / 1e6
child.send(["jsonrpc": "2.0", "method": "initialized", "params": [:]])
print("initialize round trip from process start: \(fmt(initMs, 2)) ms")

var docNumber = 0
/// The largest peak RSS read from the server so far, in KiB.
var observedPeak = 0
// Each document: its name, length, whether it is the clean text, and where typing goes (line, first column;
// nil: the middle line at column 4).
let scenarios: [(String, Int, Bool, (Int, Int)?)] = [
  ("small", 50, false, nil), ("large", 18_000, false, nil), ("clean", 18_000, true, nil),
  // Line 8998 is `ENV APP_8997=value8997`, line 9000 `RUN pip install --no-cache-dir -r /app/requirements-8999.txt`.
  ("large-env", 18_000, false, (8_998, 22)), ("large-manifest", 18_000, false, (9_000, 60)),
]
for (name, lines, clean, place) in scenarios {
  docNumber += 1
  guard documents.contains(name) else { continue }
  let uri = "file:///bench/\(docNumber)/Dockerfile"
  let text = dockerfile(lines: lines, clean: clean)
  child.send([
    "jsonrpc": "2.0", "method": "textDocument/didOpen",
    "params": ["textDocument": ["uri": .string(uri), "languageId": "dockerfile", "version": 1, "text": .string(text)]],
  ])
  child.countsDiagnostics = true
  let opened = child.wait {
    $0["method"]?.stringValue == "textDocument/publishDiagnostics" && $0["params"]?["version"] == .int(1)
  }
  child.countsDiagnostics = false
  let rssAfterOpen = (peak: child.peakRSS(), now: child.peakRSS("VmRSS"))
  observedPeak = max(observedPeak, rssAfterOpen.peak)
  let findings =
    opened["params"]?["diagnosticCount"]?.intValue ?? opened["params"]?["diagnostics"]?.arrayValue?.count ?? -1
  // Type into the middle line, or at the scenario's place, one character at a time.
  let (line, column) = place ?? (lines / 2, 4)
  var times: [UInt64] = []
  /// From each didChange to the first bytes of the server's answer: the server's own time, before the transfer
  /// of a large publish (and the benchmark's reading it) adds to it.
  var firstBytes: [UInt64] = []
  var published = 0
  for k in 0..<edits {
    let version = k + 2
    // An unknown `$/` request, answered with an error at once, written with the change.
    let marker = JSONValue.int(1_000_000 + version)
    let change: JSONValue = [
      "jsonrpc": "2.0", "method": "textDocument/didChange",
      "params": [
        "textDocument": ["uri": .string(uri), "version": .int(version)],
        "contentChanges": [
          [
            "range": [
              "start": ["line": .int(line), "character": .int(column + k)],
              "end": ["line": .int(line), "character": .int(column + k)],
            ],
            "text": "x",
          ]
        ],
      ],
    ]
    child.firstByte = nil
    let start = now()
    child.send(change, ["jsonrpc": "2.0", "id": marker, "method": "$/dockerfile-lsp/latencyMarker"])
    let first = child.wait {
      ($0["method"]?.stringValue == "textDocument/publishDiagnostics" && $0["params"]?["version"] == .int(version))
        || $0["id"] == marker
    }
    times.append(now() - start)
    // No read at all: the answer had arrived with an earlier read.
    firstBytes.append((child.firstByte ?? now()) - start)
    if first["id"] != marker {
      published += 1
      _ = child.wait { $0["id"] == marker }
    }
    // The kernel's peak (VmHWM) can forget a peak that freed pages handed back with madvise lowered (the server
    // trims its heap now and then), so the benchmark also keeps the largest it has read, after every edit.
    observedPeak = max(observedPeak, child.peakRSS())
  }
  print(
    "\(lines) lines\(clean ? ", clean" : "")\(place.map { ", typing at \($0.0):\($0.1)" } ?? "") (\(text.utf8.count) bytes, \(findings) diagnostics), \(edits) single-character edits "
      + "(\(published) published): didChange -> publishDiagnostics "
      + "p50 \(fmt(percentile(times, 0.5))) ms, p99 \(fmt(percentile(times, 0.99))) ms, max \(fmt(percentile(times, 1.0))) ms"
  )
  print(
    "  to the first byte of the answer: p50 \(fmt(percentile(firstBytes, 0.5))) ms, "
      + "p99 \(fmt(percentile(firstBytes, 0.99))) ms, max \(fmt(percentile(firstBytes, 1.0))) ms")
  // Where the server's memory peaked: while this document was opened, or while it was typed into.
  print(
    "  server RSS after opening it: peak \(fmt(Double(rssAfterOpen.peak) / 1024, 1)) MiB, now "
      + "\(fmt(Double(rssAfterOpen.now) / 1024, 1)) MiB; after the edits: peak "
      + "\(fmt(Double(child.peakRSS()) / 1024, 1)) MiB, now \(fmt(Double(child.peakRSS("VmRSS")) / 1024, 1)) MiB")
}
observedPeak = max(observedPeak, child.peakRSS())
print(
  "server peak RSS: \(fmt(Double(observedPeak) / 1024, 1)) MiB (now \(fmt(Double(child.peakRSS("VmRSS")) / 1024, 1)) MiB)"
)
child.send(["jsonrpc": "2.0", "id": 2, "method": "shutdown"])
_ = child.wait { $0["id"] == .int(2) }
child.send(["jsonrpc": "2.0", "method": "exit"])
var status: Int32 = 0
waitpid(child.pid, &status, 0)
print("server exit status: \((status >> 8) & 0xFF)")
