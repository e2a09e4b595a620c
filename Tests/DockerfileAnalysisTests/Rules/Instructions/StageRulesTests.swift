// Tests for the instruction family's rules that follow stages through the file: fixtures with the exact
// ranges (1️⃣…2️⃣, 3️⃣…4️⃣) that must be reported, and fixtures that must stay silent.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF502 last-user-root")
struct LastUserRootTests {
  static let fires = [
    "FROM scratch\nUSER 1️⃣root2️⃣\n",
    "FROM scratch\nUSER 1️⃣02️⃣\n",
    "FROM scratch\nUSER 1️⃣0:02️⃣\n",
    "FROM scratch\nUSER 1️⃣root:root2️⃣\n",
    "FROM debian as base\nUSER 1️⃣root2️⃣\nRUN something\nFROM base\nRUN something else\n",
    "FROM debian as base\nUSER 1️⃣root2️⃣\nRUN something\nFROM scratch\nUSER foo\nRUN something else\n",
    "FROM a:1\nUSER root\nUSER 1️⃣02️⃣\nFROM b:1\nUSER app\nUSER 3️⃣root4️⃣\n",
  ]
  static let silent = [
    "FROM scratch\nUSER foo\n", "FROM scratch\nUSER root\nRUN something\nUSER foo\n",
    "FROM debian as base\nUSER root\nRUN something\nUSER foo\nFROM scratch\nRUN something else\n",
    "USER root\nFROM scratch\n", "FROM scratch\nUSER $USER\n", "FROM scratch\nUSER rootless\n",
    "FROM scratch\nUSER \"root\"\n", "FROM scratch\nONBUILD USER root\n", "FROM scratch\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF502", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF502", s) }
}

@Suite("DF508 copy-from-unknown-stage")
struct CopyFromUnknownStageTests {
  static let fires = [
    "FROM scratch\nCOPY 1️⃣--from=build2️⃣ foo .\nFROM node as build\nRUN baz\n",
    "COPY 1️⃣--from=02️⃣ bar .\n",
    "COPY 1️⃣--from=foo2️⃣ bar .\n",
    "FROM node:1 AS Build\nFROM node:1\nCOPY 1️⃣--from=build2️⃣ a b\nCOPY 3️⃣--from=24️⃣ a b\n",
    "FROM node:1\nCOPY 1️⃣--from=python2️⃣ a b\n",
  ]
  static let silent = [
    "FROM scratch as build\nRUN foo\nFROM node\nCOPY --from=build foo .\nRUN baz\n",
    "FROM scratch as build\nRUN foo\nFROM node\nCOPY --from=0 foo .\n",
    "FROM scratch\nRUN foo\nFROM node\nCOPY --from=0 foo .\n", "COPY --from=haskell:latest bar .\n",
    "FROM a:1 AS x\nCOPY --from=x a b\n", "FROM a:1\nCOPY --from=0abc a b\n", "FROM a:1\nCOPY --from=\"x:1\" a b\n",
    "COPY a b\n", "FROM a:1\nONBUILD COPY --from=nowhere a b\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF508", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF508", s) }
}

@Suite("DF509 copy-from-own-stage")
struct CopyFromOwnStageTests {
  static let fires = [
    "FROM node as foo\nCOPY 1️⃣--from=foo2️⃣ bar .\n",
    "FROM node as foo\nCOPY --from=bar a b\nCOPY 1️⃣--from=\"foo\"2️⃣ a b\n",
  ]
  static let silent = [
    "FROM scratch as build\nRUN foo\nFROM node as run\nCOPY --from=build foo .\nRUN baz\n",
    "COPY --from=foo a b\n", "FROM node\nCOPY --from=node a b\n", "FROM node as foo\nCOPY --from=Foo a b\n",
    "FROM node as foo\nFROM node as bar\nCOPY --from=foo a b\n", "FROM node as foo\nONBUILD COPY --from=foo a b\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF509", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF509", s) }
}

@Suite("DF510 duplicate-stage-alias")
struct DuplicateStageAliasTests {
  static let fires = [
    "FROM node as foo\nRUN something\nFROM scratch as 1️⃣foo2️⃣\nRUN something\n",
    "FROM a:1 AS x\nFROM b:1 AS 1️⃣x2️⃣\nFROM c:1 AS 3️⃣x4️⃣\n",
  ]
  static let silent = [
    "FROM scratch as build\nRUN foo\nFROM node as run\nRUN baz\n", "FROM a:1 AS x\nFROM b:1 AS X\n",
    "FROM a:1\nFROM a:1\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF510", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF510", s) }
}

@Suite("DF516 copy-relative-destination")
struct CopyRelativeDestinationTests {
  static let fires = [
    "COPY bla.sh 1️⃣blubb.sh2️⃣\n",
    "COPY bla.sh 1️⃣\"blubb.sh\"2️⃣\n",
    "COPY a 1️⃣b2️⃣\n",
    "FROM debian:buster as stage1\nWORKDIR /usr\nFROM debian:buster\nCOPY foo 1️⃣bar2️⃣\n",
    "FROM microsoft/windowsservercore as stage1\nWORKDIR c:\\system32\n"
      + "FROM microsoft/windowsservercore\nCOPY foo 1️⃣bar2️⃣\n",
    "WORKDIR /app\nFROM debian:12\nCOPY a 1️⃣b2️⃣\n",
    "FROM debian:12\nONBUILD WORKDIR /app\nCOPY a 1️⃣b2️⃣\n",
    "FROM debian:12 AS a\nWORKDIR /app\nFROM debian:12 AS b\nCOPY x 1️⃣y2️⃣\nFROM a\nCOPY x y\n",
  ]
  static let silent = [
    "COPY bla.sh /usr/local/bin/blubb.sh\n", "COPY bla.sh \"/usr/local/bin/blubb.s\"\n",
    "COPY bla.sh d:\\mypath\\blubb.sh\n", "COPY bla.sh \"d:\\mypath\\blubb.sh\"\n", "COPY bla.sh d:/mypath/blubb.sh\n",
    "FROM scratch\nWORKDIR /usr\nCOPY bla.sh blubb.sh\n", "FROM scratch\nWORKDIR c:\\system32\nCOPY bla.sh blubb.sh\n",
    "COPY src.sh ${SRC_BASE_ENV}\n", "COPY src.sh $SRC_BASE_ENV\n", "COPY src.sh \"${SRC_BASE_ENV}\"\n",
    "COPY src.sh \"$SRC_BASE_ENV\"\n",
    "FROM debian:buster as base\nWORKDIR /usr\nFROM debian:buster as stage-inbetween\nRUN foo\n"
      + "FROM base\nCOPY foo bar\n",
    "FROM debian:buster as base1\nWORKDIR /usr\nFROM base1 as base2\nRUN foo\nFROM base2\nCOPY foo bar\n",
    "FROM debian:buster\nONBUILD WORKDIR /usr/local/lib\nONBUILD COPY foo bar\n",
    "FROM debian:12\nWORKDIR /app\nFROM debian:12\nCOPY a b\n", "WORKDIR /app\nCOPY a b\n",
    "FROM debian:12\nADD a b\n", "FROM debian:12\nCOPY a\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF516", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF516", s) }
}

@Suite("DF518 missing-healthcheck")
struct MissingHealthcheckTests {
  static let fires = [
    "FROM 1️⃣scratch2️⃣\n",
    "FROM scratch AS base\nHEALTHCHECK CMD /bin/bla\nFROM 1️⃣scratch2️⃣\n",
    """
    FROM scratch AS base1
    FROM base1 AS base2
    FROM base2 AS base3.1
    FROM 1️⃣base22️⃣ AS base3.2

    FROM base3.1 AS end1
    HEALTHCHECK NONE

    FROM 3️⃣base3.24️⃣ AS end2

    """,
    "FROM 1️⃣alpine:3.202️⃣\nONBUILD HEALTHCHECK NONE\n",
  ]
  static let silent = [
    "FROM scratch\nHEALTHCHECK NONE\n", "FROM scratch\nHEALTHCHECK CMD /bin/bla\n",
    "FROM scratch AS base\nHEALTHCHECK CMD /bin/bla\nFROM base\n",
    "FROM scratch AS base1\nFROM base1 AS base2\nFROM base2 AS base3\nFROM base3 AS end\nHEALTHCHECK NONE\n",
    "HEALTHCHECK NONE\n", "",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF518", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF518", s) }
}

@Suite("DF519 instruction-before-from")
struct InstructionBeforeFromTests {
  static let fires = [
    "1️⃣LABEL2️⃣ foo=bar\nFROM foo\n",
    "ARG A=1\n1️⃣RUN2️⃣ echo\n# comment\n3️⃣ENV4️⃣ B=2\nFROM foo\nRUN ok\n",
    "1️⃣ONBUILD2️⃣ RUN x\n",
  ]
  static let silent = [
    "FROM foo\nLABEL foo=bar\n", "# syntax = docker/dockerfile:1.0-experimental\nFROM node:16-alpine3.13\n",
    "FROM foo\nARG A=B\nRUN echo bla\n", "ARG A=B\nFROM foo\nLABEL foo=bar\n", "RUNN x\nFROM foo\n", "",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF519", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF519", s) }
}

@Suite("DF520 reserved-stage-alias")
struct ReservedStageAliasTests {
  static let fires = ["FROM foo:bar AS 1️⃣scratch2️⃣\n", "FROM foo:bar as 1️⃣context2️⃣\n"]
  static let silent = ["FROM foo:bar AS foobar\n", "FROM foo:bar AS Scratch\n", "FROM scratch\n"]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF520", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF520", s) }
}

@Suite("DF523 non-numeric-user")
struct NonNumericUserTests {
  static let fires = [
    "USER 1️⃣foobar:barfoo2️⃣\n",
    "USER 1️⃣foobar2️⃣\n",
    "FROM a:1\nUSER 1️⃣root2️⃣\n",
    "FROM a:1\nUSER 1️⃣${APP_UID}2️⃣\nARG APP_UID\n",
    "FROM a:1\nENV APP_UID=1\nUSER 1️⃣$APP_UID2️⃣\n",
  ]
  static let silent = [
    "USER 1234:5678\n", "USER 12345\n", "ARG APP_UID\nFROM foobar:barfoo\nUSER ${APP_UID}\n",
    "FROM a:1\nARG APP_UID=1\nUSER $APP_UID:100\n", "FROM a:1\nARG A\nUSER $AB\n", "FROM a:1\nUSER 10:app\n",
    "FROM a:1\nUSER :1\n", "FROM a:1\nONBUILD USER app\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF523", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF523", s) }
}

@Suite("DF525 multiple-cmd")
struct MultipleCmdTests {
  static let fires = [
    "FROM debian as distro1\nCMD bash\nRUN foo\n1️⃣CMD2️⃣ another\nFROM debian as distro2\nCMD another\n",
    "FROM debian\nCMD bash\nRUN foo\n1️⃣CMD2️⃣ another\n3️⃣cmd4️⃣ third\n",
    "CMD a\n1️⃣CMD2️⃣ b\nFROM debian\nCMD c\n",
  ]
  static let silent = [
    "FROM debian as distro1\nCMD bash\nRUN foo\nFROM debian as distro2\nCMD another\n", "CMD /bin/true\n",
    "FROM debian\nCMD a\nONBUILD CMD b\n", "FROM debian\nCMD a\nENTRYPOINT b\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF525", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF525", s) }
}

@Suite("DF526 multiple-entrypoint")
struct MultipleEntrypointTests {
  static let fires = [
    "FROM debian\nENTRYPOINT bash\nRUN foo\n1️⃣ENTRYPOINT2️⃣ another\n",
    "FROM debian as distro1\nENTRYPOINT bash\nRUN foo\n1️⃣ENTRYPOINT2️⃣ another\n"
      + "FROM debian as distro2\nENTRYPOINT another\n",
  ]
  static let silent = [
    "FROM busybox\n", "FROM debian as distro1\nENTRYPOINT bash\nRUN foo\nFROM debian as distro2\nENTRYPOINT another\n",
    "ENTRYPOINT /bin/true\n", "FROM debian\nENTRYPOINT a\nONBUILD ENTRYPOINT b\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF526", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF526", s) }
}
