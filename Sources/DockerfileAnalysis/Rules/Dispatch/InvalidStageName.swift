// DF017 invalid-stage-name.
//
// BuildKit lower-cases the name after `FROM image AS` and requires it to match `^[a-z][a-z0-9-_.]*$`
// (`parseBuildStageName` in `instructions/parse.go`): a letter first, then letters, digits, `-`, `_` and `.`.
// Stage names are not expanded, so `AS $NAME` is refused as well. Upper-case letters are accepted (and
// lower-cased); BuildKit's StageNameCasing warning (DF201) covers them.
import DockerfileSyntax

/// Reports stage names BuildKit refuses.
public struct InvalidStageName: InstructionRule {
  /// Creates the rule.
  public init() {}

  /// DF017.
  public let descriptor = RuleDescriptor(
    code: "DF017", name: "invalid-stage-name", aliases: [], severity: .error, category: .correctness,
    summary: "A stage name BuildKit refuses",
    documentation: RuleDocumentation(
      why: """
        A stage name must start with a letter and contain only letters, digits, `-`, `_` and `.`; BuildKit \
        compares names in lower case. Other names (`1st`, `build:dev`, `$NAME`) fail the build: stage names are \
        not expanded.
        """,
      bad: "FROM golang:1.22 AS 1-build\n",
      good: "FROM golang:1.22 AS build-1\nUSER nobody\n"))

  public func check(_ facts: InstructionFacts, report: (Range<Int>, String) -> Void) {
    for ins in DispatchSupport.dispatched(facts) where ins.kind == .from {
      let args = ins.arguments
      guard args.count == 3, args[1].string.lowercased() == "as" else { continue }
      let name = args[2].string
      if !Self.isValidStageName(DispatchSupport.goLowercased(name)) {
        report(
          args[2].range,
          "invalid name for build stage: \(DispatchSupport.goQuoted(name)), name can't start with a number or contain symbols"
        )
      }
    }
  }
}

extension InvalidStageName {
  /// Whether a lower-cased stage name matches BuildKit's `^[a-z][a-z0-9-_.]*$`.
  static func isValidStageName(_ lower: String) -> Bool {
    guard let first = lower.utf8.first, first >= 0x61 && first <= 0x7A else { return false }
    return lower.utf8.allSatisfy {
      ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E
    }
  }
}
