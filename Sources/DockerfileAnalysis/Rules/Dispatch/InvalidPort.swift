// DF016 invalid-port.
//
// BuildKit reads each EXPOSE word as `[[ip:]hostPort:]containerPort[/protocol]` (`dockerfile2llb/convert_expose.go`):
// ports and ranges (`8000-8010`) are numbers from 0 to 65535, a range does not run backwards, the protocol is
// tcp, udp or sctp in any case, an IP address must parse, and a host-port range must match the container range.
// Anything else fails the build. Host ports and addresses that do parse are BuildKit's ExposeInvalidFormat
// warning (DF212), and upper-case protocols its ExposeProtoCasing warning; words with variables are left alone.
import DockerfileSyntax

/// Reports EXPOSE words BuildKit cannot read as ports.
public struct InvalidPort: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF016.
  public let descriptor = RuleDescriptor(
    code: "DF016", name: "invalid-port", aliases: [], severity: .error, category: .correctness,
    summary: "An EXPOSE port or protocol BuildKit cannot read",
    documentation: RuleDocumentation(
      why: """
        EXPOSE takes ports (`80`), ranges (`8000-8010`) and an optional protocol (`53/udp`; tcp, udp or sctp). \
        A port outside 0-65535, a backwards range, another protocol, or a word that is not a port at all fails \
        the build. Words built from variables are not judged.
        """,
      bad: "FROM nginx:1.27\nEXPOSE 80/http\n",
      good: "FROM nginx:1.27\nEXPOSE 80/tcp\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) where ins.kind == .expose {
      for word in ins.arguments where DispatchSupport.isPlainWord(word.value, escape: ins.escapeCharacter) {
        if let problem = portProblem(word.string) { report(word.range, problem) }
      }
    }
  }

  /// BuildKit's message for a port specification it refuses, or nil.
  func portProblem(_ raw: String) -> String? {
    let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    var ip = ""
    var hostPort = ""
    var containerPort = parts[parts.count - 1]
    if parts.count >= 2 { hostPort = parts[parts.count - 2] }
    if parts.count >= 3 { ip = parts[0..<(parts.count - 2)].joined(separator: ":") }
    // Protocol.
    let (port, proto) = cut(containerPort, "/")
    if port.isEmpty { return "invalid port: \(DispatchSupport.goQuoted(raw)): no port specified" }
    if !["", "tcp", "udp", "sctp"].contains(proto.lowercased()) {
      return "invalid port: \(DispatchSupport.goQuoted(raw)): invalid proto: \(proto)"
    }
    containerPort = port
    // IP address.
    if !ip.isEmpty {
      var address = ip
      if ip.hasPrefix("[") {
        guard ip.hasSuffix("]"), ip.count >= 2 else { return "invalid IP address \(ip)" }
        address = String(ip.dropFirst().dropLast())
        if address.contains("[") || address.contains("]") { return "invalid IP address \(ip)" }
      }
      if !Self.isGoIP(address) { return "invalid IP address: \(address)" }
    }
    guard let container = portRange(containerPort) else { return "invalid containerPort: \(containerPort)" }
    if !hostPort.isEmpty {
      guard let host = portRange(hostPort) else { return "invalid hostPort: \(hostPort)" }
      if container.end - container.start != host.end - host.start && container.end != container.start {
        return "invalid ranges specified for container and host Ports: \(containerPort) and \(hostPort)"
      }
    }
    return nil
  }

  func cut(_ s: String, _ separator: Character) -> (String, String) {
    guard let i = s.firstIndex(of: separator) else { return (s, "") }
    return (String(s[..<i]), String(s[s.index(after: i)...]))
  }

  /// BuildKit's `parsePortRange`: `n` or `n-m` with 0 <= n <= m <= 65535.
  func portRange(_ s: String) -> (start: Int, end: Int)? {
    guard !s.isEmpty else { return nil }
    let hasDash = s.contains("-")
    let (start, end) = cut(s, "-")
    guard let a = portNumber(start) else { return nil }
    if !hasDash || start == end { return (a, a) }
    guard let b = portNumber(end), b >= a else { return nil }
    return (a, b)
  }

  /// `strconv.ParseInt(s, 10, 0)` limited to 0...65535.
  func portNumber(_ s: String) -> Int? {
    var value: Int64 = 0
    guard !s.isEmpty, DispatchSupport.goParseIntProblem(s, bits: 64, value: &value) == nil, value >= 0, value <= 65535
    else {
      return nil
    }
    return Int(value)
  }
}

extension InvalidPort {
  /// Go's `net.ParseIP`: dotted-decimal IPv4 (no leading zeros) or IPv6 (with `::` and an optional trailing IPv4).
  static func isGoIP(_ s: String) -> Bool {
    let bytes = Array(s.utf8)
    return isIPv4(bytes[...]) || isIPv6(bytes)
  }

  static func isIPv4(_ s: ArraySlice<UInt8>) -> Bool {
    let parts = s.split(separator: 0x2E, omittingEmptySubsequences: false)
    guard parts.count == 4 else { return false }
    for p in parts {
      guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
      if p.count > 1 && p.first == 0x30 { return false }
      guard let v = Int(String(decoding: p, as: UTF8.self)), v <= 255 else { return false }
    }
    return true
  }

  static func isIPv6(_ s: [UInt8]) -> Bool {
    func isHex(_ b: UInt8) -> Bool {
      (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
    }
    var groups = 0
    var sawEllipsis = false
    var i = 0
    if s.count >= 2 && s[0] == 0x3A && s[1] == 0x3A {
      sawEllipsis = true
      i = 2
      if i == s.count { return true }
    }
    while i < s.count {
      var j = i
      while j < s.count && isHex(s[j]) && j - i < 4 { j += 1 }
      if j == i { return false }
      // A trailing IPv4 address takes two groups.
      if j < s.count && s[j] == 0x2E {
        guard (sawEllipsis || groups == 6), groups + 2 <= 8, isIPv4(s[i...]) else { return false }
        groups += 2
        i = s.count
        break
      }
      groups += 1
      i = j
      if i == s.count { break }
      guard s[i] == 0x3A, groups < 8 else { return false }
      i += 1
      if i < s.count && s[i] == 0x3A {
        if sawEllipsis { return false }
        sawEllipsis = true
        i += 1
        if i == s.count { break }
      } else if i == s.count {
        return false
      }
    }
    return sawEllipsis ? groups < 8 : groups == 8
  }
}
