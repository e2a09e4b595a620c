// DF015 invalid-duration.
//
// `HEALTHCHECK --interval`, `--timeout`, `--start-period` and `--start-interval` are read with Go's
// `time.ParseDuration` (a number with a unit: `30s`, `1m30s`, `500ms`; a bare `0` is the only unitless value) and
// must be 0 or at least 1ms (`parseOptInterval` in `instructions/parse.go`). BuildKit does not expand variables
// in these flags, so `$INTERVAL` is an error too. An empty value means the default.
import DockerfileSyntax

/// Reports HEALTHCHECK durations BuildKit refuses.
public struct InvalidDuration: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF015.
  public let descriptor = RuleDescriptor(
    code: "DF015", name: "invalid-duration", aliases: [], severity: .error, category: .correctness,
    summary: "A HEALTHCHECK duration BuildKit cannot read",
    documentation: RuleDocumentation(
      why: """
        HEALTHCHECK's `--interval`, `--timeout`, `--start-period` and `--start-interval` are Go durations: \
        a number followed by a unit (`ns`, `us`, `ms`, `s`, `m`, `h`), possibly several (`1m30s`); only `0` may \
        go without a unit. Anything else, a negative value or one below 1ms fails the build. BuildKit does not \
        expand variables in these flags.
        """,
      bad: "FROM nginx:1.27\nHEALTHCHECK --interval=30 CMD curl -f http://localhost/\n",
      good: "FROM nginx:1.27\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/\nUSER nobody\n"))

  /// The flags read as durations.
  static let flags: Set<String> = ["interval", "timeout", "start-period", "start-interval"]

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts)
    where ins.kind == .healthcheck && !ins.syntax.flags.isEmpty && DispatchSupport.flagSpecs(ins) != nil {
      for flag in ins.flags where Self.flags.contains(flag.name) {
        guard let value = flag.value, !value.isEmpty else { continue }
        let range = flag.valueRange ?? flag.range
        switch Self.parseGoDuration(value) {
        case .failure(let e): report(range, e.message)
        case .success(let nanoseconds):
          if nanoseconds != 0 && nanoseconds < 1_000_000 {
            report(range, "Interval \(DispatchSupport.goQuoted(flag.name)) cannot be less than 1ms")
          }
        }
      }
    }
  }
}

extension InvalidDuration {
  /// Why Go's `time.ParseDuration` refuses a value.
  struct DurationError: Error {
    /// Go's message.
    var message: String
  }

  /// Go's `time.ParseDuration`: the duration in nanoseconds, or Go's error.
  static func parseGoDuration(_ input: [UInt8]) -> Result<Int64, DurationError> {
    let original = DispatchSupport.goQuoted(String(decoding: input, as: UTF8.self))
    let invalid = DurationError(message: "time: invalid duration \(original)")
    var s = input[...]
    var negative = false
    if let c = s.first, c == 0x2D || c == 0x2B {
      negative = c == 0x2D
      s = s.dropFirst()
    }
    if s.count == 1 && s.first == 0x30 { return .success(0) }
    if s.isEmpty { return .failure(invalid) }
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    let units: [String: UInt64] = [
      "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
      "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]
    let limit: UInt64 = 1 << 63
    var total: UInt64 = 0
    while !s.isEmpty {
      guard let c = s.first, c == 0x2E || isDigit(c) else { return .failure(invalid) }
      // The integer part.
      var v: UInt64 = 0
      var pre = false
      while let d = s.first, isDigit(d) {
        if v > limit / 10 { return .failure(invalid) }
        v = v * 10 + UInt64(d - 0x30)
        if v > limit { return .failure(invalid) }
        s = s.dropFirst()
        pre = true
      }
      // The fraction.
      var f: UInt64 = 0
      var scale: Double = 1
      var post = false
      if s.first == 0x2E {
        s = s.dropFirst()
        var overflow = false
        while let d = s.first, isDigit(d) {
          post = true
          s = s.dropFirst()
          if overflow { continue }
          if f > (UInt64(Int64.max)) / 10 {
            overflow = true
            continue
          }
          let next = f * 10 + UInt64(d - 0x30)
          if next > UInt64(Int64.max) {
            overflow = true
            continue
          }
          f = next
          scale *= 10
        }
      }
      if !pre && !post { return .failure(invalid) }
      // The unit.
      var unitEnd = s.startIndex
      while unitEnd < s.endIndex && s[unitEnd] != 0x2E && !isDigit(s[unitEnd]) { unitEnd += 1 }
      if unitEnd == s.startIndex {
        return .failure(DurationError(message: "time: missing unit in duration \(original)"))
      }
      let unitText = String(decoding: s[s.startIndex..<unitEnd], as: UTF8.self)
      s = s[unitEnd...]
      guard let unit = units[unitText] else {
        return .failure(
          DurationError(message: "time: unknown unit \(DispatchSupport.goQuoted(unitText)) in duration \(original)"))
      }
      if v > limit / unit { return .failure(invalid) }
      v *= unit
      if f > 0 {
        v += UInt64(Double(f) * (Double(unit) / scale))
        if v > limit { return .failure(invalid) }
      }
      // Go adds without an overflow check here (two halves of 2^64 wrap to 0); so does this.
      total = total &+ v
      if total > limit { return .failure(invalid) }
    }
    if negative { return .success(total == limit ? Int64.min : -Int64(total)) }
    if total > limit - 1 { return .failure(invalid) }
    return .success(Int64(total))
  }
}
