// What the configuration readers report and share: a problem with its position in the file (configuration is
// never fatal and never silently ignored: whatever can be read applies, and every key or value that cannot is
// reported here), the level at which `check` fails, and the resolution of rule ids to rule codes.
import DockerfileAnalysis

/// A problem in a configuration file or in editor settings. The rest of the configuration still applies.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
  /// The file, when the problem is in one.
  public var file: String?
  /// The 1-based line, or 0 when the problem concerns the whole file.
  public var line: Int
  /// The 1-based column (in Unicode scalars), or 0 with line 0.
  public var column: Int
  /// What is wrong, in a sentence.
  public var message: String

  /// Creates a problem.
  public init(file: String?, line: Int, column: Int, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:column: message`, the way compilers print problems.
  public var description: String {
    var out = file ?? "configuration"
    if line > 0 { out += ":\(line):\(column)" }
    return out + ": " + message
  }
}

/// The least serious finding that makes `dockerfile-lsp check` fail.
public enum FailLevel: String, Sendable, CaseIterable {
  case error, warning, info, hint
  /// No finding fails the check.
  case none

  /// Whether a finding of `severity` fails the check.
  public func fails(on severity: Severity) -> Bool {
    switch self {
    case .error: return severity <= .error
    case .warning: return severity <= .warning
    case .info: return severity <= .info
    case .hint: return true
    case .none: return false
    }
  }
}

/// Rule ids as configuration writes them (codes, names or aliases, any case).
enum RuleIDs {
  /// The code of the rule `id` names, if any.
  static func code(of id: String) -> String? { RuleRegistry.rule(id)?.descriptor.code }

  /// "no rule answers to `x`", with the closest id when one is near enough to be a typo.
  static func unknown(_ id: String) -> String {
    var message = "no rule answers to `\(id)`"
    if let suggestion = RuleRegistry.closestID(to: id) { message += "; did you mean `\(suggestion)`?" }
    return message
  }

  /// Whether `id` has the shape of a hadolint or ShellCheck code (`DL3008`, `SC2086`): such ids are accepted
  /// without a rule here, since the same file configures hadolint.
  static func isHadolintCode(_ id: String) -> Bool {
    let bytes = Array(id.utf8)
    guard bytes.count > 2, id.hasPrefix("DL") || id.hasPrefix("SC") else { return false }
    return bytes.dropFirst(2).allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
  }
}

/// 1-based line and column (in Unicode scalars) of a byte offset in UTF-8 text.
func lineAndColumn(_ bytes: [UInt8], _ offset: Int) -> (line: Int, column: Int) {
  var line = 1
  var column = 1
  var i = 0
  let end = min(max(offset, 0), bytes.count)
  while i < end {
    if bytes[i] == UInt8(ascii: "\n") {
      line += 1
      column = 1
    } else if bytes[i] & 0xC0 != 0x80 {
      column += 1
    }
    i += 1
  }
  return (line, column)
}

/// Applies rule configuration to `AnalysisOptions` by rule code, so that the last word on a rule is the one that
/// counts whichever id (code, name, alias) each source used for it.
struct RuleOptionsEditor {
  var options: AnalysisOptions

  /// Turns a rule off.
  mutating func disable(_ code: String) {
    guard let d = RuleRegistry.rule(code)?.descriptor else { return }
    options.enabled = options.enabled.filter { !d.answers(to: $0) }
    options.disabled.insert(d.code)
  }

  /// Turns a rule on (also one that is off by default).
  mutating func enable(_ code: String) {
    guard let d = RuleRegistry.rule(code)?.descriptor else { return }
    options.disabled = options.disabled.filter { !d.answers(to: $0) }
    options.enabled.insert(d.code)
  }

  /// Sets a rule's severity, which also turns it on (as hadolint's `override` turns on DL3057, which it
  /// otherwise ignores).
  mutating func setSeverity(_ code: String, _ severity: Severity) {
    guard let d = RuleRegistry.rule(code)?.descriptor else { return }
    options.severity = options.severity.filter { !d.answers(to: $0.key) }
    options.severity[d.code] = severity
    if !options.disabled.contains(where: d.answers(to:)) { options.enabled.insert(d.code) }
  }
}
