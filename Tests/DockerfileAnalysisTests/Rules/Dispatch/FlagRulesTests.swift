// DF011 unknown-flag, DF012 duplicate-flag, DF013 invalid-flag-value and DF015 invalid-duration: BuildKit's
// flag parsing (`instructions/bflag.go`) and the checks on flag values.
import Testing

@testable import DockerfileAnalysis

@Suite("DF011 unknown-flag")
struct DF011UnknownFlagTests {
  @Test(arguments: [
    "FROM alpine\nCOPY 1️⃣--chmown2️⃣=app:app a /b\n",
    "FROM alpine\nADD 1️⃣--from2️⃣=x a /b\n",
    "FROM alpine\nRUN 1️⃣--mounts2️⃣=type=cache,target=/x make\n",
    "FROM 1️⃣--platfrom2️⃣=linux/amd64 alpine\n",
    "FROM alpine\nWORKDIR 1️⃣--foo2️⃣ /x\nENV 3️⃣--x4️⃣ a=b\n",
    "FROM alpine\nCMD 1️⃣--port2️⃣ 8080\n",
    "FROM alpine\nHEALTHCHECK 1️⃣--intervall2️⃣=5s CMD true\n",
    "FROM alpine\nONBUILD 1️⃣--x2️⃣ RUN true\nONBUILD COPY 3️⃣--form4️⃣=a b c\n",
    "FROM alpine\nCOPY 1️⃣--CHOWN2️⃣=app a /b\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF011", source) }

  @Test(arguments: [
    "FROM --platform=linux/amd64 alpine\n",
    "FROM alpine\nADD --chown=a --chmod=644 --link --keep-git-dir --checksum=sha256:x --unpack --exclude=a x /y\n",
    "FROM alpine\nCOPY --from=a --chown=a --chmod=644 --link --parents --exclude=a --exclude=b x /y\n",
    "FROM alpine\nRUN --mount=type=cache,target=/x --network=host --security=insecure --device=x make\n",
    "FROM alpine\nHEALTHCHECK --interval=1s --timeout=1s --start-period=1s --start-interval=1s --retries=1 CMD true\n",
    // BuildKit never reads the flags of ARG, STOPSIGNAL and HEALTHCHECK NONE.
    "FROM alpine\nARG --x y\nSTOPSIGNAL --foo HUP\nHEALTHCHECK --foo NONE\n",
    // `--` ends the flags.
    "FROM alpine\nCOPY -- --from=x /y\nRUN -- --weird\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF011", source) }

  @Test func messages() {
    #expect(
      dispatchMessages("DF011", "FROM alpine\nCOPY --chmown=a --x=1 a b\nRUN --netwrk=host x\n") == [
        "unknown flag: --chmown (did you mean chown?)", "unknown flag: --x",
        "unknown flag: --netwrk (did you mean network?)",
      ])
  }
}

@Suite("DF012 duplicate-flag")
struct DF012DuplicateFlagTests {
  @Test(arguments: [
    "FROM alpine\nCOPY --chown=app 1️⃣--chown=root2️⃣ a /b\n",
    "FROM alpine\nCOPY --link 1️⃣--link=false2️⃣ 3️⃣--link4️⃣ a /b\n",
    "FROM --platform=linux/amd64 1️⃣--platform=linux/arm642️⃣ alpine\n",
    "FROM alpine\nRUN --network=none 1️⃣--network=none2️⃣ true\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF012", source) }

  @Test(arguments: [
    "FROM alpine\nRUN --mount=type=cache,target=/a --mount=type=cache,target=/b --device=a --device=b true\n",
    "FROM alpine\nCOPY --exclude=a --exclude=b a /b\n",
    "FROM alpine\nARG --x=1 --x=2 A\n",
    "FROM alpine\nCOPY --chown=a --chmod=1 a /b\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF012", source) }
}

@Suite("DF013 invalid-flag-value")
struct DF013InvalidFlagValueTests {
  @Test(arguments: [
    "FROM alpine\nCOPY 1️⃣--chown2️⃣ a /b\n",
    "FROM alpine\nCOPY 1️⃣--link=2️⃣ a /b\nADD --keep-git-dir=3️⃣yes4️⃣ https://x/y.git /z\n",
    "FROM 1️⃣--platform2️⃣ alpine\n",
    "FROM alpine\nRUN --network=1️⃣bridge2️⃣ --security=3️⃣privileged4️⃣ true\n",
    "FROM alpine\nRUN --network=1️⃣$NET2️⃣ true\n",
    "FROM alpine\nRUN 1️⃣--mount2️⃣ true\n",
    "FROM alpine\nHEALTHCHECK --retries=1️⃣-12️⃣ CMD true\nHEALTHCHECK --retries=3️⃣three4️⃣ CMD true\n",
    "FROM alpine\nHEALTHCHECK --retries=1️⃣99999999992️⃣ CMD true\n",
    "FROM alpine\nCOPY --chmod=1️⃣8002️⃣ a /b\nCOPY --chmod=3️⃣0177774️⃣ a /b\n",
    "FROM alpine\nADD --chmod=1️⃣u+q2️⃣ a /b\nADD --chmod=3️⃣u+x,4️⃣ a /b\n",
    "FROM alpine\nADD --checksum=1️⃣sha256:abc2️⃣ app.tar.gz /opt/\n",
    "FROM alpine\nADD --checksum=1️⃣sha256:abc2️⃣ https://x/a https://x/b /opt/\n",
    "FROM alpine\nRUN --device=1️⃣a,name=b2️⃣ true\nRUN --device=3️⃣a,required=maybe4️⃣ true\n",
    "FROM alpine\nONBUILD RUN --network=1️⃣bridge2️⃣ true\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF013", source) }

  @Test(arguments: [
    "FROM alpine\nCOPY --link --link=true --parents=FALSE a /b\nADD --unpack --keep-git-dir=True x /y\n",
    "FROM alpine\nRUN --network=host true\nRUN --network=none true\nRUN --network=default --security=sandbox true\n",
    "FROM alpine\nHEALTHCHECK --retries=0 --interval= CMD true\n",
    "FROM alpine\nCOPY --chmod=755 a /b\nCOPY --chmod=0644 a /b\nCOPY --chmod=07777 a /b\nCOPY --chmod= a /b\n",
    "FROM alpine\nCOPY --chmod=u+x a /b\nCOPY --chmod=a=rwx,go-w a /b\nCOPY --chmod=u=rwX,g=rX,o= a /b\n",
    "FROM alpine\nCOPY --chmod=$MODE a /b\nCOPY --chmod=${MODE:-0755} a /b\n",
    "FROM alpine\nADD --checksum=sha256:abc https://example.com/a.tgz /opt/\n",
    "FROM alpine\nADD --checksum=abc git@github.com:moby/buildkit.git /src\n",
    "FROM alpine\nADD --checksum=$SUM $URL /opt/\nADD --checksum=sha256:abc $URL /opt/\n",
    "FROM alpine\nRUN --device=nvidia.com/gpu=all --device=name=x,required --device=vendor.com/class=y,required=true x\n",
    "FROM alpine\nCOPY --from= a /b\nFROM --platform= alpine\n",
    // A second --checksum is DF012's; the sources are judged once.
    "FROM alpine\nADD --checksum=a --checksum=b https://x/y /z\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF013", source) }

  @Test func messages() {
    let source = """
      FROM alpine
      COPY --chown a b
      COPY --link=yes a b
      RUN --network=bridge --security=x true
      HEALTHCHECK --retries=x --retries=-2 CMD true
      COPY --chmod=9 a b
      ADD --checksum=sha256:x a b
      ADD --checksum=sha256:x a b /c/
      RUN --device=a,b true

      """
    #expect(
      dispatchMessages("DF013", source) == [
        "missing a value on flag: --chown", "expecting boolean value for flag --link, not: yes",
        "invalid network mode \"bridge\"", "security \"x\" is not valid",
        "strconv.ParseInt: parsing \"x\": invalid syntax", "--retries cannot be negative (-2)",
        "invalid chmod parameter: '9'. it should be octal string and between 0 and 07777",
        "checksum requires HTTP(S) or Git sources", "checksum can't be specified for multiple sources",
        "invalid field 'b' must be a key=value pair",
      ])
  }
}

@Suite("DF015 invalid-duration")
struct DF015InvalidDurationTests {
  @Test(arguments: [
    "FROM nginx\nHEALTHCHECK --interval=1️⃣302️⃣ CMD true\n",
    "FROM nginx\nHEALTHCHECK --timeout=1️⃣5x2️⃣ --start-period=3️⃣1.5.5s4️⃣ CMD true\n",
    "FROM nginx\nHEALTHCHECK --interval=1️⃣100us2️⃣ --timeout=3️⃣-1s4️⃣ CMD true\n",
    "FROM nginx\nHEALTHCHECK --start-interval=1️⃣$INTERVAL2️⃣ CMD true\n",
    "FROM nginx\nHEALTHCHECK --interval=1️⃣99999999999h2️⃣ CMD true\n",
    "FROM nginx\nHEALTHCHECK --interval=1️⃣s2️⃣ --timeout=3️⃣.s4️⃣ CMD true\n",
    "FROM nginx\nONBUILD HEALTHCHECK --interval=1️⃣12️⃣ CMD true\n",
    // BuildKit reads flag words byte by byte, so `µ` reaches Go's duration parser as `Âµ`.
    "FROM nginx\nHEALTHCHECK --start-period=1️⃣5\u{00B5}s2️⃣ CMD true\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF015", source) }

  @Test(arguments: [
    "FROM nginx\nHEALTHCHECK --interval=30s --timeout=1m30s --start-period=0 --start-interval=500ms CMD true\n",
    "FROM nginx\nHEALTHCHECK --interval=1.5h --timeout=+2s --start-period=0s --start-interval=1ms CMD true\n",
    "FROM nginx\nHEALTHCHECK --interval=.5s --timeout=1000000ns --start-period=5us0.999ms CMD true\n",
    "FROM nginx\nHEALTHCHECK --interval= CMD true\n",
    "FROM nginx\nHEALTHCHECK --interval=5 NONE\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF015", source) }

  @Test func messages() {
    #expect(
      dispatchMessages("DF015", "FROM x\nHEALTHCHECK --interval=3 --timeout=3q --start-period=x --retries=1 CMD y\n")
        == [
          "time: missing unit in duration \"3\"", "time: unknown unit \"q\" in duration \"3q\"",
          "time: invalid duration \"x\"",
        ])
    #expect(
      dispatchMessages("DF015", "FROM x\nHEALTHCHECK --start-interval=10us CMD y\n") == [
        "Interval \"start-interval\" cannot be less than 1ms"
      ])
  }

  @Test func goDurations() {
    func ns(_ s: String) -> Int64? { try? InvalidDuration.parseGoDuration(Array(s.utf8)).get() }
    #expect(ns("1h2m3s4ms5us6ns") == 3_723_004_005_006)
    #expect(ns("1.5s") == 1_500_000_000)
    #expect(ns("-0") == 0)
    #expect(ns("+.5m") == 30_000_000_000)
    #expect(ns("2562047h47m16.854775807s") == Int64.max)
    #expect(ns("2562047h47m16.854775808s") == nil)
    #expect(ns("-2562047h47m16.854775808s") == Int64.min)
    #expect(ns("") == nil)
    #expect(ns("1") == nil)
    #expect(ns("1e3s") == nil)
    #expect(ns("5\u{00B5}s") == 5_000)
    #expect(ns("5\u{03BC}s") == 5_000)
  }
}
