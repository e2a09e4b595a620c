// What BuildKit makes of a FROM word (image or `--platform`) when the value does not depend on build arguments:
// FROM lines are expanded with the global ARGs and BuildKit's predefined platform arguments only, and a name that
// is neither expands to nothing whatever `--build-arg` says (`buildMetaArgs` only takes declared names).
import DockerfileSyntax

extension DispatchSupport {
  /// The build arguments BuildKit defines for FROM lines (`defaultArgs` in `dockerfile2llb/platform.go`), in its order.
  static let predefinedFromArgs = [
    "BUILDPLATFORM", "BUILDOS", "BUILDOSVERSION", "BUILDARCH", "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS",
    "TARGETOSVERSION", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE",
  ]

  /// A FROM word after expansion, when that does not depend on build arguments.
  struct FromExpansion {
    /// The expanded text.
    var value: String
    /// The variables that expanded to nothing, in order.
    var unmatched: [String]
  }

  /// Expands a FROM word in which every variable is undeclared (so unset); nil when the result could depend on build
  /// arguments or on lexer features this does not model (quotes, escapes, nested references).
  static func expandWithUndeclaredArgs(_ text: [UInt8], escape: UInt8, declared: Set<String>) -> FromExpansion? {
    guard !text.contains(where: { $0 == 0x27 || $0 == 0x22 || $0 == 0x5C || $0 == escape }) else { return nil }
    let scan = scanVariableReferences(in: text, escape: escape)
    guard scan.errors.isEmpty else { return nil }
    var out: [UInt8] = []
    var unmatched: [String] = []
    var pos = 0
    for ref in scan.references {
      guard ref.depth == 0, ref.range.lowerBound >= pos else { return nil }
      let name = String(decoding: ref.name, as: UTF8.self)
      guard !name.isEmpty, !declared.contains(name), !predefinedFromArgs.contains(name) else { return nil }
      out.append(contentsOf: text[pos..<ref.range.lowerBound])
      // An unset variable: its default if it has one, nothing otherwise (`${X?message}` fails differently).
      switch ref.modifier {
      case .defaultIfUnset, .defaultIfUnsetOrEmpty:
        guard let operand = ref.operandRange else { return nil }
        out.append(contentsOf: text[operand])
      case .errorIfUnset, .errorIfUnsetOrEmpty:
        return nil
      default:
        break
      }
      unmatched.append(name)
      pos = ref.range.upperBound
    }
    out.append(contentsOf: text[pos...])
    // A `$` that is not part of a reference is left to BuildKit.
    guard !out.contains(0x24) else { return nil }
    return FromExpansion(value: String(decoding: out, as: UTF8.self), unmatched: unmatched)
  }

  /// Whether BuildKit accepts a FROM's shape (`image` or `image AS name`), so that it gets to the stage.
  static func hasValidShape(_ from: FromInstruction) -> Bool {
    let args = from.instruction.arguments
    return args.count == 1 || (args.count == 3 && args[1].string.lowercased() == "as")
  }
}
