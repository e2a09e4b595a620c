// BuildKit's `# check=` options: the file-level parser directive (`# check=skip=A,B;error=true`) and the
// per-instruction `# check=skip=...` comments, applied to the rules that are BuildKit checks, the way BuildKit
// applies them.
import DockerfileSyntax

/// Parsed `check` options.
public struct CheckOptions: Sendable, Equatable {
  /// Skip every BuildKit check.
  public var skipAll = false
  /// Checks to skip, by name.
  public var skip: Set<String> = []
  /// Report BuildKit checks as errors.
  public var error = false
  /// Experimental checks to run.
  public var experimental: Set<String> = []
  /// Run every experimental check.
  public var experimentalAll = false

  /// Reads `skip=A,B;error=true;experimental=C`; nil when BuildKit would reject the value.
  public init?(_ value: String) {
    let parts = value.split(separator: ";", omittingEmptySubsequences: false)
    guard parts.count <= 3 else { return nil }
    for part in parts {
      let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard kv.count == 2 else { return nil }
      let key = String(kv[0]).trimmingCharacters(in: " \t").lowercased()
      let v = String(kv[1]).trimmingCharacters(in: " \t")
      let names = Set(v.split(separator: ",").map { String($0).trimmingCharacters(in: " \t") }.filter { !$0.isEmpty })
      switch key {
      case "skip":
        if v == "all" { skipAll = true } else { skip.formUnion(names) }
      case "experimental":
        if v == "all" { experimentalAll = true } else { experimental.formUnion(names) }
      case "error":
        switch v.lowercased() {
        case "true", "1", "t": error = true
        case "false", "0", "f": error = false
        default: return nil
        }
      default:
        return nil
      }
    }
  }

  /// Default options (nothing skipped).
  public init() {}

  /// Whether the check named `name` (a BuildKit check name) is skipped.
  func skips(_ d: RuleDescriptor) -> Bool {
    // Experimental checks run when listed under `experimental=`, whatever `skip=` says.
    guard d.buildKitName != nil, !d.isExperimentalBuildKitCheck else { return false }
    return skipAll || skip.contains { d.answers(to: $0) }
  }
}

extension RuleDescriptor {
  /// The BuildKit check this rule is, when it is one (by convention its CamelCase alias).
  public var buildKitName: String? {
    aliases.first { $0.first?.isUppercase == true && !$0.hasPrefix("DL") && $0.contains(where: \.isLowercase) }
  }

  /// BuildKit checks that run over the whole file, which per-instruction `# check=` comments do not affect.
  var isGlobalBuildKitCheck: Bool {
    [
      "ConsistentInstructionCasing", "DuplicateStageName", "ReservedStageName", "NoEmptyContinuation",
      "InvalidDefaultArgInFrom",
      // Reported on the earlier instruction but filtered (by the rule itself) with the later one's comments.
      "MultipleInstructionsDisallowed",
    ].contains(buildKitName ?? "")
  }

  /// BuildKit's experimental checks: off unless the check options list them under `experimental=`.
  var isExperimentalBuildKitCheck: Bool { buildKitName == "InvalidDefinitionDescription" }
}

extension CheckOptions {
  /// Whether the options turn on an experimental check.
  func enablesExperimental(_ d: RuleDescriptor) -> Bool {
    guard d.isExperimentalBuildKitCheck, let name = d.buildKitName else { return false }
    return experimentalAll || experimental.contains { $0.lowercased() == name.lowercased() }
  }
}

/// The `check` options BuildKit reads from comments just before each instruction, by the instruction's start.
///
/// An instruction's comment block is the comment lines since the previous instruction; an empty `#` comment
/// starts it over, blank lines do not, and parser directives are not part of it. The first comment in the block
/// that reads as `check=...` applies, up to its first space.
func perInstructionCheckOptions(_ tree: SyntaxTree) -> [Int: CheckOptions] {
  var out: [Int: CheckOptions] = [:]
  let source = tree.source
  // The block's comment texts (after `#`, blanks trimmed), as ranges of the source.
  var block: [Range<Int>] = []
  func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
  for (i, node) in tree.nodes.enumerated() {
    switch node.kind {
    case .comment:
      var lo = tree.nodeStarts[i]
      var hi = lo + node.length
      while lo < hi && (isBlank(source[lo]) || source[lo] == 0x0D || source[lo] == 0x0A) { lo += 1 }
      while hi > lo && (isBlank(source[hi - 1]) || source[hi - 1] == 0x0D || source[hi - 1] == 0x0A) { hi -= 1 }
      if lo < hi { lo += 1 }
      while lo < hi && isBlank(source[lo]) { lo += 1 }
      while hi > lo && isBlank(source[hi - 1]) { hi -= 1 }
      if lo == hi { block.removeAll(keepingCapacity: true) } else { block.append(lo..<hi) }
    case .instruction:
      // Only a comment that mentions `check` (in any case) can be a check directive.
      for r in block where containsIgnoringCase(source[r], "check") {
        guard let (name, value) = matchDirective(Array(source[r])), name == "check" else { continue }
        let firstWord = String(decoding: value, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
        if let options = CheckOptions(firstWord) { out[tree.nodeStarts[i]] = options }
        break
      }
      block.removeAll(keepingCapacity: true)
    case .blank, .directive:
      break
    }
  }
  return out
}

/// DF004: a `# check=` directive BuildKit cannot read fails the build.
public struct InvalidCheckDirective: Rule {
  /// Creates the rule.
  public init() {}

  /// DF004.
  public let descriptor = RuleDescriptor(
    code: "DF004", name: "invalid-check-directive", aliases: [], severity: .error, category: .correctness,
    summary: "A `# check=` directive BuildKit cannot read",
    documentation: RuleDocumentation(
      why: """
        The `check` parser directive configures BuildKit's build checks: `skip=` (a comma list of check names, \
        or `all`), `error=` (true or false) and `experimental=`, separated by `;`. BuildKit fails the build \
        when the directive holds anything else.
        """,
      bad: "# check=skip=JSONArgsRecommended;error=maybe\nFROM alpine\n",
      good: "# check=skip=JSONArgsRecommended;error=true\nFROM alpine:3.20\nUSER nobody\n"))

  public func check(_ context: RuleContext, report: (Range<Int>, String) -> Void) {
    for d in context.tree.directives where d.name == "check" {
      let value = String(decoding: d.value, as: UTF8.self)
      if CheckOptions(value) == nil {
        report(d.valueRange, "invalid check directive `\(value)`: expected skip=…, error=true|false, experimental=…")
      }
    }
  }
}
