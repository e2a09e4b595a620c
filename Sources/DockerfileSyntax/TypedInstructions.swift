// Typed views for each instruction kind, so rules and editor features ask for `from.stageName` or
// `run.mounts` instead of re-reading instruction text.

/// `FROM [--platform=…] image [AS name]`.
public struct FromInstruction: Sendable {
  /// The underlying instruction.
  public let instruction: Instruction
  /// Views `instruction` when it is a FROM.
  public init?(_ instruction: Instruction) {
    guard instruction.kind == .from else { return nil }
    self.instruction = instruction
  }
  /// The image reference (or parent stage name) as written.
  public var image: Argument? { instruction.argument(0) }
  /// The `AS` keyword, when present.
  public var asKeyword: Argument? {
    guard instruction.argumentCount >= 2, let a = instruction.argument(1),
      a.value.count == 2, a.value.map(asciiLower) == Array("as".utf8)
    else { return nil }
    return a
  }
  /// The stage name after `AS`.
  public var stageName: Argument? {
    guard instruction.argumentCount >= 3, asKeyword != nil else { return nil }
    return instruction.argument(2)
  }
  /// The `--platform` flag.
  public var platform: Flag? { instruction.flag("platform") }
}

/// One option of a `--mount` flag (`type=cache`, `target=/x`, `readonly`).
public struct MountOption: Sendable, Equatable {
  /// The key, lower-cased as BuildKit compares it.
  public var key: String
  /// The value after `=`, nil for a bare key.
  public var value: String?
  /// The option's source range (the whole flag when quoting prevents an exact mapping).
  public var range: Range<Int>
}

/// A `RUN --mount=...` flag split into its options.
public struct Mount: Sendable, Equatable {
  /// The flag.
  public var flag: Flag
  /// The options in order.
  public var options: [MountOption]
  /// The mount type (`bind` when not given, as BuildKit defaults).
  public var type: String { options.first { $0.key == "type" }?.value ?? "bind" }
  /// The value of the first option named `key`.
  public func option(_ key: String) -> MountOption? { options.first { $0.key == key } }
}

/// `RUN [--mount=…] [--network=…] [--security=…] command`.
public struct RunInstruction: Sendable {
  /// The underlying instruction.
  public let instruction: Instruction
  /// Views `instruction` when it is a RUN (directly or under ONBUILD).
  public init?(_ instruction: Instruction) {
    guard instruction.kind == .run else { return nil }
    self.instruction = instruction
  }
  /// Every `--mount` flag, parsed.
  public var mounts: [Mount] { instruction.flags.filter { $0.name == "mount" }.map(parseMount) }
  /// The `--network` flag.
  public var network: Flag? { instruction.flag("network") }
  /// The `--security` flag.
  public var security: Flag? { instruction.flag("security") }
  /// Heredocs whose bodies become the script or its inputs.
  public var heredocs: [Heredoc] { instruction.heredocs }
  /// Whether the command is a JSON array (exec form).
  public var isExecForm: Bool { instruction.form == .json }
  /// The shell command text (shell form) or the exec arguments joined by spaces, with the source range.
  public var commandText: (text: [UInt8], range: Range<Int>) {
    instruction.form == .json
      ? (Array(instruction.arguments.map(\.value).joined(separator: [ASCII.space])), instruction.argumentText.range)
      : instruction.argumentText
  }
}

/// Splits a `--mount` value the way BuildKit's CSV reader does (commas, double quotes).
func parseMount(_ flag: Flag) -> Mount {
  guard let value = flag.value, let valueRange = flag.valueRange else { return Mount(flag: flag, options: []) }
  var fields: [(text: [UInt8], start: Int, end: Int, quoted: Bool)] = []
  var cur: [UInt8] = []
  var start = 0
  var i = 0
  var inQuotes = false
  var quoted = false
  while i < value.count {
    let b = value[i]
    if inQuotes {
      if b == ASCII.quote {
        if i + 1 < value.count && value[i + 1] == ASCII.quote {
          cur.append(ASCII.quote)
          i += 2
          continue
        }
        inQuotes = false
      } else {
        cur.append(b)
      }
    } else if b == ASCII.quote {
      inQuotes = true
      quoted = true
    } else if b == 0x2C {
      fields.append((cur, start, i, quoted))
      cur = []
      start = i + 1
      quoted = false
    } else {
      cur.append(b)
    }
    i += 1
  }
  fields.append((cur, start, value.count, quoted))
  let exact = valueRange.count == value.count
  let options = fields.filter { !$0.text.isEmpty }.map { f -> MountOption in
    let eq = f.text.firstIndex(of: ASCII.equals)
    let key = String(decoding: f.text[..<(eq ?? f.text.count)], as: UTF8.self).lowercased()
    let v = eq.map { String(decoding: f.text[($0 + 1)...], as: UTF8.self) }
    let range = exact ? (valueRange.lowerBound + f.start)..<(valueRange.lowerBound + f.end) : flag.range
    return MountOption(key: key, value: v, range: range)
  }
  return Mount(flag: flag, options: options)
}

/// `COPY`/`ADD [flags] src... dest` (JSON or whitespace form).
public struct CopyInstruction: Sendable {
  /// The underlying instruction.
  public let instruction: Instruction
  /// Views `instruction` when it is a COPY or ADD.
  public init?(_ instruction: Instruction) {
    guard instruction.kind == .copy || instruction.kind == .add else { return nil }
    self.instruction = instruction
  }
  /// Whether this is ADD.
  public var isAdd: Bool { instruction.kind == .add }
  /// The sources (every argument but the last; heredoc openers included as BuildKit lists them).
  public var sources: [Argument] { Array(instruction.arguments.dropLast()) }
  /// The destination (the last argument).
  public var destination: Argument? { instruction.arguments.count >= 2 ? instruction.arguments.last : nil }
  /// `--from=stage|image|context`.
  public var from: Flag? { instruction.flag("from") }
  /// `--chown`.
  public var chown: Flag? { instruction.flag("chown") }
  /// `--chmod`.
  public var chmod: Flag? { instruction.flag("chmod") }
  /// `--link`.
  public var link: Flag? { instruction.flag("link") }
  /// Heredocs used as inline files.
  public var heredocs: [Heredoc] { instruction.heredocs }
}

/// `ENV` and `LABEL` pairs.
public struct KeyValueInstruction: Sendable {
  /// The underlying instruction.
  public let instruction: Instruction
  /// Views `instruction` when it is an ENV or LABEL.
  public init?(_ instruction: Instruction) {
    guard instruction.kind == .env || instruction.kind == .label else { return nil }
    self.instruction = instruction
  }
  /// The pairs in order.
  public var pairs: [KeyValuePair] { instruction.pairs }
}

/// One `name[=default]` of an ARG instruction.
public struct ArgDeclaration: Sendable, Equatable {
  /// The variable name.
  public var name: [UInt8]
  /// The default value as written (quotes kept), nil when there is none.
  public var defaultValue: [UInt8]?
  /// Where the name is.
  public var nameRange: Range<Int>
  /// Where the default is.
  public var defaultRange: Range<Int>?
}

/// `ARG name[=default] ...`.
public struct ArgInstruction: Sendable {
  /// The underlying instruction.
  public let instruction: Instruction
  /// Views `instruction` when it is an ARG.
  public init?(_ instruction: Instruction) {
    guard instruction.kind == .arg else { return nil }
    self.instruction = instruction
  }
  /// The declarations in order.
  public var declarations: [ArgDeclaration] {
    instruction.syntax.arguments.map { a in
      let text = instruction.text(a.range)
      guard let eq = text.firstIndex(of: ASCII.equals) else {
        return ArgDeclaration(
          name: text, defaultValue: nil, nameRange: instruction.sourceRange(a.range), defaultRange: nil)
      }
      let nameLogical = a.range.lowerBound..<(a.range.lowerBound + eq)
      let valueLogical = (a.range.lowerBound + eq + 1)..<a.range.upperBound
      return ArgDeclaration(
        name: Array(text[..<eq]), defaultValue: Array(text[(eq + 1)...]),
        nameRange: instruction.sourceRange(nameLogical), defaultRange: instruction.sourceRange(valueLogical))
    }
  }
}

/// `HEALTHCHECK [flags] CMD command` or `HEALTHCHECK NONE`.
public struct HealthcheckInstruction: Sendable {
  /// The underlying instruction.
  public let instruction: Instruction
  /// Views `instruction` when it is a HEALTHCHECK.
  public init?(_ instruction: Instruction) {
    guard instruction.kind == .healthcheck else { return nil }
    self.instruction = instruction
  }
  /// The type word (`CMD`, `NONE`, or whatever was written).
  public var type: Argument? { instruction.arguments.first { $0.kind == .healthcheckType } }
  /// The command arguments after the type.
  public var command: [Argument] { instruction.arguments.filter { $0.kind != .healthcheckType } }
}

/// `ONBUILD instruction`.
public struct OnbuildInstruction: Sendable {
  /// The underlying instruction.
  public let instruction: Instruction
  /// Views `instruction` when it is an ONBUILD.
  public init?(_ instruction: Instruction) {
    guard instruction.kind == .onbuild else { return nil }
    self.instruction = instruction
  }
  /// The instruction to run in a child build.
  public var trigger: Instruction? { instruction.child }
}

extension Instruction {
  /// Variable references in the argument text (after flags), with absolute ranges, as BuildKit would
  /// expand them; errors are malformed references.
  public func variableReferences() -> (references: [VariableReference], errors: [VariableSyntaxError]) {
    let logical = syntax.argumentText
    let text = self.text(logical)
    let escape = inferEscape()
    let found = scanVariableReferences(in: text, escape: escape)
    func map(_ r: Range<Int>) -> Range<Int> {
      sourceRange((logical.lowerBound + r.lowerBound)..<(logical.lowerBound + r.upperBound))
    }
    let refs = found.references.map { ref -> VariableReference in
      var m = ref
      m.range = map(ref.range)
      m.nameRange = map(ref.nameRange)
      m.operandRange = ref.operandRange.map(map)
      m.replacementRange = ref.replacementRange.map(map)
      return m
    }
    let errors = found.errors.map { VariableSyntaxError(range: map($0.range), message: $0.message) }
    return (refs, errors)
  }

  /// The escape character in force, recovered from the node's continuation markers (default `\`).
  func inferEscape() -> UInt8 { escapeCharacter }
}
