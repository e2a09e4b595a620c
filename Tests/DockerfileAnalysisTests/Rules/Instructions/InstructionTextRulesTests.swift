// Tests for the instruction family's rules that read one instruction's text: fixtures with the exact
// ranges (1️⃣…2️⃣, 3️⃣…4️⃣) that must be reported, and fixtures that must stay silent.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF501 absolute-workdir")
struct AbsoluteWorkdirTests {
  static let fires = [
    "WORKDIR 1️⃣relative/dir2️⃣\n",
    "FROM alpine:3.20\nWORKDIR 1️⃣'relative/dir'2️⃣\n",
    "FROM alpine:3.20\nWORKDIR 1️⃣\"relative/dir\"2️⃣\n",
    "FROM alpine:3.20\nWORKDIR /srv\nWORKDIR 1️⃣app2️⃣\nWORKDIR 3️⃣a4️⃣\n",
    "FROM alpine:3.20\nWORKDIR 1️⃣~/app2️⃣\n",
  ]
  static let silent = [
    "WORKDIR /usr/local\n", "WORKDIR '/usr/local'\n", "WORKDIR \"/usr/local\"\n", "WORKDIR ${work}\n",
    "WORKDIR \"${dir}\"\n", "WORKDIR 'C:\\'\n", "WORKDIR \"C:\\\"\n", "WORKDIR C:/\n", "WORKDIR \"C:/\"\n",
    "FROM alpine:3.20\nONBUILD WORKDIR app\n", "FROM alpine:3.20\nWORKDIR\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF501", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF501", s) }
  @Test func isOffByDefault() {
    #expect(!analyze(SyntaxTree("FROM alpine:3.20\nWORKDIR /a\nWORKDIR b\n")).contains { $0.code == "DF501" })
  }
}

@Suite("DF505 invalid-port")
struct InvalidPortTests {
  static let fires = [
    "EXPOSE 1️⃣800002️⃣\n",
    "FROM alpine:3.20\nEXPOSE 80 1️⃣40000-80000/tcp2️⃣ 90000\n",
    "FROM alpine:3.20\nEXPOSE 1️⃣70000/udp2️⃣\n",
    "FROM alpine:3.20\nEXPOSE 1️⃣99999999999999999999999992️⃣\n",
    "FROM alpine:3.20\nEXPOSE 1️⃣65536-655372️⃣\n",
  ]
  static let silent = [
    "EXPOSE 60000\n", "EXPOSE ${FOOBAR}\n", "EXPOSE 40000-60000/tcp\n", "EXPOSE 40000-${FOOBAR}\n",
    "EXPOSE 80000-${FOOBAR}\n", "EXPOSE $P-80000\n", "EXPOSE 65535 0\n", "EXPOSE 127.0.0.1:80000:80\n",
    "EXPOSE 80/TCP\n", "FROM alpine:3.20\nONBUILD EXPOSE 80000\n", "EXPOSE\n", "EXPOSE 80000x\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF505", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF505", s) }
}

@Suite("DF506 add-instead-of-copy")
struct AddInsteadOfCopyTests {
  static let fires = [
    "ADD 1️⃣file2️⃣ /usr/src/app/\n",
    "ADD 1️⃣file.zip2️⃣ /usr/src/app/\n",
    "ADD 1️⃣\"file.zip\"2️⃣ /usr/src/app/\n",
    "FROM alpine:3.20\nADD --chown=app a.tar.gz 1️⃣b.txt2️⃣ c.txt /srv/\n",
    "FROM alpine:3.20\nADD [\"a.tgz\", 1️⃣\"b c.py\"2️⃣, \"/srv/\"]\n",
    "FROM alpine:3.20\nADD 1️⃣git@github.com:org/repo.git2️⃣ /src\n",
    "FROM alpine:3.20\nADD 1️⃣file.TAR2️⃣ /srv/\n",
  ]
  static let silent = [
    "ADD file.tar /usr/src/app/\n", "ADD file.bz2 /usr/src/app/\n", "ADD file.tgz /usr/src/app/\n",
    "ADD \"file.tgz\" /usr/src/app/\n", "ADD \"http://file.com\" /usr/src/app/\n", "ADD file.gz /usr/src/app/\n",
    "ADD file.xz /usr/src/app/\n", "ADD http://file.com /usr/src/app/\n",
    "ADD https://example.com/a.zip /x/\n", "COPY file /usr/src/app/\n", "FROM alpine:3.20\nONBUILD ADD file /x/\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF506", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF506", s) }
}

@Suite("DF507 copy-destination-slash")
struct CopyDestinationSlashTests {
  static let fires = [
    "COPY foo bar 1️⃣baz2️⃣\n",
    "COPY foo bar 1️⃣\"baz\"2️⃣\n",
    "FROM alpine:3.20\nCOPY --from=build a b 1️⃣/srv/app2️⃣\n",
    "FROM alpine:3.20\nCOPY [\"a\", \"b\", 1️⃣\"/srv\"2️⃣]\n",
    "FROM alpine:3.20\nCOPY a b 1️⃣\"\"2️⃣\n",
  ]
  static let silent = [
    "COPY foo bar\n", "COPY foo bar baz/\n", "COPY foo bar \"baz/\"\n", "COPY [\"a\", \"b\", \"/srv/\"]\n",
    "ADD a b c\n", "FROM alpine:3.20\nONBUILD COPY a b c\n", "COPY\n", "COPY a\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF507", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF507", s) }
}

@Suite("DF511 shell-form-command")
struct ShellFormCommandTests {
  static let fires = [
    "FROM node as foo\nENTRYPOINT 1️⃣something2️⃣\n",
    "FROM node as foo\nCMD 1️⃣something --flag2️⃣\n",
    "HEALTHCHECK CMD 1️⃣foobar2️⃣\n",
    "HEALTHCHECK --interval=5s cmd 1️⃣curl -f http://localhost/2️⃣\n",
    "FROM alpine:3.20\nSHELL [\"/bin/bash\", \"-c\"]\nCMD 1️⃣echo hi2️⃣\n",
  ]
  static let silent = [
    "HEALTHCHECK CMD [ \"foobar\" ]\n", "HEALTHCHECK NONE\n",
    "CMD [ \"/bin/sh\", \"-c\", \\\n      \"echo foo && \\\n       echo bar\" \\\n    ]\n",
    "FROM scratch as build\nENTRYPOINT [\"foo\", \"bar\"]\n",
    "FROM scratch as build\nCMD [\"foo\", \"bar\"]\nCMD [ \"foo\", \"bar\" ]\n",
    "FROM alpine:3.20\nONBUILD CMD foo\n", "CMD\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF511", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF511", s) }
}

@Suite("DF514 onbuild-forbidden-trigger")
struct OnbuildForbiddenTriggerTests {
  static let fires = [
    "ONBUILD 1️⃣ONBUILD2️⃣ RUN anything\n",
    "ONBUILD 1️⃣MAINTAINER2️⃣ \"BoJack Horseman\"\n",
    "ONBUILD 1️⃣FROM2️⃣ debian:buster\n",
    "FROM alpine:3.20\nonbuild 1️⃣from2️⃣ debian:buster\n",
    "FROM alpine:3.20\nONBUILD \\\n  1️⃣ONBUILD2️⃣ ONBUILD RUN x\n",
  ]
  static let silent = [
    "ONBUILD USER anything\n", "ONBUILD LABEL bla=\"blubb\"\n", "ONBUILD STOPSIGNAL anything\n",
    "ONBUILD COPY anything anywhere\n", "ONBUILD CMD anything\n", "ONBUILD EXPOSE 69\n",
    "ONBUILD ENTRYPOINT anything\n", "ONBUILD ENV MYVAR=\"bla\"\n", "ONBUILD ARG anything\n",
    "ONBUILD HEALTHCHECK NONE\n", "FROM debian:buster\n", "ONBUILD ADD anything anywhere\n",
    "ONBUILD RUN anything\n", "ONBUILD SHELL anything\n", "ONBUILD WORKDIR anything\n",
    "ONBUILD VOLUME anything\n", "MAINTAINER \"Some Guy\"\n", "ONBUILD\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF514", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF514", s) }
}

@Suite("DF515 env-same-statement-reference")
struct EnvSameStatementReferenceTests {
  static let fires = [
    "ENV 1️⃣BLA2️⃣=\"blubb\" BLUBB=\"$BLA/$BLAFOO/blubb\"\n",
    "ENV 1️⃣PATH2️⃣=/bla:${PATH} PATH=/blubb:${PATH}\n",
    "ENV 1️⃣BLA2️⃣=\"blubb\" BLUBB=\"${BLA}/blubb\"\n",
    "ENV 1️⃣BLA2️⃣=\"blubb\" BLUBB=\"$BLA\"\n",
    "ENV 1️⃣BLA2️⃣=\"blubb\" BLUBB=\"${BLA}\"\n",
    "FROM alpine:3.20\nENV A=1 1️⃣B2️⃣=2 C=$B-x\nENV D=1 3️⃣E4️⃣=2 F=${E}\n",
    "FROM alpine:3.20\nENV C=$B 1️⃣B2️⃣=2\n",
    "FROM alpine:3.20\nENV 1️⃣A.B2️⃣=1 C=$A.B\n",
    "FROM alpine:3.20\nENV 1️⃣A2️⃣=1 B=${${${A}\n",
  ]
  static let silent = [
    "ENV BLA=\"blubb\"\nENV BLUBB=\"${BLA}/blubb\"\n", "ENV BLA=\"blubb\" BLUBB=\"${BLAFOO}/blubb\"\n",
    "ENV BLA=\"blubb\" BLUBB=\"$FOOBLA/blubb\"\n", "ENV BLA=\"blubb\" BLUBB=\"BLA/$BLAFOO/BLA\"\n",
    "ENV BLA blubb\nENV BLA=${BLA}\n", "ENV BLA=\"blubb\" BLUBB=\"${FOOBLA}/blubb\"\n",
    "ENV BLA=\"blubb\" BLUBB=\"$BLAFOO/blubb\"\n", "ARG BLA\nENV BLA=${BLA}\n", "ENV PATH=/bla:${PATH}\n",
    "ENV PATH=/bla:${PATH}\nENV PATH=/blubb:${PATH}\n", "ARG A\nFROM alpine:3.20\nENV A=1 B=$A\n",
    "FROM alpine:3.20\nENV A=1\nENV A=2 B=$A\n", "FROM alpine:3.20\nONBUILD ENV A=1 B=$A\n",
    "FROM alpine:3.20\nENV A=1 B=${A\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF515", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF515", s) }
}

@Suite("DF517 invalid-label-key")
struct InvalidLabelKeyTests {
  static let fires = [
    "LABEL 1️⃣com.docker.label2️⃣=\"foo\"\n", "LABEL 1️⃣io.docker.label2️⃣=\"foo\"\n",
    "LABEL 1️⃣org.dockerproject.label2️⃣=\"foo\"\n", "LABEL 1️⃣invalid$character2️⃣=\"foo\"\n",
    "LABEL 1️⃣.invalid2️⃣=\"foo\"\n", "LABEL 1️⃣-invalid2️⃣=\"foo\"\n", "LABEL 1️⃣1invalid2️⃣=\"foo\"\n",
    "LABEL 1️⃣invalid..character2️⃣=\"foo\"\n", "LABEL 1️⃣invalid--character2️⃣=\"foo\"\n",
    "FROM alpine:3.20\nLABEL ok=1 1️⃣Bad2️⃣=2 worse-=3\n", "LABEL 1️⃣\"Quoted\"2️⃣=x\n",
    "LABEL 1️⃣valid.2️⃣=x\n", "LABEL 1️⃣Maintainer2️⃣ someone\n",
  ]
  static let silent = [
    "LABEL validlabel=\"foo\"\n", "LABEL org.valid-key.label3=\"foo\"\n", "LABEL \"org.example.key\"=x\n",
    "LABEL a_b/c=1 d=2\n", "FROM alpine:3.20\nONBUILD LABEL Bad=1\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF517", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF517", s) }
  @Test func explainsTheProblem() {
    #expect(
      findingMessages("DF517", in: "LABEL com.docker.x=1\n") == [
        "label key com.docker.x uses the namespace com.docker., which Docker reserves"
      ])
  }
}

@Suite("DF521 sensitive-variable-name")
struct SensitiveVariableNameTests {
  static let fires = [
    "ARG 1️⃣AWS_ACCESS_KEY_ID2️⃣\nFROM debian:bullseye\n",
    "ARG 1️⃣openai_api_key2️⃣\nFROM debian:bullseye\nRUN foobar\n",
    "FROM debian:bullseye\nENV 1️⃣AWS_ACCESS_KEY_ID2️⃣=abcdefghijklmnopqrstuvwxyz\n",
    "FROM debian:bullseye\nENV 1️⃣my_password2️⃣=abcdefghijklmnopqrstuvwxyz\n",
    "FROM debian:bullseye\nENV A=1 1️⃣DB_SECRET2️⃣=x C_TOKEN=y\n",
    "FROM debian:bullseye\nONBUILD ARG 1️⃣NPM_TOKEN2️⃣\n",
    "FROM debian:bullseye\nONBUILD ENV 1️⃣GH_TOKEN2️⃣ x\n",
    "FROM debian:bullseye\nARG A=1 1️⃣PRIVATE_KEY2️⃣=2\n",
    "FROM debian:bullseye\nARG 1️⃣Travis_Sudo2️⃣\n",
    "FROM debian:bullseye\nENV 1️⃣\"mytoken\"2️⃣=1\n",
  ]
  static let silent = [
    "FROM debian:bullseye\nRUN foobar\n", "ARG foobar\nFROM debian:bullseye\n",
    "FROM debian:bullseye\nENV foobar=barfoo\n", "FROM debian:bullseye\nARG APP_VERSION=1\n",
    "FROM debian:bullseye\nLABEL token=1\n", "FROM debian:bullseye\nRUN export GITHUB_TOKEN=1\n",
    "FROM debian:bullseye\nONBUILD ONBUILD ARG GITHUB_TOKEN\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF521", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF521", s) }
}

@Suite("DF524 copy-entire-filesystem")
struct CopyEntireFilesystemTests {
  static let fires = [
    "COPY --from=build 1️⃣/ /2️⃣\n",
    "COPY --from=build 1️⃣\"/\" \"/\"2️⃣\n",
    "FROM alpine:3.20\nCOPY --from=build --link 1️⃣/ /etc /2️⃣\n",
    "FROM alpine:3.20\nCOPY --from=build [1️⃣\"/\", \"/\"2️⃣]\n",
  ]
  static let silent = [
    "COPY / /\n", "COPY --from=build / /app\n", "COPY --from=build /app /\n", "ADD --from=build / /\n",
    "FROM alpine:3.20\nONBUILD COPY --from=build / /\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF524", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF524", s) }
}
