import DockerfileAnalysis
// Image reference parsing must accept and reject exactly what Docker's reference grammar does.
import Testing

private let hex64 = String(repeating: "a1b2c3d4", count: 8)

/// One row of the reference table: the input and either the expected parts or the expected error.
struct ReferenceCase: Sendable, CustomTestStringConvertible {
  let input: String
  let expected: Result<Parts, ImageReferenceError>

  /// The parts of a successfully parsed reference.
  struct Parts: Sendable, Equatable {
    var registry: String?
    var repository: String
    var tag: String?
    var digest: String?
  }

  var testDescription: String { input.count > 60 ? String(input.prefix(60)) + "…" : input }

  static func ok(
    _ input: String, registry: String? = nil, repository: String, tag: String? = nil, digest: String? = nil
  ) -> ReferenceCase {
    let parts = Parts(registry: registry, repository: repository, tag: tag, digest: digest)
    return ReferenceCase(input: input, expected: .success(parts))
  }

  static func bad(_ input: String, _ error: ImageReferenceError) -> ReferenceCase {
    ReferenceCase(input: input, expected: .failure(error))
  }

  /// A failure where only the error's kind matters, not its message.
  static func badFormat(_ input: String) -> ReferenceCase {
    ReferenceCase(input: input, expected: .failure(.invalidFormat("")))
  }

  /// A digest failure where only the kind matters.
  static func badDigest(_ input: String) -> ReferenceCase {
    ReferenceCase(input: input, expected: .failure(.invalidDigest("")))
  }
}

private let referenceCases: [ReferenceCase] = [
  // Valid references.
  .ok("python", repository: "python"),
  .ok("scratch", repository: "scratch"),
  .ok("python:3.12-slim", repository: "python", tag: "3.12-slim"),
  .ok("python:3.12-slim@sha256:\(hex64)", repository: "python", tag: "3.12-slim", digest: "sha256:\(hex64)"),
  .ok("python@sha256:\(hex64)", repository: "python", digest: "sha256:\(hex64)"),
  .ok("library/python", repository: "library/python"),
  .ok("docker.io/library/python:3", registry: "docker.io", repository: "library/python", tag: "3"),
  .ok("localhost/x", registry: "localhost", repository: "x"),
  .ok("localhost:5000/x", registry: "localhost:5000", repository: "x"),
  .ok("localhost:5000", repository: "localhost", tag: "5000"),
  .ok("ghcr.io/org/app:1", registry: "ghcr.io", repository: "org/app", tag: "1"),
  .ok("[::1]:5000/x", registry: "[::1]:5000", repository: "x"),
  .ok("[fe80::1]/team/x:latest", registry: "[fe80::1]", repository: "team/x", tag: "latest"),
  .ok("127.0.0.1:5000/a/b/c", registry: "127.0.0.1:5000", repository: "a/b/c"),
  .ok("my-registry.local/team/svc:v1.2.3", registry: "my-registry.local", repository: "team/svc", tag: "v1.2.3"),
  .ok("Registry.Example.COM/app", registry: "Registry.Example.COM", repository: "app"),
  .ok("Org/app", registry: "Org", repository: "app"),
  .ok("org/a_b__c.d-e---f", repository: "org/a_b__c.d-e---f"),
  .ok("a.b/c", registry: "a.b", repository: "c"),
  .ok("org/app:UPPER_tag-1.0", repository: "org/app", tag: "UPPER_tag-1.0"),
  .ok("org/app:_private", repository: "org/app", tag: "_private"),
  .ok("x:" + String(repeating: "t", count: 128), repository: "x", tag: String(repeating: "t", count: 128)),
  .ok("x@sha512:" + hex64 + hex64, repository: "x", digest: "sha512:" + hex64 + hex64),
  .ok(String(repeating: "a", count: 247), repository: String(repeating: "a", count: 247)),
  // Variables, emptiness and format errors.
  .bad("", .empty),
  .bad("${BASE}", .containsVariable),
  .bad("python:${PY}-slim", .containsVariable),
  .bad("$BASE", .containsVariable),
  .bad("Python", .uppercaseRepository),
  .bad("python/Flask", .uppercaseRepository),
  .bad("ghcr.io/Org/app", .uppercaseRepository),
  .badFormat("a//b"),
  .badFormat("/python"),
  .badFormat("python/"),
  .badFormat("ghcr.io/"),
  .badFormat("-python"),
  .badFormat("python-"),
  .badFormat("a..b"),
  .badFormat("a___b"),
  .badFormat("py thon"),
  .badFormat("pythön"),
  .badFormat(hex64),
  .badFormat("-bad.example.com/app"),
  .badFormat("registry.example.com:port/app"),
  .badFormat("[::1/x"),
  .badFormat("[zz]:5000/x"),
  .badFormat("python:3.12/x"),
  .bad("python:", .invalidTag("")),
  .bad("python:-1", .invalidTag("-1")),
  .bad("python:.1", .invalidTag(".1")),
  .bad("org/app:a+b", .invalidTag("a+b")),
  .bad("x:" + String(repeating: "t", count: 129), .invalidTag(String(repeating: "t", count: 129))),
  .bad(String(repeating: "a", count: 248), .nameTooLong),
  .bad("example.com/" + String(repeating: "a", count: 256), .nameTooLong),
  .badDigest("python@"),
  .badDigest("python@sha256"),
  .badDigest("python@sha256:abc"),
  .badDigest("python@sha256:" + hex64.uppercased()),
  .badDigest("python@sha256:\(hex64)00"),
  .badDigest("python@md5:" + hex64),
  .badDigest("python@1sha:" + hex64),
  .badDigest("python@sha256:" + String(repeating: "g", count: 64)),
  .badDigest("python@sha256:\(hex64)@sha256:\(hex64)"),
]

/// Maps errors with free-form messages to their kind, so table rows need not spell the messages out.
private func kind(_ error: ImageReferenceError) -> ImageReferenceError {
  switch error {
  case .invalidFormat: .invalidFormat("")
  case .invalidDigest: .invalidDigest("")
  default: error
  }
}

@Suite("Image references")
struct ImageReferenceTests {
  @Test("reference table", arguments: referenceCases)
  func table(_ row: ReferenceCase) {
    let actual = parseImageReference(row.input)
    switch (actual, row.expected) {
    case (.success(let reference), .success(let parts)):
      let got = ReferenceCase.Parts(
        registry: reference.registry, repository: reference.repository, tag: reference.tag, digest: reference.digest)
      #expect(got == parts)
    case (.failure(let error), .failure(let expectedError)):
      #expect(kind(error) == kind(expectedError))
    default:
      Issue.record("\(row.input): expected \(row.expected), got \(actual)")
    }
  }

  @Test func atLeastFortyCases() {
    #expect(referenceCases.count >= 40)
  }

  @Test func rangesPointIntoTheText() throws {
    let text = "registry:5000/org/name:tag@sha256:\(hex64)"
    let reference = try parseImageReference(text).get()
    let bytes = Array(text.utf8)
    func slice(_ range: Range<Int>?) -> String? { range.map { String(decoding: bytes[$0], as: UTF8.self) } }
    #expect(slice(reference.registryRange) == "registry:5000")
    #expect(slice(reference.repositoryRange) == "org/name")
    #expect(slice(reference.tagRange) == "tag")
    #expect(slice(reference.digestRange) == "sha256:\(hex64)")

    let bare = try parseImageReference("python").get()
    #expect(bare.registryRange == nil && bare.tagRange == nil && bare.digestRange == nil)
    #expect(bare.repositoryRange == 0..<6)
  }

  @Test func normalization() throws {
    let python = try parseImageReference("python:3.12").get()
    #expect(python.domain == "docker.io")
    #expect(python.normalizedRepository == "library/python")
    #expect(python.familiarName == "python")
    #expect(python.isOfficialImage)

    let explicit = try parseImageReference("docker.io/library/python").get()
    #expect(explicit.familiarName == "python")
    #expect(explicit.isOfficialImage)
    #expect(explicit == explicit)

    let hubShort = try parseImageReference("docker.io/python").get()
    #expect(hubShort.normalizedRepository == "library/python")
    #expect(hubShort.isOfficialImage)

    let legacy = try parseImageReference("index.docker.io/library/redis").get()
    #expect(legacy.domain == "docker.io")
    #expect(legacy.familiarName == "redis")

    let user = try parseImageReference("someone/tool").get()
    #expect(user.normalizedRepository == "someone/tool")
    #expect(user.familiarName == "someone/tool")
    #expect(!user.isOfficialImage)

    let nested = try parseImageReference("library/distros/ubuntu").get()
    #expect(nested.familiarName == "library/distros/ubuntu")
    #expect(!nested.isOfficialImage)

    let ghcr = try parseImageReference("ghcr.io/org/x:1").get()
    #expect(ghcr.domain == "ghcr.io")
    #expect(ghcr.normalizedRepository == "org/x")
    #expect(ghcr.familiarName == "ghcr.io/org/x")
    #expect(!ghcr.isOfficialImage)

    let localSingle = try parseImageReference("localhost:5000/x").get()
    #expect(localSingle.normalizedRepository == "x")
    #expect(localSingle.familiarName == "localhost:5000/x")

    let scratch = try parseImageReference("scratch").get()
    #expect(scratch.isOfficialImage)
    #expect(scratch.familiarName == "scratch")
  }
}
