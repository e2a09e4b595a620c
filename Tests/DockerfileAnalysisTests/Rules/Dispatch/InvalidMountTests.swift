// DF014 invalid-mount: BuildKit's `parseMount` and `dispatchRunMounts` checks on `RUN --mount`.
import Testing

@testable import DockerfileAnalysis

@Suite("DF014 invalid-mount")
struct DF014InvalidMountTests {
  @Test(arguments: [
    "FROM alpine\nRUN --mount=type=cache,1️⃣taget=/root/.cache2️⃣ true\n",
    "FROM alpine\nRUN --mount=1️⃣type=cahce2️⃣,target=/x true\n",
    "FROM alpine\nRUN --mount=type=bind,target=/x,1️⃣foo2️⃣ true\n",
    "FROM alpine\nRUN --mount=type=bind,target=/x,1️⃣ro=maybe2️⃣ true\n",
    // `required` and `size` are checked against the type given before them.
    "FROM alpine\nRUN --mount=1️⃣required2️⃣,type=secret,id=x true\n",
    "FROM alpine\nRUN --mount=1️⃣size=64m2️⃣,type=tmpfs,target=/x true\n",
    "FROM alpine\nRUN --mount=type=cache,target=/x,1️⃣required=true2️⃣ true\n",
    "FROM alpine\nRUN --mount=type=tmpfs,target=/x,1️⃣size=64q2️⃣ true\n",
    "FROM alpine\nRUN --mount=type=tmpfs,target=/x,1️⃣size=-12️⃣ true\n",
    "FROM alpine\nRUN --mount=type=bind,target=/x,1️⃣mode=07552️⃣,3️⃣uid=04️⃣ true\n",
    "FROM alpine\nRUN --mount=type=tmpfs,target=/x,1️⃣gid=$GID2️⃣ true\n",
    "FROM alpine\nRUN --mount=type=cache,target=/x,1️⃣mode=08002️⃣,3️⃣uid=-14️⃣ true\n",
    "FROM alpine\nRUN --mount=type=cache,target=/x,1️⃣sharing=lockd2️⃣ true\n",
    "FROM alpine\nRUN --mount=type=bind,target=/x,1️⃣sharing=locked2️⃣ true\n",
    "FROM alpine\nRUN 1️⃣--mount=type=secret,env=TOKEN2️⃣ true\n",
    "FROM alpine\nRUN 1️⃣--mount=type=secret,id=a,source=b2️⃣ true\n",
    "FROM alpine\nRUN 1️⃣--mount=type=secret,id=a,from=x2️⃣ true\n",
    "FROM alpine\nRUN --mount=type=secret,id=a,1️⃣sharing=shared2️⃣ true\n",
    "FROM alpine\nRUN 1️⃣--mount=type=ssh,source=x2️⃣ true\n",
    "FROM alpine\nRUN --mount=type=bind,1️⃣target=/2️⃣ true\n",
    "FROM alpine\nRUN 1️⃣--mount=type=cache,target=/x,2️⃣ true\n",
    "FROM alpine\nRUN 1️⃣--mount=2️⃣ true\n",
    "FROM alpine\nRUN --mount=1️⃣type=bind,target=a\\\"b2️⃣ true\n",
    "FROM alpine\nONBUILD RUN --mount=type=cache,1️⃣dest2️⃣ true\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF014", source) }

  @Test(arguments: [
    "FROM alpine\nRUN --mount=type=cache,target=/root/.cache/pip,sharing=locked,id=pip,mode=0755,uid=1000,gid=1000 x\n",
    "FROM alpine\nRUN --mount=type=bind,target=.,rw x\nRUN --mount=type=bind,source=a,target=/a,readonly=false,from=b x\n",
    "FROM alpine\nRUN --mount=type=cache,target=$DIR x\nRUN --mount=type=cache,target=/home/$USER/.cache x\n",
    "FROM alpine\nRUN --mount=type=secret,id=tok,env=TOKEN,required x\nRUN --mount=type=secret,id=a,required=false x\n",
    "FROM alpine\nRUN --mount=type=secret,target=/run/secrets/x x\nRUN --mount=type=secret,src=x x\n",
    "FROM alpine\nRUN --mount=type=ssh x\nRUN --mount=type=ssh,id=github,required,mode=0600,target=/ssh x\n",
    "FROM alpine\nRUN --mount=type=tmpfs,target=/t,size=64m x\nRUN --mount=type=tmpfs,target=/t,size=1.5GiB x\n",
    "FROM alpine\nRUN --mount=type=tmpfs,target=/t,size=1024 x\nRUN --mount=type=tmpfs,target=/t,size=10kb x\n",
    "FROM alpine\nRUN --mount=type=${TYPE},size=1,mode=1,target=/ x\n",
    "FROM alpine\nRUN --mount=TYPE=CACHE,Target=/x,SHARING=Private x\n",
    "FROM alpine\nRUN --mount=type=cache,dst=/a --mount=type=cache,destination=/b x\n",
    "FROM alpine\nRUN --mount=type=secret,id=$ID,source=$SRC x\nRUN --mount=type=secret,source=$S x\n",
    "FROM alpine\nRUN --mount=type=bind,target=/x,src=$M x\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF014", source) }

  @Test func messages() {
    let source = """
      FROM alpine
      RUN --mount=type=cache,taget=/x true
      RUN --mount=type=cahce true
      RUN --mount=type=cache,sharing=lockd,target=/x true
      RUN --mount=type=bind,mode=1,target=/x true
      RUN --mount=type=secret,env=X true
      RUN --mount=type=bind,target=/ true
      RUN --mount=a\\"b true

      """
    #expect(
      dispatchMessages("DF014", source) == [
        "unexpected key 'taget' in 'taget=/x' (did you mean target?)",
        "unsupported mount type \"cahce\" (did you mean cache?)",
        "unsupported sharing value \"lockd\" (did you mean locked?)", "mode not allowed for \"bind\" type mounts",
        "invalid secret mount. one of source, target required", "invalid mount target \"/\"",
        "failed to parse csv mounts: parse error on line 1, column 2: bare \" in non-quoted-field",
      ])
  }

  /// The messages BuildKit's own integration tests (`dockerfile_mount_test.go`) expect.
  @Test func buildKitTestCases() {
    #expect(
      dispatchMessages("DF014", "FROM scratch\nRUN --mount=typ=tmpfs /bin/true\n") == [
        "unexpected key 'typ' in 'typ=tmpfs' (did you mean type?)"
      ])
    #expect(
      dispatchMessages("DF014", "FROM scratch\nRUN --mount=type=tmp /bin/true\n") == [
        "unsupported mount type \"tmp\" (did you mean tmpfs?)"
      ])
    #expect(
      dispatchMessages("DF011", "FROM scratch\nRUN --mont=target=/mytmp,type=tmpfs /bin/true\n") == [
        "unknown flag: --mont (did you mean mount?)"
      ])
    #expect(
      dispatchMessages("DF018", "FROM scratch\nRUN --mount=from=$ttt,type=cache,target=/tmp ls\n") == [
        "'from' doesn't support variable expansion, define alias stage instead"
      ])
  }

  @Test func csvSplitting() {
    func fields(_ s: String) -> [String]? {
      try? DispatchSupport.splitBuildKitCSV(Array(s.utf8)).get().map { String(decoding: $0.text, as: UTF8.self) }
    }
    #expect(fields("a,b") == ["a", "b"])
    #expect(fields("a,") == ["a", ""])
    #expect(fields("\"a,b\",c") == ["a,b", "c"])
    #expect(fields("\"a\"\"b\"") == ["a\"b"])
    #expect(fields("") == nil)
    #expect(fields("a\"b") == nil)
    #expect(fields("\"a\"b") == nil)
    #expect(fields("\"a") == nil)
  }
}
