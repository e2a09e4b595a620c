// DF014 invalid-mount.
//
// `RUN --mount=type=...,option=value,...` is read by BuildKit's `parseMount` (`instructions/commands_runmount.go`)
// once the values are expanded, and by `dispatchRunMounts` and the secret and SSH helpers in `dockerfile2llb`:
// the type is bind, cache, tmpfs, secret or ssh; every option is a known key with a value (only `ro`, `rw`,
// `readonly`, `readwrite` and `required` stand alone); booleans, `mode` (octal), `uid`, `gid` (decimal) and `size`
// must parse; `required` belongs to secret and ssh mounts and `size` to tmpfs, and BuildKit checks that against
// the type given *before* them; `mode`, `uid` and `gid` only apply to cache, secret and ssh mounts; `sharing`
// (shared, private, locked) only to cache mounts; a secret needs an id, source or target and no `from`; an ssh
// mount takes no source; nothing may be mounted over `/`. Values with variables are checked only where the answer
// cannot depend on them.
import DockerfileSyntax

/// Reports `RUN --mount` values BuildKit refuses.
public struct InvalidMount: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF014.
  public let descriptor = RuleDescriptor(
    code: "DF014", name: "invalid-mount", aliases: [], severity: .error, category: .correctness,
    summary: "A RUN --mount BuildKit refuses",
    documentation: RuleDocumentation(
      why: """
        BuildKit validates every `RUN --mount` before it runs anything: the type must be bind, cache, tmpfs, \
        secret or ssh; each option must be one it knows, with a value (only `ro`, `rw`, `readonly`, `readwrite` \
        and `required` stand alone); `mode` is octal, `uid` and `gid` decimal, `size` a size like `64m`; \
        `required` is for secret and ssh mounts and `size` for tmpfs, and must come after the `type`; `mode`, \
        `uid` and `gid` only apply to cache, secret and ssh mounts and `sharing` (shared, private, locked) only to \
        cache mounts; a secret needs an id, source or target. A typo in a key gets a suggestion.
        """,
      bad: "FROM golang:1.22\nRUN --mount=type=cache,taget=/root/.cache/go-build go build ./...\n",
      good: "FROM golang:1.22\nRUN --mount=type=cache,target=/root/.cache/go-build go build ./...\nUSER nobody\n"))

  /// The mount types, in the order suggestions prefer.
  static let types = ["bind", "cache", "tmpfs", "secret", "ssh"]
  /// The cache sharing modes.
  static let sharingModes = ["shared", "private", "locked"]
  /// Every option key BuildKit knows, in its order.
  static let keys = [
    "type", "from", "source", "target", "readonly", "id", "sharing", "required", "size", "mode", "uid", "gid", "src",
    "dst", "destination", "ro", "rw", "readwrite", "env",
  ]

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) where ins.kind == .run && !ins.syntax.flags.isEmpty {
      for flag in ins.flags where flag.name == "mount" && flag.value != nil {
        check(flag, escape: ins.escapeCharacter, report: report)
      }
    }
  }

  /// What is known of an option's value after expansion.
  enum Known: Equatable {
    /// The option is not given.
    case absent
    /// The value as written, which is what BuildKit uses.
    case literal(String)
    /// The value depends on an expansion.
    case unknown

    /// Whether the value is certainly non-empty.
    var isSet: Bool { if case .literal(let v) = self { !v.isEmpty } else { false } }
    /// Whether the value is certainly empty or absent.
    var isUnset: Bool {
      switch self {
      case .absent: true
      case .literal(let v): v.isEmpty
      case .unknown: false
      }
    }
  }

  /// Checks one `--mount` flag.
  func check(_ flag: Flag, escape: UInt8, report reportAny: (Range<Int>, String) -> Void) {
    // An empty field (`a=b,`) or value (`--mount=`) has an empty range: blame the whole flag instead.
    func report(_ range: Range<Int>, _ message: String) { reportAny(range.isEmpty ? flag.range : range, message) }
    let fields: [(text: [UInt8], range: Range<Int>)]
    switch DispatchSupport.csvFields(of: flag) {
    case .failure(let e):
      report(flag.valueRange ?? flag.range, "failed to parse csv mounts: \(e.message)")
      return
    case .success(let f): fields = f
    }
    var type: String? = "bind"  // nil once it depends on a variable or is invalid
    var from = Known.absent
    var source = Known.absent
    var target = Known.absent
    var targetRange = flag.range
    var id = Known.absent
    var sharing = Known.absent
    var sharingRange = flag.range
    var fileInfo: [(key: String, range: Range<Int>)] = []
    for field in fields {
      let (keyBytes, valueBytes) = DispatchSupport.cutEquals(field.text)
      let key = String(decoding: keyBytes, as: UTF8.self).lowercased()
      let text = String(decoding: field.text, as: UTF8.self)
      func unexpected() {
        if let type { report(field.range, "unexpected key '\(key)' for mount type '\(type)'") }
      }
      guard let valueBytes else {
        switch key {
        case "readonly", "ro", "readwrite", "rw": break
        case "required": if type != "secret" && type != "ssh" { unexpected() }
        default: report(field.range, "invalid field '\(text)' must be a key=value pair")
        }
        continue
      }
      let plain = DispatchSupport.isPlainWord(valueBytes, escape: escape)
      let value = String(decoding: valueBytes, as: UTF8.self)
      let known = plain ? Known.literal(value) : .unknown
      switch key {
      case "type":
        guard plain else {
          type = nil
          continue
        }
        if Self.types.contains(value.lowercased()) {
          type = value.lowercased()
        } else {
          report(
            field.range,
            "unsupported mount type \(DispatchSupport.goQuoted(value))\(DispatchSupport.didYouMean(value, Self.types))")
          type = nil
        }
      case "from": from = known
      case "source", "src": source = known
      case "target", "dst", "destination":
        target = known
        targetRange = field.range
      case "readonly", "ro", "readwrite", "rw":
        if plain && DispatchSupport.goParseBool(value) == nil {
          report(field.range, "invalid value for \(key): \(value)")
        }
      case "required":
        if type == "secret" || type == "ssh" {
          if plain && DispatchSupport.goParseBool(value) == nil {
            report(field.range, "invalid value for \(key): \(value)")
          }
        } else {
          unexpected()
        }
      case "size":
        if type == "tmpfs" {
          if plain && !isRAMSize(value) { report(field.range, "invalid value for \(key): \(value)") }
        } else {
          unexpected()
        }
      case "id": id = known
      case "sharing":
        sharing = known
        sharingRange = field.range
        if plain && !Self.sharingModes.contains(value.lowercased()) {
          report(
            field.range,
            "unsupported sharing value \(DispatchSupport.goQuoted(value))\(DispatchSupport.didYouMean(value, Self.sharingModes))"
          )
          sharing = .unknown
        }
      case "mode", "uid", "gid":
        fileInfo.append((key, field.range))
        if plain && DispatchSupport.goParseUint(value, base: key == "mode" ? 8 : 10, bits: 32) == nil {
          report(field.range, "invalid value \(value) for \(key)")
        }
      case "env": break
      default:
        report(field.range, "unexpected key '\(key)' in '\(text)'\(DispatchSupport.didYouMean(key, Self.keys))")
      }
    }
    guard let type else { return }
    if !["secret", "ssh", "cache"].contains(type) {
      for (key, range) in fileInfo {
        report(range, "\(key) not allowed for \(DispatchSupport.goQuoted(type)) type mounts")
      }
    }
    switch type {
    case "secret":
      if from.isSet { report(flag.range, "secret mount should not have a from") }
      if sharing.isSet { report(sharingRange, "secret mount should not define sharing") }
      if source.isUnset && target.isUnset && id.isUnset {
        report(flag.range, "invalid secret mount. one of source, target required")
      }
      if source.isSet && id.isSet { report(flag.range, "both source and id can't be set") }
    case "ssh":
      if sharing.isSet { report(sharingRange, "invalid cache sharing set for ssh mount") }
      if source.isSet { report(flag.range, "ssh does not support source") }
    default:
      if sharing.isSet && type != "cache" { report(sharingRange, "invalid cache sharing set for \(type) mount") }
      if target == .literal("/") { report(targetRange, "invalid mount target \"/\"") }
    }
  }

  /// Whether `go-units`' `RAMInBytes` accepts a size (`64m`, `1.5GiB`, `1024`). Numbers it would read through Go's
  /// float parser in forms this does not model (hex, `inf`) count as accepted.
  func isRAMSize(_ s: String) -> Bool {
    let bytes = Array(s.utf8)
    guard let sep = bytes.lastIndex(where: { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x20 }) else {
      return false
    }
    let number: ArraySlice<UInt8>
    let suffix: ArraySlice<UInt8>
    if bytes[sep] != 0x20 {
      number = bytes[...sep]
      suffix = bytes[(sep + 1)...]
    } else {
      number = bytes[..<sep]
      suffix = bytes[(sep + 1)...]
    }
    switch decimalFloat(number) {
    case .invalid: return false
    case .unknown: return true
    case .value(let negative): if negative { return false }
    }
    let lower = suffix.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
    if lower.isEmpty { return true }
    if lower.count > 3 { return false }
    if lower[0] == 0x62 { return lower.count == 1 }
    guard Array("kmgtp".utf8).contains(lower[0]) else { return false }
    if lower.count == 2 { return lower[1] == 0x62 }
    if lower.count == 3 { return lower[1] == 0x69 && lower[2] == 0x62 }
    return true
  }

  /// How Go's `strconv.ParseFloat` reads a plain decimal number.
  enum DecimalFloat {
    /// A number, and whether it is below zero.
    case value(negative: Bool)
    /// Not a number.
    case invalid
    /// A form this does not model.
    case unknown
  }

  /// How `strconv.ParseFloat` reads `s`, for the plain decimal forms `RAMInBytes` meets.
  func decimalFloat(_ s: ArraySlice<UInt8>) -> DecimalFloat {
    var i = s.startIndex
    var negative = false
    if i < s.endIndex && (s[i] == 0x2B || s[i] == 0x2D) {
      negative = s[i] == 0x2D
      i += 1
    }
    // Hex floats, underscores, infinities and NaN are legal in Go; leave them to BuildKit.
    if s[i...].contains(where: { [0x78, 0x58, 0x5F, 0x69, 0x49, 0x6E, 0x4E].contains($0) }) { return .unknown }
    var digits = 0
    var nonZero = false
    while i < s.endIndex && s[i] >= 0x30 && s[i] <= 0x39 {
      nonZero = nonZero || s[i] != 0x30
      i += 1
      digits += 1
    }
    if i < s.endIndex && s[i] == 0x2E {
      i += 1
      while i < s.endIndex && s[i] >= 0x30 && s[i] <= 0x39 {
        nonZero = nonZero || s[i] != 0x30
        i += 1
        digits += 1
      }
    }
    guard digits > 0 else { return .invalid }
    if i < s.endIndex && (s[i] == 0x65 || s[i] == 0x45) {
      i += 1
      if i < s.endIndex && (s[i] == 0x2B || s[i] == 0x2D) { i += 1 }
      var exponent = 0
      while i < s.endIndex && s[i] >= 0x30 && s[i] <= 0x39 {
        i += 1
        exponent += 1
      }
      guard exponent > 0 else { return .invalid }
    }
    return i == s.endIndex ? .value(negative: negative && nonZero) : .invalid
  }
}
