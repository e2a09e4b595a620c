// The dispatch rules never crash: odd, truncated and hostile inputs, and every prefix of a file full of the
// constructs they read.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("Dispatch rules robustness")
struct DispatchRobustnessTests {
  static let sources: [String] = [
    "", "\u{FEFF}", "FROM", "ONBUILD", "ONBUILD ONBUILD ONBUILD", "ARG", "ARG =", "=",
    "FROM x\nRUN --mount=\"", "FROM x\nRUN --mount=type=cache,target=\u{FF}x", "FROM x\nRUN --mount=,,,,",
    "FROM x\nRUN --mount=\"\"\"", "FROM x\nRUN --mount=type=tmpfs,size=", "FROM x\nRUN --mount=type=tmpfs,size=.",
    "FROM x\nRUN --mount=type=tmpfs,size=e", "FROM x\nRUN --mount=type=tmpfs,size=-", "FROM x\nRUN --device=",
    "FROM x\nEXPOSE ::::::", "FROM x\nEXPOSE [", "FROM x\nEXPOSE []:1:1", "FROM x\nEXPOSE ]:1:1", "FROM x\nEXPOSE /",
    "FROM x\nEXPOSE -", "FROM x\nEXPOSE 1-", "FROM x\nEXPOSE ::ffff:1.2.3:1:1", "FROM x\nEXPOSE [:::]:1:1",
    "FROM --platform=( x", "FROM --platform=a(b+) x", "FROM --platform=a(+b) x", "FROM --platform=/ x",
    "FROM --platform=//// x", "FROM --platform=${ x", "FROM ${", "FROM ${X:-", "FROM ${X:-${Y}}", "FROM $",
    "FROM x\nCOPY --from=99999999999999999999999 a b", "FROM x\nCOPY --from=-9223372036854775808 a b",
    "FROM x\nCOPY --from=${ a b", "FROM x\nCOPY --chmod= a b", "FROM x\nCOPY --chmod=, a b",
    "FROM x\nCOPY --chmod=u a b",
    "FROM x\nCOPY --chmod=+ a b", "FROM x\nCOPY --chmod=99999999999999999999999 a b",
    "FROM x\nHEALTHCHECK --interval=9223372036854775807ns CMD y",
    "FROM x\nHEALTHCHECK --interval=9223372036854775808ns9223372036854775808ns CMD y",
    "FROM x\nHEALTHCHECK --interval=.99999999999999999999999999999s CMD y", "FROM x\nHEALTHCHECK --interval=- CMD y",
    "FROM x\nHEALTHCHECK --retries=99999999999999999999 CMD y", "FROM x\nHEALTHCHECK --retries=- CMD y",
    "FROM x\nSTOPSIGNAL -9223372036854775808", "FROM x\nSTOPSIGNAL SIG", "FROM x\nONBUILD",
    "FROM x AS a\nCOPY --from=a a b\nFROM a AS b\nCOPY --from=b a b\nRUN --mount=from=a,target=/ x",
    "FROM x\nRUN --mount=from= x\nRUN --mount=from=$ x\nRUN --mount=FROM=x x",
    "FROM x\nCOPY --from=" + String(repeating: "a", count: 70_000) + " a b",
    "FROM x\nCOPY --chown=\u{0}\u{1} a b\nRUN --network=\u{7F}",
  ]

  @Test func oddInputs() {
    for source in Self.sources {
      for text in [source, source + "\n"] { _ = dispatchErrors(Array(text.utf8)) }
    }
  }

  @Test func invalidUTF8() {
    let bytes: [UInt8] =
      Array("FROM x\nRUN --mount=type=cache,target=".utf8) + [0xFF, 0xC3, 0x28, 0x0A]
      + Array("EXPOSE ".utf8) + [0xE2, 0x82] + Array("\nCOPY --from=".utf8) + [0xF0, 0x9F] + Array(" a b\n".utf8)
    _ = dispatchErrors(bytes)
  }

  /// Every prefix of a file that uses what the rules read (truncations leave unterminated quotes and heredocs).
  @Test func everyPrefix() {
    let text = """
      # syntax=docker/dockerfile:1
      ARG BASE=alpine:3.20
      FROM --platform=$BUILDPLATFORM ${BASE} AS build
      RUN --mount=type=cache,target=/root/.cache,sharing=locked --mount=type=secret,id=tok,env=T \\
          --network=none --device=x make
      COPY --from=build --chmod=u+x,g=r --chown=a:b <<EOF /etc/x
      hi
      EOF
      HEALTHCHECK --interval=1m30s --retries=3 CMD ["curl", "-f", "http://x/"]
      EXPOSE 80/tcp 1.2.3.4:8080:80 [::1]:1-2:3-4
      ONBUILD COPY --from=$X "a b" /c
      STOPSIGNAL SIGRTMIN+3
      SHELL ["/bin/sh", "-c"]

      """
    let bytes = Array(text.utf8)
    for n in 0...bytes.count { _ = dispatchErrors(Array(bytes[..<n])) }
  }
}
