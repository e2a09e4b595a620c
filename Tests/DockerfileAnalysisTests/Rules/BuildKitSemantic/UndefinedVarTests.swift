// DF213 undefined-var: sources that must be reported (exact ranges between 1️⃣ and 2️⃣, and 3️⃣ and 4️⃣ for a second
// finding), sources that must not, and BuildKit's messages with "did you mean".
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF213 undefined-var")
struct UndefinedVarTests {
  static let fires = [
    // Used before the ARG that defines it (BuildKit's testUnmatchedVars).
    "FROM alpine\nCOPY 1️⃣$foo2️⃣ .\nARG foo=bar\nRUN echo $foo\n",
    // One finding per stage (lint mode dispatches every stage).
    "FROM scratch AS first\nCOPY 1️⃣$foo2️⃣ .\n\nFROM scratch AS second\nCOPY 3️⃣$bar4️⃣ .\n",
    // A default does not make the variable defined; references inside the default are looked up too.
    "FROM alpine\nWORKDIR 1️⃣${DIR:-/app}2️⃣\n",
    "FROM alpine\nWORKDIR 1️⃣${A:-3️⃣$B4️⃣}2️⃣\n",
    "FROM alpine\nUSER 1️⃣${U:+x}2️⃣\n",
    // Every pair of one ENV is expanded against the environment before the ENV.
    "FROM alpine\nENV A=1 B=1️⃣$A2️⃣\n",
    // ENV and LABEL keys are expanded too.
    "FROM alpine\nLABEL 1️⃣$K2️⃣=v x=3️⃣${V}4️⃣\n",
    // A global ARG is visible in a stage only when declared again there.
    "ARG VERSION=1\nFROM alpine\nCOPY app-1️⃣$VERSION2️⃣.tar /app/\n",
    // Platform arguments are global: a stage must declare them.
    "FROM alpine\nCOPY bin/1️⃣$TARGETARCH2️⃣/app /usr/bin/app\n",
    // Declarations in another stage do not count unless the stage builds on it.
    "FROM alpine AS a\nARG foo=x\nFROM alpine AS b\nCOPY 1️⃣$foo2️⃣ .\n",
    // COPY/ADD flags, destination, VOLUME, STOPSIGNAL, RUN --mount options, ARG defaults.
    "FROM alpine\nCOPY --chown=1️⃣$U2️⃣:app src 3️⃣$DEST4️⃣\n",
    "FROM alpine\nADD --checksum=1️⃣$SUM2️⃣ https://example.com/x /x\n",
    "FROM alpine\nVOLUME /data 1️⃣$LOGS2️⃣\n",
    "FROM alpine\nVOLUME [\"/data\", \"1️⃣$LOGS2️⃣\"]\n",
    "FROM alpine\nSTOPSIGNAL 1️⃣$SIG2️⃣\n",
    "FROM alpine\nRUN --mount=type=cache,target=1️⃣$CACHE2️⃣ make\n",
    "FROM alpine\nARG A=1️⃣$B2️⃣/x\n",
    // An ARG default may not use its own name before it is declared.
    "FROM alpine\nARG A=1️⃣$A2️⃣:x\n",
    // JSON sources map back to the source text.
    "FROM alpine\nCOPY [\"1️⃣$SRC2️⃣\", \"/dst/\"]\n",
    // A heredoc with an unquoted delimiter is expanded; quotes inside it do not protect anything.
    "FROM alpine\nCOPY <<EOF /etc/app.conf\nname='1️⃣$NAME2️⃣'\nEOF\n",
    // Continuation lines.
    "FROM alpine\nCOPY \\\n  1️⃣$SRC2️⃣ \\\n  /dst/\n",
    // A backslash is literal under `# escape=`+"`"+`, so `\$X` expands.
    "# escape=`\nFROM alpine\nWORKDIR C:\\1️⃣$DIR2️⃣\n",
    // Special parameters are variables BuildKit cannot find either.
    "FROM alpine\nLABEL x=a1️⃣$12️⃣\n",
    // The same name in two words is reported twice, in one word once.
    "FROM alpine\nCOPY 1️⃣$X2️⃣ 3️⃣$X4️⃣\n",
    "FROM alpine\nCOPY 1️⃣$X2️⃣-$X /dst/\n",
    // Images that are not in the table are assumed to set only PATH.
    "FROM python:3.12\nWORKDIR /src/1️⃣$NODE_VERSION2️⃣\n",
  ]

  static let silent = [
    "FROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n",
    // ARG declarations are inherited through FROM <stage>, even without a value.
    "FROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n",
    "FROM alpine AS base\nARG foo\nFROM base\nCOPY $foo .\n",
    "FROM alpine AS base\nENV DIR=/app\nFROM base AS more\nFROM more\nWORKDIR $DIR\n",
    // Not expanded by BuildKit: RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK, EXPOSE, FROM, ONBUILD, COPY --from.
    "FROM alpine\nRUN echo $PATH $UNDEFINED\nCMD echo $X\nENTRYPOINT [\"sh\", \"$Y\"]\n",
    "FROM alpine\nHEALTHCHECK CMD curl $URL\nEXPOSE $PORT\nONBUILD COPY $X .\n",
    "FROM alpine AS a\nFROM alpine\nCOPY --from=$STAGE /x /x\n",
    // Quoting and escaping.
    "FROM alpine\nLABEL a='$X' b=\\$Y c=\"\\$Z\"\n",
    "FROM alpine\nCOPY <<'EOF' /x\n$X\nEOF\n",
    "FROM alpine\nCOPY <<\"EOF\" /x\n$X\nEOF\n",
    "FROM alpine\nRUN <<EOF\necho $X\nEOF\n",
    // Sequential ARG declarations see each other.
    "FROM alpine\nARG A=1 B=$A\nENV C=$A\nENV D=$C\n",
    "ARG TARGETARCH\nFROM alpine\nARG TARGETARCH\nCOPY bin/$TARGETARCH/app /app\n",
    "FROM alpine\nARG TARGETPLATFORM\nLABEL platform=$TARGETPLATFORM\n",
    // PATH is always set; BuildKit's SBOM arguments are ignored.
    "FROM scratch\nENV PATH=$PATH:/opt/bin\n",
    "FROM alpine\nLABEL a=$BUILDKIT_SBOM_SCAN_STAGE b=${BUILDKIT_SBOM_SCAN_CONTEXT}\n",
    // Variables that well-known official images set.
    "FROM python:3.12-slim\nWORKDIR /src/python-$PYTHON_VERSION\nLABEL lang=$LANG key=$GPG_KEY\n",
    "FROM node:20-alpine AS build\nLABEL node=$NODE_VERSION yarn=$YARN_VERSION\nFROM build\nLABEL n=$NODE_VERSION\n",
    "FROM golang:1.22\nWORKDIR $GOPATH/src/app\n",
    "FROM docker.io/library/python@sha256:0123456789012345678901234567890123456789012345678901234567890123\n"
      + "LABEL v=$PYTHON_VERSION\n",
    // Not in a stage, or no stage at all.
    "ARG A=$B\nFROM alpine\n",
    "",
    "COPY $X .\n",
    // Malformed references do not crash.
    "FROM alpine\nLABEL a=${ b=${X:-${ c=$\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF213", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF213", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func messagesSuggestNamesFromTheStageEnvironment() {
    #expect(
      findingMessages("DF213", in: "FROM alpine\nENV PATH=$PAHT:/tmp/bin\n") == [
        "Usage of undefined variable '$PAHT' (did you mean $PATH?)"
      ])
    let dirs =
      "FROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n"
    #expect(
      findingMessages("DF213", in: dirs) == ["Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?)"])
    // Declared ARGs without a value are not in the environment, so they are not suggested.
    #expect(
      findingMessages("DF213", in: "FROM alpine\nARG NAME\nLABEL x=$NAMES\n") == [
        "Usage of undefined variable '$NAMES'"
      ])
    // A tie goes to the first name in BuildKit's order, which sorts names by when each was last set.
    #expect(
      findingMessages("DF213", in: "FROM alpine\nENV AB=1 AC=2\nENV AB=3\nLABEL x=$AD\n") == [
        "Usage of undefined variable '$AD' (did you mean $AC?)"
      ])
  }

  @Test func checkCommentsApplyToTheInstruction() {
    let source = "FROM alpine\n# check=skip=UndefinedVar\nCOPY $A .\nCOPY $B .\n"
    #expect(findingMessages("DF213", in: source) == ["Usage of undefined variable '$B'"])
  }

  @Test func largeFilesStayLinear() {
    // 6,000 instructions, each using the variable the one before defined: one pass, no per-instruction tables.
    var text = "FROM alpine\n"
    for i in 0..<3000 { text += "ENV V\(i)=$V\(max(i - 1, 0))\nCOPY $V\(i) /x\n" }
    let context = RuleContext(tree: SyntaxTree(text))
    var count = 0
    UndefinedVar().check(context) { _, _ in count += 1 }
    #expect(count == 1)
  }

}
