// DF512 untrusted-registry (hadolint DL3026).
//
// Organisations often allow base images only from registries they trust. With `trustedRegistries` configured
// (the rule is inactive otherwise), hadolint checks FROM images, `COPY --from` images and the `from=` of RUN
// cache and bind mounts. An image is accepted when it names an earlier stage, when its registry matches a
// pattern (`*` matches all, `*.example.com` a suffix, `registry.*` a prefix, otherwise the exact host), or when
// it names no registry and is `scratch` or Docker Hub (`docker.io` or `hub.docker.com`) is trusted. A mount
// without `from=` reads the empty `scratch`. One finding per instruction.
//
// Registries are recognised by Docker's rule (the first path component is a host when it contains `.` or `:`
// or is `localhost`), so `localhost:5000/app` and `registry:5000/app` have a registry. Where hadolint reads
// `COPY --from=<n>` as a Docker Hub image, a number smaller than the count of FROMs so far is a stage index
// and accepted.
import DockerfileSyntax

/// Reports images that come from a registry outside `trustedRegistries`.
public struct UntrustedRegistry: SequentialRule {
  /// Creates the rule.
  public init() {}

  /// DF512.
  public let descriptor = RuleDescriptor(
    code: "DF512", name: "untrusted-registry", aliases: ["DL3026"], severity: .error, category: .security,
    summary: "Images should come from a trusted registry",
    documentation: RuleDocumentation(
      why: """
        A base image runs with full control over what ends up in your image, so many organisations allow \
        only registries they mirror or vet. When `trustedRegistries` is configured, every FROM image, \
        `COPY --from` image and `RUN --mount` `from=` image must come from one of them (patterns: `*`, \
        `*.example.com`, `registry.*`, or an exact host; Docker Hub images without a registry count as \
        `docker.io`). Without that setting the rule does nothing. The examples assume \
        `trustedRegistries: [registry.example.com]`.
        """,
      bad: "FROM docker.io/library/alpine:3.20\n",
      good: "FROM registry.example.com/library/alpine:3.20\nUSER nobody\n"))

  /// The stage names defined so far and the count of FROMs.
  public struct State: Equatable, Sendable {
    var aliases = PersistentSet<String>()
    var fromCount = 0
  }

  public var stepKinds: Set<InstructionKind>? { [.from, .copy, .run] }

  public func initialState(_ file: FileFacts) -> State { State() }

  public func step(_ state: inout State, _ facts: InstructionFacts, _ file: FileFacts, _ out: inout StepOutput<Int>) {
    let trusted = file.settings.trustedRegistries
    guard !trusted.isEmpty else { return }
    func isTrusted(_ registry: String) -> Bool { trusted.contains { Self.matches(pattern: $0, registry: registry) } }
    let aliases = state.aliases
    // `name` is what hadolint compares with stage names: the image name for FROM, and for `--from` values the
    // whole value after the registry (tag included).
    func accepts(_ image: HadolintImage, name: String) -> Bool {
      if aliases.contains(name) { return true }
      guard let registry = image.registry else {
        return image.name == "scratch" || isTrusted("docker.io") || isTrusted("hub.docker.com")
      }
      return isTrusted(registry)
    }
    func acceptsReference(_ text: String) -> Bool {
      let image = HadolintImage(text)
      let name = image.registry.map { String(text.utf8.dropFirst($0.utf8.count + 1)) ?? text } ?? text
      return accepts(image, name: name)
    }
    let ins = facts.instruction
    switch ins.kind {
    case .from:
      guard let from = HadolintFrom(ins) else { return }
      state.fromCount += 1
      if !accepts(from.split, name: from.split.name) {
        out.report(from.image.range, "image \(from.image.string) does not come from a trusted registry")
      }
      if let alias = from.alias { state.aliases.insert(alias.string) }
    case .copy:
      guard let flag = CopyInstruction(ins)?.from, let source = flag.stringValue else { return }
      if let index = Int(source), index >= 0, index < state.fromCount { return }
      if !acceptsReference(source) {
        out.report(flag.range, "--from=\(source) does not come from a trusted registry")
      }
    case .run:
      guard let run = RunInstruction(ins) else { return }
      for mount in run.mounts where mount.type == "cache" || mount.type == "bind" {
        let from = mount.option("from")
        if acceptsReference(from?.value ?? "scratch") { continue }
        out.report(
          from?.range ?? mount.flag.range, "mount source \(from?.value ?? "") does not come from a trusted registry")
        break
      }
    default:
      return
    }
  }

  /// Whether a registry host matches a trusted-registry pattern: `*` matches all, a leading `*` matches the
  /// rest as a suffix, a trailing `*` the rest as a prefix; anything else must be equal.
  static func matches(pattern: String, registry: String) -> Bool {
    if pattern == "*" { return true }
    if pattern.hasPrefix("*") { return registry.hasSuffix(pattern.dropFirst()) }
    if pattern.hasSuffix("*") { return registry.hasPrefix(pattern.dropLast()) }
    return registry == pattern
  }
}
