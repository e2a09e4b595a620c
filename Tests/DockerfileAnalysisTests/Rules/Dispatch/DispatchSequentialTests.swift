// The stage rules read as folds over the instructions (DF018, DF020, DF021, DF028, DF029): fixtures where what an
// instruction means is decided by instructions after it (names defined later, stage indices counted at the end) or
// by the ARGs before the first FROM.
import Testing

@testable import DockerfileAnalysis

@Suite("DF018 invalid-stage-reference, decided at the end")
struct DF018DecidedAtTheEndTests {
  @Test(arguments: [
    // A name that looks like an image where it is used becomes a later stage's name.
    "FROM alpine\nCOPY --from=1️⃣nginx2️⃣ /x /x\nFROM alpine AS nginx\n",
    "FROM alpine\nRUN --mount=type=bind,1️⃣from=Web2️⃣,target=/w true\nFROM alpine AS web\n",
    // A later stage of the same name takes the name over, even from a stage that was defined before.
    "FROM alpine AS a\nFROM alpine AS b\nCOPY --from=1️⃣a2️⃣ /x /x\nFROM alpine AS a\n",
    // A cycle through stages built on stages.
    "FROM alpine AS a\nFROM a AS b\nCOPY --from=1️⃣c2️⃣ /x /x\nFROM b AS c\n",
    "FROM alpine AS a\nCOPY --from=1️⃣c2️⃣ /x /x\nFROM a AS b\nFROM b AS c\n",
    // An index past the stages read so far, with names that turn out to be stages: no image takes an index.
    "FROM alpine\nCOPY --from=1️⃣web2️⃣ /x /x\nCOPY --from=3️⃣24️⃣ /x /x\nFROM alpine AS web\n",
    // A mount without `from` is scratch, which a later stage named scratch provides: no image index either.
    "FROM alpine\nRUN --mount=type=cache,target=/c true\nCOPY --from=1️⃣22️⃣ /x /x\nFROM alpine AS scratch\n",
    // An index that only a later stage gives.
    "FROM alpine\nCOPY --from=img /x /x\nCOPY --from=1️⃣12️⃣ /x /x\nFROM alpine AS other\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF018", source) }

  @Test(arguments: [
    // Images named before an index count after the stages, later stages included.
    "FROM alpine\nCOPY --from=img /x /x\nCOPY --from=2 /x /x\nFROM alpine AS other\n",
    "FROM alpine\nRUN --mount=type=cache,target=/c true\nCOPY --from=2 /x /x\nFROM alpine AS other\n",
    // Stages built on stages, referenced backwards only.
    "FROM alpine AS a\nFROM a AS b\nCOPY --from=a /x /x\nFROM b AS c\nCOPY --from=b /x /x\nCOPY --from=1 /y /y\n",
    // A name redefined later, but referenced only after its last definition.
    "FROM alpine AS a\nFROM alpine AS a\nFROM alpine\nCOPY --from=a /x /x\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF018", source) }

  @Test func laterStageMessages() {
    let source = """
      FROM alpine AS first
      COPY --from=web /x /x
      RUN --mount=from=WEB,target=/m true
      FROM alpine AS web

      """
    #expect(
      dispatchMessages("DF018", source) == [
        "cannot copy from stage \"web\", it needs to be defined before current stage \"first\"",
        "cannot mount from stage \"WEB\" to \"/m\", stage needs to be defined before current command",
      ])
    #expect(
      dispatchMessages("DF018", "FROM alpine\nFROM alpine\nCOPY --from=1 /x /x\n") == [
        "circular dependency detected on stage: stage-1"
      ])
  }
}

@Suite("DF020 missing-from, decided at the end")
struct DF020DecidedAtTheEndTests {
  @Test(arguments: ["ARG A\nARG B\nFROM alpine\n", "ARG A\nFROM alpine\nARG B\n", "FROM alpine\n", "ENV A=1\nARG B\n"])
  func silent(_ source: String) { expectNoDispatchFindings("DF020", source) }

  @Test func message() {
    #expect(dispatchMessages("DF020", "ARG A\nARG B\n") == ["dockerfile contains no stages to build"])
  }
}

@Suite("DF021 instruction-before-from, in order")
struct DF021InOrderTests {
  @Test(arguments: ["ARG A\n1️⃣USER2️⃣ app\nFROM alpine\nUSER app\nFROM alpine\n"])
  func fires(_ source: String) { expectDispatchFindings("DF021", source) }
}

@Suite("DF028 and DF029, global ARGs read in order")
struct GlobalArgsInOrderTests {
  @Test(arguments: [
    // An ARG after the first FROM is a stage's, even when a later FROM uses it.
    "FROM alpine\nARG PLATFORM=linux/amd64\nFROM --platform=1️⃣$PLATFORM2️⃣ alpine\n"
  ])
  func platformFires(_ source: String) { expectDispatchFindings("DF028", source) }

  @Test(arguments: [
    "ARG PLATFORM\nARG PLATFORM=linux/amd64\nFROM --platform=$PLATFORM alpine\nFROM --platform=${PLATFORM} alpine\n"
  ])
  func platformSilent(_ source: String) { expectNoDispatchFindings("DF028", source) }

  @Test func suggestionsComeFromGlobalArgsWithAValue() {
    // MY_ARCH is declared twice, once with a value; MY_ARCX has none and is not suggested.
    let source = "ARG MY_ARCX\nARG MY_ARCH\nARG MY_ARCH=amd64\nFROM alpine\nARG MYARCH=x\nFROM --platform=${MYARCH} a\n"
    #expect(
      dispatchMessages("DF028", source) == [
        "empty platform value from expression ${MYARCH} (did you mean MY_ARCH?)"
      ])
  }

  @Test(arguments: ["ARG A\nFROM alpine AS x\nARG B=alpine\nFROM 1️⃣${B}2️⃣\nFROM 3️⃣$C4️⃣\n"])
  func blankFires(_ source: String) { expectDispatchFindings("DF029", source) }

  @Test(arguments: ["ARG B\nARG C=x\nFROM $B\nFROM ${C}\nARG D\nFROM alpine:${D:-3.20}\n"])
  func blankSilent(_ source: String) { expectNoDispatchFindings("DF029", source) }
}
