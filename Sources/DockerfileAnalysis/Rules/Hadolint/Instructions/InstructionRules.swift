// hadolint-derived rules on instructions and stages (DF501-DF599).
/// Best-practice rules about instructions, images and stages.
public enum InstructionRules {
  /// The family's rules, in code order.
  public static let all: [any Rule] = []
}
