// Helpers shared by the BuildKit stage-name checks (DF201, DF202, DF204, DF205): the stage name of a FROM
// as BuildKit accepts it, and the instructions BuildKit's checks look at.
import DockerfileSyntax

/// A FROM's stage name as BuildKit reads it.
struct BuildKitStageName {
  /// The `AS` word.
  var asWord: Argument
  /// The name as written.
  var name: Argument
  /// The name lower-cased, as BuildKit keeps it.
  var lowercased: String

  /// The stage name of `from`, when the FROM has exactly three arguments (`image AS name`) and the lower-cased
  /// name is one BuildKit accepts (`^[a-z][a-z0-9-_.]*$`); any other shape is a parse error, reported elsewhere,
  /// and BuildKit then raises none of the stage-name checks.
  init?(_ from: FromInstruction) {
    guard from.instruction.arguments.count == 3, let asWord = from.asKeyword, let name = from.stageName else {
      return nil
    }
    let lower = name.string.lowercased()
    guard let first = lower.unicodeScalars.first, first >= "a" && first <= "z",
      lower.unicodeScalars.allSatisfy({
        ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_" || $0 == "."
      })
    else { return nil }
    self.asWord = asWord
    self.name = name
    self.lowercased = lower
  }
}
