// DF505 invalid-port (hadolint DL3011).
//
// TCP and UDP ports are 16-bit numbers. hadolint reads each EXPOSE word as a port (`80`, `80/tcp`) or a range
// (`8000-8100/udp`) and reports a number above 65535. Ports given by variables are not judged, and a range is
// judged only when both ends are numbers. One finding per EXPOSE, at the first bad word.
import DockerfileSyntax

/// Reports an EXPOSE port number above 65535.
public struct PortOutOfRange: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF505.
  public let descriptor = RuleDescriptor(
    code: "DF505", name: "port-out-of-range", aliases: ["DL3011"], severity: .error, category: .correctness,
    summary: "EXPOSE ports must be between 0 and 65535",
    documentation: RuleDocumentation(
      why: """
        Ports are 16-bit numbers, so nothing can listen on a port above 65535 and publishing it fails. A \
        number that large is usually a typo (an extra digit) or a host:container mapping written the wrong \
        way round. \
        Off by default: DF016 invalid-port reports every port BuildKit rejects, out-of-range ones included.
        """,
      bad: "FROM alpine:3.20\nEXPOSE 80800\n",
      good: "FROM alpine:3.20\nEXPOSE 8080\nUSER nobody\n"),
    enabledByDefault: false)

  /// The largest valid port.
  static let maxPort = 65535

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    let ins = facts.instruction
    guard ins.kind == .expose else { return }
    for word in ins.arguments {
      if let port = Self.outOfRangePort(word.value) {
        report(word.range, "port \(port) is out of range; ports go from 0 to 65535")
        return
      }
    }
  }

  /// The first number above 65535 in a port word (`N`, `N/proto`, `N-M`, `N-M/proto`), as written; nil when the
  /// word is valid or is not in one of those shapes (variables, mappings).
  static func outOfRangePort(_ word: [UInt8]) -> String? {
    var i = 0
    func number() -> (text: String, value: Int)? {
      let start = i
      var value = 0
      while i < word.count, word[i] >= UInt8(ascii: "0"), word[i] <= UInt8(ascii: "9") {
        value = min(value * 10 + Int(word[i] - UInt8(ascii: "0")), maxPort + 1)
        i += 1
      }
      return i > start ? (String(decoding: word[start..<i], as: UTF8.self), value) : nil
    }
    guard let first = number() else { return nil }
    var ends = [first]
    if i < word.count, word[i] == UInt8(ascii: "-") {
      i += 1
      guard let second = number() else { return nil }
      ends.append(second)
    }
    guard i == word.count || word[i] == UInt8(ascii: "/") else { return nil }
    return ends.first { $0.value > maxPort }?.text
  }
}
