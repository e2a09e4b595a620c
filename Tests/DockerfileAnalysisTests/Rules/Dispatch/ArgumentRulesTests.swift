// DF010 invalid-argument-count, DF022 shell-not-json, DF024 blank-name, DF026 heredoc-destination and DF027
// unknown-healthcheck-type: the argument checks of BuildKit's `instructions/parse.go`.
import Testing

@testable import DockerfileAnalysis

@Suite("DF010 invalid-argument-count")
struct DF010InvalidArgumentCountTests {
  @Test(arguments: [
    "FROM alpine\nCOPY 1️⃣app.py2️⃣\n",
    "FROM alpine\n1️⃣COPY2️⃣ []\n",
    "FROM alpine\nADD --chown=root:root [1️⃣\"a\"2️⃣]\n",
    "1️⃣FROM2️⃣\n",
    "1️⃣FROM2️⃣ --platform=linux/amd64\n",
    "FROM alpine 1️⃣AS2️⃣\n",
    "FROM alpine 1️⃣build2️⃣\n",
    "FROM alpine 1️⃣AS build extra2️⃣\n",
    "FROM alpine 1️⃣As \\\nbuild extra2️⃣\n",
    "FROM alpine\n1️⃣ARG2️⃣\n3️⃣ENV4️⃣\n",
    "FROM alpine\n1️⃣LABEL2️⃣\n3️⃣EXPOSE4️⃣\n",
    "FROM alpine\n1️⃣VOLUME2️⃣ []\n3️⃣WORKDIR4️⃣\n",
    "FROM alpine\n1️⃣USER2️⃣\n3️⃣STOPSIGNAL4️⃣\n",
    "FROM alpine\n1️⃣MAINTAINER2️⃣\n3️⃣ONBUILD4️⃣\n",
    "FROM alpine\n1️⃣SHELL2️⃣ []\n3️⃣HEALTHCHECK4️⃣ --interval=5s\n",
    "FROM alpine\nHEALTHCHECK NONE 1️⃣--interval=5s2️⃣\n",
    "FROM alpine\nHEALTHCHECK none 1️⃣a b2️⃣\n",
    "FROM alpine\nHEALTHCHECK 1️⃣CMD2️⃣\nHEALTHCHECK --retries=3 3️⃣cmd4️⃣ []\n",
    "FROM alpine\nONBUILD COPY 1️⃣x2️⃣\n",
    "FROM alpine\nONBUILD 1️⃣WORKDIR2️⃣\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF010", source) }

  @Test(arguments: [
    "FROM alpine\nCOPY app.py /app/\nADD a b c /d/\n",
    "FROM alpine AS build\nFROM build as final\n",
    "FROM alpine\nRUN\nCMD\nENTRYPOINT\nCMD []\nENTRYPOINT []\nRUN []\n",
    "FROM alpine\nCOPY <<EOF /x\nhi\nEOF\n",
    "FROM alpine\nHEALTHCHECK NONE\nHEALTHCHECK CMD curl -f http://localhost/\nHEALTHCHECK CMD [\"curl\"]\n",
    "FROM alpine\nWORKDIR /a b\nUSER a b\nSTOPSIGNAL SIGTERM\nMAINTAINER me <me@example.com>\n",
    "FROM alpine\nARG A B=1\nENV A=1\nLABEL a=b\nEXPOSE 80\nVOLUME /data\nSHELL [\"/bin/sh\", \"-c\"]\n",
    "FROM alpine\nONBUILD RUN echo hi\n",
    // The parser already refuses these (DF001).
    "FROM alpine\nENV PATH\n",
    "FROM alpine\nCOPY [\"a\", 1] /x\n",
    // Not an instruction BuildKit knows (DF002).
    "FROM alpine\nCOPPY x\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF010", source) }

  @Test func messages() {
    #expect(
      dispatchMessages("DF010", "FROM alpine\nCOPY x\nWORKDIR\nSHELL []\nFROM\nHEALTHCHECK NONE x\nHEALTHCHECK CMD\n")
        == [
          "COPY requires at least two arguments, but only one was provided. Destination could not be determined",
          "WORKDIR requires exactly one argument", "SHELL requires at least one argument",
          "FROM requires either one or three arguments", "HEALTHCHECK NONE takes no arguments",
          "Missing command after HEALTHCHECK CMD",
        ])
  }
}

@Suite("DF022 shell-not-json")
struct DF022ShellNotJSONTests {
  @Test(arguments: [
    "FROM alpine\nSHELL 1️⃣/bin/bash -c2️⃣\n",
    "FROM alpine\nSHELL 1️⃣['/bin/bash', '-c']2️⃣\n",
    "FROM alpine\nSHELL 1️⃣[\"/bin/sh\"] ]2️⃣\n",
    "FROM alpine\nONBUILD SHELL 1️⃣powershell2️⃣\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF022", source) }

  @Test(arguments: [
    "FROM alpine\nSHELL [\"/bin/bash\", \"-c\"]\n",
    "FROM alpine\nSHELL [ \"/bin/sh\" , \\\n \"-c\" ]\n",
    "FROM alpine\nSHELL []\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF022", source) }
}

@Suite("DF024 blank-name")
struct DF024BlankNameTests {
  @Test(arguments: [
    "FROM alpine\nENV 1️⃣=production2️⃣\n",
    "FROM alpine\nENV A=1 1️⃣=22️⃣\n",
    "FROM alpine\nLABEL 1️⃣=\"x\"2️⃣\n",
    "FROM alpine\nARG 1️⃣=1.02️⃣\n",
    "ARG 1️⃣=1.02️⃣\nFROM alpine\n",
    "FROM alpine\nVOLUME [1️⃣\"\"2️⃣]\n",
    "FROM alpine\nVOLUME [\"/a\", 1️⃣\" \"2️⃣]\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF024", source) }

  @Test(arguments: [
    "FROM alpine\nENV A=1 B=\nLABEL a=\nARG A=\nARG B\nVOLUME /a\n",
    "FROM alpine\nENV A \"\"\n",
    // Empty only after expansion: left alone.
    "FROM alpine\nVOLUME \"\"\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF024", source) }

  @Test func messages() {
    #expect(
      dispatchMessages("DF024", "FROM alpine\nENV =1\nLABEL =2\nARG =3\nVOLUME [\"\"]\n") == [
        "ENV names can not be blank", "LABEL names can not be blank", "ARG names can not be blank",
        "VOLUME specified can not be an empty string",
      ])
  }
}

@Suite("DF026 heredoc-destination")
struct DF026HeredocDestinationTests {
  @Test(arguments: [
    "FROM alpine\nCOPY app.conf 1️⃣<<EOF2️⃣\nkey=value\nEOF\n",
    "FROM alpine\nADD a 1️⃣<<-'END'2️⃣\n\tx\nEND\n",
    "FROM alpine\nCOPY [\"a\", 1️⃣\"<<EOF\"2️⃣]\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF026", source) }

  @Test(arguments: [
    "FROM alpine\nCOPY <<EOF /etc/app.conf\nkey=value\nEOF\n",
    "FROM alpine\nCOPY <<A <<B /dir/\na\nA\nb\nB\n",
    "FROM alpine\nCOPY a <<\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF026", source) }
}

@Suite("DF027 unknown-healthcheck-type")
struct DF027UnknownHealthcheckTypeTests {
  @Test(arguments: [
    "FROM nginx\nHEALTHCHECK 1️⃣curl2️⃣ -f http://localhost/\n",
    "FROM nginx\nHEALTHCHECK --interval=5s 1️⃣CONNECT2️⃣ x\n",
    "FROM nginx\nONBUILD HEALTHCHECK 1️⃣[\"curl\"]2️⃣\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF027", source) }

  @Test(arguments: [
    "FROM nginx\nHEALTHCHECK CMD curl -f http://localhost/\nHEALTHCHECK cmd x\nHEALTHCHECK NONE\nHEALTHCHECK none\n",
    "FROM nginx\nHEALTHCHECK\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF027", source) }

  @Test func message() {
    #expect(
      dispatchMessages("DF027", "FROM x\nHEALTHCHECK test\n") == ["Unknown type \"TEST\" in HEALTHCHECK (try CMD)"])
  }
}
