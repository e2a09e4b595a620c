// DF653 pip-pin-versions: sources that must be reported (exact ranges between 1️⃣ and 2️⃣) and sources that
// must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF653 pip-pin-versions")
struct PipPinVersionsTests {
  static let fires = [
    "FROM python:3.12\nRUN pip install 1️⃣flask2️⃣\n",
    "FROM python:3.12\nRUN pip3 install requests==2.32.3 1️⃣flask2️⃣ gunicorn\n",
    "FROM python:3.12\nRUN pip install flask==3.0.3 && pip2 install 1️⃣six2️⃣ && pip install x\n",
    "FROM python:3.12\nRUN python3.12 -m pip install --index-url https://pypi.org/simple 1️⃣flask2️⃣\n",
    "FROM python:3.12\nRUN pipx install 1️⃣black2️⃣\n",
    "FROM python:3.12\nONBUILD RUN pip install 1️⃣flask2️⃣\n",
    // An unquoted `>=` is a redirection.
    "FROM python:3.12\nRUN pip install 1️⃣flask2️⃣>=3\n",
    "FROM python:3.12\nRUN pip install --upgrade 1️⃣pip2️⃣\n",
    "FROM python:3.12\nRUN pip install --root-user-action=ignore 1️⃣mypkg2️⃣\n",
    // A VCS URL needs a ref; `git...` names read as VCS too.
    "FROM python:3.12\nRUN pip install 1️⃣git+https://github.com/o/r.git#egg=r2️⃣\n",
    "FROM python:3.12\nRUN pip install 1️⃣gitpython2️⃣\n",
    // `-Ur` is not `-r`.
    "FROM python:3.12\nRUN pip install -Ur 1️⃣requirements.txt2️⃣\n",
    "FROM python:3.12\nRUN pip install 1️⃣$PACKAGE2️⃣\n",
  ]

  static let silent = [
    "FROM python:3.12\nRUN pip install flask==3.0.3 'gunicorn>=22' 'six<2' 'a!=1' b~=1.0 c===1\n",
    "FROM python:3.12\nRUN pip install -r requirements.txt\n",
    "FROM python:3.12\nRUN pip install --requirement requirements.txt\n",
    "FROM python:3.12\nRUN pip install .\n",
    "FROM python:3.12\nRUN pip install ./wheels/app.whl dist/app.tar.gz foo/bar https://example.com/x.zip\n",
    "FROM python:3.12\nRUN pip install git+https://github.com/o/r.git@v1.0#egg=r\n",
    "FROM python:3.12\nRUN pip install flask -c constraints.txt\n",
    "FROM python:3.12\nRUN pip install flask --constraint=constraints.txt\n",
    "FROM python:3.12\nRUN pip install --target /opt/x --prefix /p -i https://x --trusted-host h flask==3.0.3\n",
    // The value of a grouped short option is dropped too, as in hadolint.
    "FROM python:3.12\nRUN pip install -qe git+https://github.com/o/r.git flask==1\n",
    "FROM python:3.12\nRUN pipenv install flask\n",
    "FROM python:3.12\nRUN pip download flask && pip uninstall flask\n",
    "FROM python:3.12\nRUN pip install\n",
    "FROM python:3.12\nRUN sudo pip install flask\n",
    "FROM python:3.12\nRUN sh -c 'pip install flask'\n",
    "FROM python:3.12\nRUN pipx install --python \"$(which python)\" \"poetry==1.8.5\"\n",
    "FROM python:3.12\nRUN python -m venv /v && python -c 'print(1)'\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF653", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF653", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }

  @Test func message() {
    #expect(
      findingMessages("DF653", in: "RUN pip install flask\n") == [
        "`flask` is installed without a pinned version; use `flask==<version>` or a requirements file"
      ])
  }
}
