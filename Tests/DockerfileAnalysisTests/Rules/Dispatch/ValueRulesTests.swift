// DF016 invalid-port, DF023 invalid-stop-signal and DF025 copy-remote-source: values BuildKit checks when it
// dispatches EXPOSE, STOPSIGNAL and COPY.
import Testing

@testable import DockerfileAnalysis

@Suite("DF016 invalid-port")
struct DF016InvalidPortTests {
  @Test(arguments: [
    "FROM nginx\nEXPOSE 1️⃣80/http2️⃣\n",
    "FROM nginx\nEXPOSE 80 1️⃣700002️⃣ 3️⃣abc4️⃣\n",
    "FROM nginx\nEXPOSE 1️⃣90-802️⃣ 3️⃣80-4️⃣\n",
    "FROM nginx\nEXPOSE 1️⃣-802️⃣ 3️⃣/tcp4️⃣\n",
    "FROM nginx\nEXPOSE 1️⃣1.2.3:80:802️⃣ 3️⃣8080::80894️⃣\n",
    "FROM nginx\nEXPOSE 1️⃣8000-8010:80-812️⃣\n",
    "FROM nginx\nEXPOSE 1️⃣abc:802️⃣ 3️⃣[::1:80:804️⃣\n",
    "FROM nginx\nEXPOSE 1️⃣8080\\\n80812️⃣\n",
    "FROM nginx\nONBUILD EXPOSE 1️⃣80/tcp/udp2️⃣\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF016", source) }

  @Test(arguments: [
    "FROM nginx\nEXPOSE 80 80/tcp 53/udp 132/sctp 80/TCP 8000-8010 8000-8000 0 65535 +80\n",
    "FROM nginx\nEXPOSE 8080:80 127.0.0.1:8080:80 [::1]:80:80 [2001:db8::1]:80:80 ::ffff:1.2.3.4:80:80\n",
    "FROM nginx\nEXPOSE 8000-8010:9000-9010 8000-8005:80 :80\n",
    "FROM nginx\nEXPOSE $PORT ${PORT}/tcp \"80\" 'abc'\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF016", source) }

  @Test func messages() {
    #expect(
      dispatchMessages("DF016", "FROM x\nEXPOSE 80/http /tcp abc 1.2.3:1:1 1-2:3-5\n") == [
        "invalid port: \"80/http\": invalid proto: http", "invalid port: \"/tcp\": no port specified",
        "invalid containerPort: abc", "invalid IP address: 1.2.3",
        "invalid ranges specified for container and host Ports: 3-5 and 1-2",
      ])
  }

  @Test func goIPs() {
    for ok in [
      "1.2.3.4", "0.0.0.0", "::", "::1", "1::", "2001:db8::8a2e:370:7334", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8",
    ] {
      #expect(InvalidPort.isGoIP(ok), "\(ok)")
    }
    for bad in [
      "1.2.3", "01.2.3.4", "256.1.1.1", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1", "1:", "12345::", "fe80::1%eth0",
    ] {
      #expect(!InvalidPort.isGoIP(bad), "\(bad)")
    }
  }
}

@Suite("DF023 invalid-stop-signal")
struct DF023InvalidStopSignalTests {
  @Test(arguments: [
    "FROM nginx\nSTOPSIGNAL 1️⃣SIGSTOPP2️⃣\n",
    "FROM nginx\nSTOPSIGNAL 1️⃣02️⃣\n",
    "FROM nginx\nSTOPSIGNAL 1️⃣SIGTERM now2️⃣\n",
    "FROM nginx\nSTOPSIGNAL 1️⃣SIGRTMIN+162️⃣\n",
    "FROM nginx\nONBUILD STOPSIGNAL 1️⃣KILLL2️⃣\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF023", source) }

  @Test(arguments: [
    "FROM nginx\nSTOPSIGNAL HUP\nSTOPSIGNAL SIGTERM\nSTOPSIGNAL sigquit\nSTOPSIGNAL 9\nSTOPSIGNAL SIGRTMIN+3\n",
    "FROM nginx\nSTOPSIGNAL RTMAX-14\nSTOPSIGNAL -1\nSTOPSIGNAL 64\nSTOPSIGNAL SIGWINCH\n",
    "FROM nginx\nSTOPSIGNAL $SIGNAL\nSTOPSIGNAL \"SIGTERM\"\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF023", source) }
}

@Suite("DF025 copy-remote-source")
struct DF025CopyRemoteSourceTests {
  @Test(arguments: [
    "FROM alpine\nCOPY 1️⃣https://example.com/tool.tar.gz2️⃣ /opt/\n",
    "FROM alpine\nCOPY 1️⃣http://example.com/a2️⃣ b 3️⃣https://github.com/moby/buildkit.git#v0.14️⃣ /opt/\n",
    "FROM alpine\nCOPY [1️⃣\"git://example.com/repo\"2️⃣, \"/src\"]\n",
    "FROM alpine\nONBUILD COPY 1️⃣https://x/y2️⃣ /z\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF025", source) }

  @Test(arguments: [
    "FROM alpine\nADD https://example.com/tool.tar.gz /opt/\nADD https://github.com/moby/buildkit.git /src\n",
    "FROM alpine\nCOPY app /https://x\nCOPY $URL /x\nCOPY \"https://x\" /y\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF025", source) }

  @Test func messages() {
    #expect(
      dispatchMessages("DF025", "FROM x\nCOPY https://a/b https://a/b.git /c/\n") == [
        "source can't be a URL for COPY", "source can't be a git ref for COPY",
      ])
  }
}

@Suite("DF031 invalid-expansion")
struct DF031InvalidExpansionTests {
  @Test(arguments: [
    "FROM alpine:3.20\nENV GREETING=it1️⃣'s2️⃣\n",
    "FROM alpine:3.20\nENV MESSAGE don1️⃣'t panic2️⃣\n",
    "FROM alpine:3.20\nCOPY 1️⃣\"my2️⃣ file3️⃣\"4️⃣ /dst/\n",
    "FROM alpine:3.20\nCOPY [1️⃣\"it's\"2️⃣, \"/dst/\"]\n",
    "FROM alpine:3.20\nLABEL a=1️⃣${B2️⃣\n",
    "FROM alpine:3.20\nWORKDIR /app/1️⃣${DIR:x}2️⃣\n",
    "FROM 1️⃣${BASE2️⃣\n",
    "FROM alpine:3.20\nRUN --mount=type=cache,target=/x1️⃣${Y2️⃣ true\n",
    "FROM alpine:3.20\nCOPY --chown=1️⃣\"app2️⃣ a /b\n".replacingOccurrences(of: "1️⃣\"app2️⃣", with: "1️⃣\\\"app2️⃣"),
    "FROM alpine:3.20\nONBUILD ENV A=1️⃣\"x2️⃣\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF031", source) }

  @Test(arguments: [
    "FROM alpine:3.20\nENV GREETING=\"it's\" B='say \"hi\"' C=a\\'b D=${X:-y} E=$Y\n",
    "FROM alpine:3.20\nCOPY [\"my file\", \"/dst/\"]\nCOPY <<'EOF' /x\n'unbalanced\nEOF\n",
    "FROM alpine:3.20\nRUN echo \"it's\nCMD echo 'x\nHEALTHCHECK CMD echo \"y\nMAINTAINER it's me\n",
    "FROM alpine:3.20\nARG it's\nWORKDIR \"/my dir\"\nUSER \"app\"\n",
    // ARG defaults are skipped when a build argument is given, so they are left alone.
    "ARG VARIANT=${templateOption:imageVariant}\nFROM alpine:3.20\nARG V=${X\n",
    "FROM alpine:3.20\nENV A=\"x\\\"\"\nLABEL b=\"\\\\\"\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF031", source) }

  @Test func messages() {
    #expect(
      dispatchMessages("DF031", "FROM x\nENV A=${B\nENV C=it's\nENV D=\"x\n") == [
        "syntax error: missing '}'", "unexpected end of statement while looking for matching single-quote",
        "unexpected end of statement while looking for matching double-quote",
      ])
  }
}
