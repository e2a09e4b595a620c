// DF031 invalid-expansion.
//
// BuildKit runs its shell lexer (`frontend/dockerfile/shell/lex.go`) over the words it expands: ENV and LABEL
// keys and values, COPY and ADD sources, destination, `--chown`, `--chmod` and `--checksum`, WORKDIR, USER,
// VOLUME, STOPSIGNAL, EXPOSE, RUN `--mount` values and the FROM image and platform. A malformed `${...}`
// ("syntax error: missing '}'", "bad substitution", an unsupported modifier) or an unterminated quote
// ("unexpected end of statement while looking for matching double-quote") fails the build. Classic cases are an
// apostrophe in a legacy `ENV MESSAGE don't panic`, and `COPY "my file" /dst` (COPY splits on spaces before it
// unquotes). RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK commands are not expanded by BuildKit and are not
// checked, nor are ARG defaults: BuildKit skips them when a build argument gives the value (dev container
// templates rely on that with `ARG VARIANT=${templateOption:imageVariant}`).
import DockerfileSyntax

/// Reports words BuildKit's shell lexer refuses to expand.
public struct InvalidExpansion: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF031.
  public let descriptor = RuleDescriptor(
    code: "DF031", name: "invalid-expansion", aliases: [], severity: .error, category: .correctness,
    summary: "A word BuildKit cannot expand: a malformed ${...} or an unterminated quote",
    documentation: RuleDocumentation(
      why: """
        BuildKit expands variables and removes quotes in the words of ENV, LABEL, ARG, COPY, ADD, WORKDIR, \
        USER, VOLUME, STOPSIGNAL, EXPOSE, FROM and RUN `--mount` values. A `${` without its `}`, an unsupported \
        `${...}` form, or an unterminated quote fails the build: watch for apostrophes in unquoted values \
        (`ENV MESSAGE don't panic`) and for quoted file names with spaces in COPY, which splits on spaces first \
        (use the JSON form, `COPY ["my file", "/dst/"]`).
        """,
      bad: "FROM alpine:3.20\nENV GREETING=it's\n",
      good: "FROM alpine:3.20\nENV GREETING=\"it's\"\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) {
      let escape = ins.escapeCharacter
      func word(_ value: [UInt8], _ range: Range<Int>) {
        guard let (offsets, message) = Self.problem(value, escape: escape) else { return }
        let exact = range.count == value.count
        report(
          exact ? (range.lowerBound + offsets.lowerBound)..<(range.lowerBound + offsets.upperBound) : range, message)
      }
      func flagValue(_ name: String) {
        for flag in ins.flags where flag.name == name {
          if let value = flag.value { word(value, flag.valueRange ?? flag.range) }
        }
      }
      switch ins.kind {
      case .env, .label:
        for pair in ins.pairs {
          word(pair.key, pair.keyRange)
          word(pair.value, pair.valueRange)
        }
      case .copy, .add:
        let args = ins.arguments
        for a in args where !DispatchSupport.isHeredocOpener(a.value) { word(a.value, a.range) }
        for name in ["chown", "chmod", "checksum"] { flagValue(name) }
      case .workdir, .user, .stopsignal, .volume, .expose:
        for a in ins.arguments { word(a.value, a.range) }
      case .from:
        if let image = ins.arguments.first { word(image.value, image.range) }
        flagValue("platform")
      case .run:
        for flag in ins.flags where flag.name == "mount" {
          guard case .success(let fields) = DispatchSupport.csvFields(of: flag) else { continue }
          for field in fields {
            guard let eq = field.text.firstIndex(of: 0x3D) else { continue }
            let value = Array(field.text[(eq + 1)...])
            let exact = field.range.count == field.text.count
            word(value, exact ? (field.range.lowerBound + eq + 1)..<field.range.upperBound : field.range)
          }
        }
      default:
        break
      }
    }
  }

  /// Where in `value` and why BuildKit's lexer fails on it, or nil when it does not.
  static func problem(_ value: [UInt8], escape: UInt8) -> (Range<Int>, String)? {
    if value.contains(0x24) {
      // The reference scanner mirrors the lexer, quotes included.
      let scan = scanVariableReferences(in: value, escape: escape)
      return scan.errors.first.map { ($0.range, $0.message) }
    }
    // Without `$`, only quotes can fail.
    var i = 0
    let n = value.count
    while i < n {
      switch value[i] {
      case 0x27:
        guard let close = value[(i + 1)...].firstIndex(of: 0x27) else {
          return (i..<n, "unexpected end of statement while looking for matching single-quote")
        }
        i = close + 1
      case 0x22:
        let open = i
        i += 1
        while true {
          guard i < n else {
            return (open..<n, "unexpected end of statement while looking for matching double-quote")
          }
          if value[i] == 0x22 {
            i += 1
            break
          }
          if value[i] == escape && i + 1 < n && (value[i + 1] == 0x22 || value[i + 1] == escape) {
            i += 2
          } else {
            i += 1
          }
        }
      case escape:
        i += 2
      default:
        i += 1
      }
    }
    return nil
  }
}
