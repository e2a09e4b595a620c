// DF013 invalid-flag-value.
//
// BuildKit reads flag values strictly (`instructions/bflag.go`, the RUN flag hooks, `dockerfile2llb`): a string
// flag needs `=value`, a boolean flag takes nothing or `true`/`false`, `RUN --network` is `default`, `none` or
// `host`, `RUN --security` is `sandbox` or `insecure`, `HEALTHCHECK --retries` is a non-negative integer,
// `--chmod` is an octal mode up to 07777 or a symbolic mode (`u+x,g=r`), `ADD --checksum` needs exactly one
// HTTP(S) or Git source, and each `RUN --device` is a device name with an optional `required`. Values BuildKit
// expands first (`--chmod=$MODE`) are left alone; `--network`, `--security` and `--retries` are never expanded,
// so a variable there is an error.
import DockerfileSyntax

/// Reports flag values BuildKit refuses.
public struct InvalidFlagValue: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF013.
  public let descriptor = RuleDescriptor(
    code: "DF013", name: "invalid-flag-value", aliases: [], severity: .error, category: .correctness,
    summary: "A flag value BuildKit refuses",
    documentation: RuleDocumentation(
      why: """
        BuildKit fails the build on a flag value it cannot use: a string flag without `=value`, a boolean flag \
        set to something other than `true` or `false`, a network mode other than `default`, `none` or `host`, a \
        security mode other than `sandbox` or `insecure`, a negative or non-numeric `--retries`, a `--chmod` that \
        is neither an octal mode up to 07777 nor a symbolic mode, an `ADD --checksum` on a local or several \
        sources, or a malformed `--device`. Values holding variables that BuildKit expands are not judged.
        """,
      bad: "FROM alpine:3.20\nRUN --network=bridge make test\n",
      good: "FROM alpine:3.20\nRUN --network=none make test\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) where !ins.syntax.flags.isEmpty {
      guard let specs = DispatchSupport.flagSpecs(ins) else { continue }
      let escape = ins.escapeCharacter
      for flag in ins.flags {
        guard let spec = specs.first(where: { $0.name == flag.name }) else { continue }
        let range = flag.valueRange.flatMap { $0.isEmpty ? nil : $0 } ?? flag.range
        switch spec.type {
        case .bool:
          guard let value = flag.stringValue else { continue }
          if value.isEmpty {
            report(flag.range, "missing a value on flag: --\(flag.name)")
          } else if value.lowercased() != "true" && value.lowercased() != "false" {
            report(range, "expecting boolean value for flag --\(flag.name), not: \(value)")
          }
          continue
        case .string, .strings:
          guard flag.value != nil else {
            report(flag.range, "missing a value on flag: --\(flag.name)")
            continue
          }
        }
        let value = flag.stringValue ?? ""
        switch (ins.kind, flag.name) {
        case (.run, "network"):
          if !["default", "none", "host"].contains(value) {
            report(range, "invalid network mode \(DispatchSupport.goQuoted(value))")
          }
        case (.run, "security"):
          if !["sandbox", "insecure"].contains(value) {
            report(range, "security \(DispatchSupport.goQuoted(value)) is not valid")
          }
        case (.run, "device"):
          if let problem = deviceProblem(flag) { report(range, problem) }
        case (.healthcheck, "retries"):
          guard !value.isEmpty else { continue }
          var retries: Int64 = 0
          if let problem = DispatchSupport.goParseIntProblem(value, bits: 32, value: &retries) {
            report(range, "strconv.ParseInt: parsing \(DispatchSupport.goQuoted(value)): \(problem)")
          } else if retries < 0 {
            report(range, "--retries cannot be negative (\(retries))")
          }
        case (.copy, "chmod"), (.add, "chmod"):
          guard let bytes = flag.value, !bytes.isEmpty, DispatchSupport.isPlainWord(bytes, escape: escape) else {
            continue
          }
          if let problem = chmodProblem(value) { report(range, problem) }
        case (.add, "checksum"):
          // The sources are judged once, at the first --checksum (a second one is DF012's).
          guard ins.flag("checksum")?.range == flag.range, let bytes = flag.value, !bytes.isEmpty,
            !DispatchSupport.containsDollar(bytes)
          else { continue }
          let sources = DispatchSupport.copySourcePaths(ins)
          if sources.count != 1 {
            report(range, "checksum can't be specified for multiple sources")
          } else if isCertainlyLocalSource(sources[0].value, escape: escape) {
            report(range, "checksum requires HTTP(S) or Git sources")
          }
        default:
          break
        }
      }
    }
  }

  /// What BuildKit says about a `--chmod` value, or nil when it accepts it (dockerfile2llb's `dispatchCopy`
  /// and `tonistiigi/dchapes-mode`).
  func chmodProblem(_ value: String) -> String? {
    let bytes = Array(value.utf8)
    guard let first = bytes.first else { return nil }
    if first >= 0x30 && first <= 0x39 {
      if let mode = DispatchSupport.goParseUint(value, base: 8, bits: 32), mode <= 0o7777 { return nil }
      return "invalid chmod parameter: '\(value)'. it should be octal string and between 0 and 07777"
    }
    return isSymbolicMode(bytes)
      ? nil : "invalid chmod parameter: '\(value)'. it should be an octal mode or a symbolic mode such as u+x"
  }

  /// Whether `s` is a symbolic mode as BSD `setmode` reads it: clauses `[augo]*([+-=][rstwXxugo]*)+` joined by
  /// commas.
  func isSymbolicMode(_ s: [UInt8]) -> Bool {
    var i = 0
    while true {
      while i < s.count && Array("augo".utf8).contains(s[i]) { i += 1 }
      guard i < s.count else { return false }
      while true {
        guard Array("+-=".utf8).contains(s[i]) else { return false }
        i += 1
        while i < s.count && Array("rstwXxugo".utf8).contains(s[i]) { i += 1 }
        if i == s.count { return true }
        if s[i] == 0x2C { break }
      }
      i += 1
    }
  }

  /// Whether an ADD source is certainly a path in the build context (not a URL, not a Git address).
  func isCertainlyLocalSource(_ value: [UInt8], escape: UInt8) -> Bool {
    guard DispatchSupport.isPlainWord(value, escape: escape) else { return false }
    let text = String(decoding: value, as: UTF8.self)
    return !text.contains(":") && !text.hasPrefix("github.com/") && !text.hasPrefix("git@")
  }

  /// What BuildKit says about a `--device` value (`instructions/commands_rundevice.go`), or nil.
  func deviceProblem(_ flag: Flag) -> String? {
    let fields: [(text: [UInt8], range: Range<Int>)]
    switch DispatchSupport.csvFields(of: flag) {
    case .failure(let e): return "failed to parse csv devices: \(e.message)"
    case .success(let f): fields = f
    }
    var name: String? = nil
    for field in fields {
      let (keyBytes, valueBytes) = DispatchSupport.cutEquals(field.text)
      let key = String(decoding: keyBytes, as: UTF8.self).lowercased()
      let text = String(decoding: field.text, as: UTF8.self)
      guard let valueBytes else {
        if key == "required" { continue }
        if name == nil {
          name = text
          continue
        }
        return "invalid field '\(text)' must be a key=value pair"
      }
      let value = String(decoding: valueBytes, as: UTF8.self)
      switch key {
      case "name":
        if let name { return "device name already set to \(name)" }
        name = value
      case "required":
        if DispatchSupport.goParseBool(value) == nil { return "invalid value for \(key): \(value)" }
      default:
        if name == nil {
          name = text
          continue
        }
        return "unexpected key '\(key)' in '\(text)'\(DispatchSupport.didYouMean(key, ["name", "required"]))"
      }
    }
    return nil
  }
}
