// Parser benchmarks (run in release mode): full-parse throughput on a generated 18,000-line Dockerfile and
// on the real-world corpus, and the cost of a one-character edit versus a full parse.
//
//   swift run -c release dockerfile-lsp-bench [--corpus ../shared/corpus/real] [--mode all|parse|edit|rules|edits-single|keyword-single|edits-small|full-small|analyze-single|memory]
//
// `--mode parse` and `--mode edit` run a fixed amount of work for `valgrind --tool=callgrind`.
import DockerfileAnalysis
import DockerfileSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Builds a realistic Dockerfile of exactly `lines` lines: stages, continuations, heredocs, comments.
func generateDockerfile(lines: Int) -> [UInt8] {
  var out = "# syntax=docker/dockerfile:1\n"
  var count = 1
  var i = 0
  func block(_ k: Int, _ i: Int) -> String {
    switch k {
    case 0: return "FROM python:3.12-slim AS stage\(i)\n"
    case 1: return "ARG VERSION_\(i)=1.\(i).0\n"
    case 2: return "ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 APP_HOME=/srv/app\(i)\n"
    case 3:
      return "RUN apt-get update \\\n    && apt-get install -y --no-install-recommends gcc libpq-dev \\\n"
        + "    && rm -rf /var/lib/apt/lists/*\n"
    case 4: return "# install dependencies for service \(i)\n"
    case 5: return "COPY --chown=app:app requirements-\(i).txt /srv/app/\n"
    case 6: return "RUN --mount=type=cache,target=/root/.cache/pip pip install -r /srv/app/requirements-\(i).txt\n"
    case 7: return "RUN <<EOF\nset -eux\necho building \(i)\npython -m compileall /srv/app\nEOF\n"
    case 8: return "\n"
    case 9: return "COPY . /srv/app\n"
    case 10: return "WORKDIR /srv/app\n"
    case 11: return "EXPOSE 80\(i % 10)/tcp\n"
    case 12: return "LABEL org.opencontainers.image.version=\"\(i)\" maintainer=\"team@example.com\"\n"
    case 13: return "USER app\n"
    case 14: return "HEALTHCHECK --interval=30s CMD [\"python\", \"-c\", \"import sys; sys.exit(0)\"]\n"
    default: return "CMD [\"gunicorn\", \"app:create_app()\", \"--bind\", \"0.0.0.0:8000\"]\n"
    }
  }
  while count < lines {
    let block = block(i % 16, i)
    let n = block.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    if count + n > lines {
      out += String(repeating: "# padding\n", count: lines - count)
      break
    }
    out += block
    count += n
    i += 1
  }
  return Array(out.utf8)
}

/// Nanoseconds from a monotonic clock.
func now() -> UInt64 {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// A number with a fixed count of decimals (the standard library has no printf).
func fmt(_ x: Double, _ decimals: Int = 1) -> String {
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let v = (x * scale).rounded() / scale
  var s = "\(v)"
  if decimals == 0, s.hasSuffix(".0") { s.removeLast(2) }
  return s
}

/// The median of a list of durations.
func median(_ xs: [UInt64]) -> Double {
  let s = xs.sorted()
  return Double(s[s.count / 2])
}

func readFile(_ path: String) -> [UInt8]? {
  guard let f = fopen(path, "rb") else { return nil }
  defer { fclose(f) }
  var out: [UInt8] = []
  var buf = [UInt8](repeating: 0, count: 65536)
  while true {
    let n = fread(&buf, 1, buf.count, f)
    if n <= 0 { break }
    out.append(contentsOf: buf[0..<n])
  }
  return out
}

func listCorpus(_ dir: String) -> [[UInt8]] {
  guard let d = opendir(dir) else { return [] }
  defer { closedir(d) }
  var names: [String] = []
  while let e = readdir(d) {
    let name = withUnsafePointer(to: e.pointee.d_name) {
      $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
    }
    if name.hasSuffix(".Dockerfile") { names.append(name) }
  }
  return names.sorted().compactMap { readFile(dir + "/" + $0) }
}

/// Full-parse throughput in MB/s (median of `rounds` timed parses of all inputs). The time to free the
/// trees is measured apart, since an editor frees a document's old tree after answering.
func throughput(_ inputs: [[UInt8]], rounds: Int) -> (mbps: Double, nsPerParse: Double, nsToFree: Double) {
  let bytes = inputs.reduce(0) { $0 + $1.count }
  var times: [UInt64] = []
  var freeTimes: [UInt64] = []
  for _ in 0..<rounds {
    var trees: [SyntaxTree] = []
    trees.reserveCapacity(inputs.count)
    let t0 = now()
    for input in inputs { trees.append(SyntaxTree(input)) }
    let t1 = now()
    trees.removeAll()
    freeTimes.append(now() - t1)
    times.append(t1 - t0)
  }
  let ns = median(times)
  return (Double(bytes) / (ns / 1e9) / 1e6, ns, median(freeTimes))
}

/// Median time of a one-character insert (and its undo) in the middle of an instruction.
func editCost(_ input: [UInt8], edits: Int) -> (nsPerEdit: Double, reused: Int, parsed: Int, nodes: Int) {
  var tree = SyntaxTree(input)
  let instructions = tree.instructions
  let target = instructions[instructions.count / 2]
  let at = target.range.lowerBound + 2
  var times: [UInt64] = []
  var stats = tree.lastParse
  for i in 0..<edits {
    let t0 = now()
    if i % 2 == 0 {
      try! tree.apply(TextEdit(range: at..<at, replacement: [UInt8(ascii: "x")]))
    } else {
      try! tree.apply(TextEdit(range: at..<(at + 1), replacement: []))
    }
    times.append(now() - t0)
    stats = tree.lastParse
  }
  return (median(times), stats.reusedNodes, stats.parsedNodes, tree.nodes.count)
}

/// Median times of a full analysis (no cache) and of an analysis after a one-character edit (with the
/// document's cache, as the server runs it).
func analysisCost(_ input: [UInt8], rounds: Int) -> (full: Double, afterEdit: Double, findings: Int) {
  var tree = SyntaxTree(input)
  var fullTimes: [UInt64] = []
  var findings = 0
  for _ in 0..<max(1, rounds / 4) {
    let t0 = now()
    findings = analyze(tree).count
    fullTimes.append(now() - t0)
  }
  let cache = AnalysisCache()
  _ = analyze(tree, cache: cache)
  let instructions = tree.instructions
  let at = instructions[instructions.count / 2].range.lowerBound + 2
  var editTimes: [UInt64] = []
  for i in 0..<rounds {
    if i % 2 == 0 {
      try! tree.apply(TextEdit(range: at..<at, replacement: [UInt8(ascii: "x")]))
    } else {
      try! tree.apply(TextEdit(range: at..<(at + 1), replacement: []))
    }
    let t0 = now()
    _ = analyze(tree, cache: cache)
    editTimes.append(now() - t0)
  }
  return (median(fullTimes), median(editTimes), findings)
}

/// The single-stage file the latency benchmark types into (`dockerfile-lsp-latency`): one FROM and
/// `lines - 1` instructions, so that a keystroke's analysis cannot be narrowed down to a small stage.
func singleStageDockerfile(lines: Int) -> [UInt8] {
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
  return Array(out.utf8)
}

/// Time per rule on one input: each rule's `check` run alone over a fresh context (shell commands parsed
/// beforehand, so they are not charged to the first rule that asks).
func perRuleCost(_ input: [UInt8], rounds: Int) -> [(code: String, ns: Double)] {
  let tree = SyntaxTree(input)
  var out: [(code: String, ns: Double)] = []
  for rule in RuleRegistry.all where !(rule is any InstructionRule) {
    var times: [UInt64] = []
    for _ in 0..<rounds {
      let context = RuleContext(tree: tree)
      for i in context.model.instructions.indices { _ = context.shellCommands(ofInstructionAt: i) }
      var n = 0
      let t0 = now()
      rule.check(context) { _, _ in n += 1 }
      times.append(now() - t0)
    }
    out.append((rule.descriptor.code, median(times)))
  }
  return out.sorted { $0.ns > $1.ns }
}

/// This process's peak resident set size in KiB (VmHWM), -1 when unknown.
func peakRSSKiB() -> Int {
  guard let f = fopen("/proc/self/status", "r") else { return -1 }
  defer { fclose(f) }
  var line = [CChar](repeating: 0, count: 256)
  while fgets(&line, 256, f) != nil {
    let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if s.hasPrefix("VmHWM:") { return Int(s.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]) ?? -1 }
  }
  return -1
}

/// Applies `edit(i)` for `i` in `0..<edits` to `tree`, timing the analysis after each.
func timeAnalyses(_ tree: inout SyntaxTree, cache: AnalysisCache, edits: Int, edit: (Int) -> TextEdit) -> [UInt64] {
  var times: [UInt64] = []
  for i in 0..<edits {
    try! tree.apply(edit(i))
    let t0 = now()
    _ = analyze(tree, cache: cache)
    times.append(now() - t0)
  }
  return times
}

/// Types one character at a time into the middle instruction, analysing after each keystroke (a separate
/// function so that `valgrind --tool=callgrind --toggle-collect='*typeIntoMiddle*'` measures only this).
@inline(never)
func typeIntoMiddle(_ tree: inout SyntaxTree, cache: AnalysisCache, edits: Int) -> [UInt64] {
  let at = tree.instructions[tree.instructions.count / 2].range.lowerBound + 6
  return timeAnalyses(&tree, cache: cache, edits: edits) {
    TextEdit(range: (at + $0)..<(at + $0), replacement: [UInt8(ascii: "x")])
  }
}

/// Inserts and removes a character inside the middle instruction's keyword, analysing after each keystroke.
@inline(never)
func typeIntoKeyword(_ tree: inout SyntaxTree, cache: AnalysisCache, edits: Int) -> [UInt64] {
  let at = tree.instructions[tree.instructions.count / 2].range.lowerBound + 1
  return timeAnalyses(&tree, cache: cache, edits: edits) {
    $0 % 2 == 0
      ? TextEdit(range: at..<at, replacement: [UInt8(ascii: "x")]) : TextEdit(range: at..<(at + 1), replacement: [])
  }
}

/// Median time of `rounds` analyses of `tree` without a cache (callgrind: `--toggle-collect='*fullAnalyses*'`).
@inline(never)
func fullAnalyses(_ tree: SyntaxTree, rounds: Int) -> Double {
  var times: [UInt64] = []
  for _ in 0..<rounds {
    let t0 = now()
    _ = analyze(tree)
    times.append(now() - t0)
  }
  return median(times)
}

var corpusDir = "../shared/corpus/real"
var mode = "all"
var args = Array(CommandLine.arguments.dropFirst())
while !args.isEmpty {
  let a = args.removeFirst()
  if a == "--corpus", !args.isEmpty { corpusDir = args.removeFirst() }
  if a == "--mode", !args.isEmpty { mode = args.removeFirst() }
}

let big = generateDockerfile(lines: 18_000)
let bigLines = big.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }

switch mode {
case "rules":
  let single = singleStageDockerfile(lines: 18_000)
  let costs = perRuleCost(single, rounds: 3)
  let total = costs.reduce(0) { $0 + $1.ns }
  print("single-stage 18,000 lines: all rules \(fmt(total / 1e6, 2)) ms")
  for c in costs.prefix(40) { print("  \(c.code) \(fmt(c.ns / 1e6, 3)) ms") }
case "edits-single":
  // A fixed amount of work for callgrind: one full analysis, then 20 one-character edits, each analysed.
  var tree = SyntaxTree(singleStageDockerfile(lines: 18_000))
  let cache = AnalysisCache()
  _ = analyze(tree, cache: cache)
  let times = typeIntoMiddle(&tree, cache: cache, edits: 20)
  print("single stage, 20 edits: median \(fmt(median(times) / 1e6, 3)) ms, peak RSS \(peakRSSKiB() / 1024) MiB")
case "keyword-single":
  // Keystrokes inside an instruction's keyword (`RUN` → `RxUN` and back): the instruction changes kind.
  var tree = SyntaxTree(singleStageDockerfile(lines: 18_000))
  let cache = AnalysisCache()
  _ = analyze(tree, cache: cache)
  let times = typeIntoKeyword(&tree, cache: cache, edits: 6)
  print("single stage, 6 keyword edits: median \(fmt(median(times) / 1e6, 3)) ms")
case "edits-small":
  var tree = SyntaxTree(singleStageDockerfile(lines: 50))
  let cache = AnalysisCache()
  _ = analyze(tree, cache: cache)
  let times = typeIntoMiddle(&tree, cache: cache, edits: 200)
  print("50 lines, 200 edits: median \(fmt(median(times) / 1e3, 1)) us")
case "full-small":
  // 200 analyses of the 50-line file without a cache: what the incremental engine must beat at this size.
  let tree = SyntaxTree(singleStageDockerfile(lines: 50))
  print("50 lines, 200 full analyses: median \(fmt(fullAnalyses(tree, rounds: 200) / 1e3, 1)) us")
case "memory":
  // One document's analysis cache, kept: run under `valgrind --tool=massif` to see what holds the heap.
  let tree = SyntaxTree(singleStageDockerfile(lines: 18_000))
  print("parsed: peak RSS \(peakRSSKiB() / 1024) MiB")
  let cache = AnalysisCache()
  _ = analyze(tree, cache: cache)
  print("analysed: peak RSS \(peakRSSKiB() / 1024) MiB")
  var t = tree
  _ = typeIntoMiddle(&t, cache: cache, edits: 2)
  print("single stage 18,000 lines, analysed with a cache: peak RSS \(peakRSSKiB() / 1024) MiB")
case "analyze-single":
  let r = analysisCost(singleStageDockerfile(lines: 18_000), rounds: 20)
  print(
    "single stage: full \(fmt(r.full / 1e6, 2)) ms, after an edit \(fmt(r.afterEdit / 1e6, 2)) ms, \(r.findings) findings"
  )
case "parse":
  var sink = 0
  for _ in 0..<20 { sink &+= SyntaxTree(big).nodes.count }
  print("parsed 20 x \(big.count) bytes (\(sink) nodes)")
case "edit":
  let r = editCost(big, edits: 2000)
  print("2000 edits, last reused \(r.reused) of \(r.nodes)")
case "analyze":
  let r = analysisCost(big, rounds: 20)
  print(
    "analysis: full \(fmt(r.full / 1e6, 2)) ms, after an edit \(fmt(r.afterEdit / 1e6, 2)) ms, \(r.findings) findings")
default:
  print("generated Dockerfile: \(bigLines) lines, \(big.count) bytes")
  let full = throughput([big], rounds: 40)
  print(
    "full parse, 18,000 lines: \(fmt(full.nsPerParse / 1e6, 2)) ms, \(fmt(full.mbps, 0)) MB/s "
      + "(freeing the tree: \(fmt(full.nsToFree / 1e6, 2)) ms)")
  let corpus = listCorpus(corpusDir)
  if corpus.isEmpty {
    print("real-world corpus: not found at \(corpusDir) (pass --corpus DIR)")
  } else {
    let c = throughput(corpus, rounds: 40)
    let bytes = corpus.reduce(0) { $0 + $1.count }
    print(
      "real-world corpus: \(corpus.count) files, \(bytes) bytes, \(fmt(c.nsPerParse / 1e6, 2)) ms per pass, "
        + "\(fmt(c.mbps, 0)) MB/s (freeing the trees: \(fmt(c.nsToFree / 1e6, 2)) ms)")
  }
  let a = analysisCost(big, rounds: 40)
  print(
    "analysis, 18,000 lines: full \(fmt(a.full / 1e6, 2)) ms, after a one-character edit (cached) "
      + "\(fmt(a.afterEdit / 1e6, 2)) ms, \(a.findings) findings")
  let e = editCost(big, edits: 4000)
  print(
    "one-character edit, 18,000 lines: \(fmt(e.nsPerEdit / 1e3, 1)) us (reused \(e.reused) of \(e.nodes) nodes, "
      + "reparsed \(e.parsed)); full parse / edit = \(fmt(full.nsPerParse / e.nsPerEdit, 0))x")
}
