// DF411 user-site-unreadable.
import Testing

@testable import DockerfileAnalysis

@Suite("DF411 user-site-unreadable")
struct UserSiteUnreadableTests {
  static let fires = [
    "FROM python:3.12-slim\nRUN pip install 1️⃣--user2️⃣ flask\nRUN useradd app\nUSER app\n",
    "FROM python:3.12-slim AS b\nRUN pip install --user flask\nFROM python:3.12-slim\n"
      + "COPY --from=b /root/.local 1️⃣/root/.local2️⃣\nUSER 1000:1000\n",
    "FROM python:3.12-slim AS base\nRUN python3 -m pip install 1️⃣--user2️⃣ -r r.txt\nFROM base\nUSER nobody\n",
    "FROM python:3.12-slim\nUSER app\nUSER root\nRUN pip install 1️⃣--user2️⃣ x\nUSER app\n",
  ]

  static let silent = [
    "FROM python:3.12-slim\nUSER app\nRUN pip install --user flask\n",
    "FROM python:3.12-slim\nRUN pip install --user flask\n",
    "FROM python:3.12-slim\nRUN pip install --user flask\nUSER root\n",
    "FROM python:3.12-slim\nRUN pip install --user flask && chmod 755 /root\nUSER app\n",
    "FROM python:3.12-slim\nENV PYTHONUSERBASE=/opt/py\nRUN pip install --user flask\nUSER app\n",
    "FROM python:3.12-slim\nRUN pip install --user flask\nUSER $APP_USER\n",
    "FROM python:3.12-slim AS b\nRUN pip install --user x\nFROM python:3.12-slim\n"
      + "COPY --from=b --chown=app /root/.local /home/app/.local\nUSER app\n",
    "FROM python:3.12-slim AS b\nRUN pip install --user x\nUSER app\nFROM python:3.12-slim\n",
    "FROM python:3.12-slim\nRUN pip install flask\nUSER app\n",
    "FROM python:3.12-slim\nONBUILD RUN pip install --user flask\nUSER app\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF411", source) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF411", source) }

  @Test func namesTheUser() {
    #expect(
      pythonMessages("DF411", "FROM python:3.12-slim\nRUN pip install --user x\nUSER app:app\n") == [
        "packages are installed as root into /root/.local, but the image runs as `app`, who cannot read /root; "
          + "install them as that user or into a virtual environment outside /root"
      ])
  }
}
