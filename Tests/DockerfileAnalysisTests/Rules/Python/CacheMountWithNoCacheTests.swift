// DF402 pip-cache-mount-with-no-cache-dir.
import Testing

@testable import DockerfileAnalysis

@Suite("DF402 pip-cache-mount-with-no-cache-dir")
struct CacheMountWithNoCacheTests {
  static let fires = [
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install 1️⃣--no-cache-dir2️⃣ -r r.txt\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv pip install --system 1️⃣--no-cache2️⃣ x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv 1️⃣-n2️⃣ sync --locked\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv sync 1️⃣--no-cache-dir2️⃣\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache python -m pip install 1️⃣--no-cache2️⃣ x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip/ 1️⃣PIP_NO_CACHE_DIR=off2️⃣ pip install x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip env 1️⃣PIP_NO_CACHE_DIR=12️⃣ pip install x\n",
    "FROM python:3.12\nENV PIP_NO_CACHE_DIR=0\nRUN --mount=type=cache,1️⃣target=/root/.cache/pip2️⃣ pip install x\n",
    "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=false\nFROM base\nRUN --mount=type=cache,1️⃣dst=/root/.cache2️⃣ pip3 install x\n",
    "FROM python:3.12\nARG UV_NO_CACHE=1\nRUN --mount=type=cache,1️⃣target=/root/.cache/uv2️⃣ uv sync\n",
    "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN --mount=type=cache,1️⃣target=/root/.cache/pip2️⃣ pip install a && pip install b\n",
    "FROM python:3.12\nONBUILD RUN --mount=type=cache,target=/root/.cache/pip pip install 1️⃣--no-cache-dir2️⃣ x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip sh -c 'pip install 1️⃣--no-cache-dir2️⃣ x'\n",
    "FROM python:3.12\nENV PIP_CACHE_DIR=/cache/pip\nRUN --mount=type=cache,target=/cache pip install 1️⃣--no-cache-dir2️⃣ x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pyenv exec python3.12 -m pip install 1️⃣--no-cache-dir2️⃣ x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip \\\n  pip install 1️⃣--no-cache-dir2️⃣ a \\\n  && pip install 3️⃣--no-cache-dir4️⃣ b\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/home/$USER/.cache/pip pip --timeout 60 install 1️⃣--no-cache-dir2️⃣ x\n",
  ]

  static let silent = [
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r r.txt\n",
    "FROM python:3.12\nRUN pip install --no-cache-dir x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/var/cache/apt pip install --no-cache-dir x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv pip install --no-cache-dir x\n",
    "FROM python:3.12\nENV UV_NO_CACHE=0\nRUN --mount=type=cache,target=/root/.cache/uv uv sync\n",
    "FROM python:3.12\nENV PIP_NO_CACHE_DIR=\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n",
    "FROM python:3.12\nENV PIP_CACHE_DIR=/cache/pip\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir x\n",
    "FROM python:3.12\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install --no-cache-dir x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip [\"pip\", \"install\", \"--no-cache-dir\", \"x\"]\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-color x\n",
    "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip echo pip install --no-cache-dir\n",
    "FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) { expectPythonFindings("DF402", source) }

  @Test(arguments: silent)
  func staysSilent(_ source: String) { expectPythonFindings("DF402", source) }

  @Test func messagesNameTheSwitchAndTheVariable() {
    let flag = pythonMessages(
      "DF402", "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir x\n")
    #expect(
      flag == [
        "`--no-cache-dir` turns pip's cache off, so the cache mount on /root/.cache/pip is never used; "
          + "drop the flag and keep the mount"
      ])
    let env = pythonMessages(
      "DF402",
      "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n")
    #expect(
      env == [
        "`PIP_NO_CACHE_DIR=1` from an earlier ENV turns pip's cache off, so this cache mount is never used; unset "
          + "the variable and keep the mount"
      ])
  }
}

extension CacheMountWithNoCacheTests {
  /// Definitions reach the RUN through chains of stages, and a stage's own ARG hides an inherited ENV.
  static let stageFixtures = [
    "FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM a AS b\nFROM B\n"
      + "RUN --mount=type=cache,1️⃣target=/root/.cache/pip2️⃣ pip install x\n",
    "FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM a\nARG PIP_NO_CACHE_DIR\n"
      + "RUN --mount=type=cache,target=/root/.cache/pip pip install x\n",
    "FROM python:3.12 AS a\nENV PIP_CACHE_DIR=/pc\nFROM a\nRUN --mount=type=cache,target=/pc pip install 1️⃣--no-cache-dir2️⃣ x\n",
    "FROM python:3.12 AS a\nENV PIP_CACHE_DIR=/pc\nFROM a\n"
      + "RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir x\n",
    "FROM python:3.12 AS a\nARG PIP_NO_CACHE_DIR=1\nFROM a\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n",
    "ARG UV_NO_CACHE=1\nRUN --mount=type=cache,1️⃣target=/root/.cache/uv2️⃣ uv sync\nFROM python:3.12\n",
    "ARG UV_NO_CACHE=1\nFROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv sync\n",
  ]

  @Test(arguments: stageFixtures)
  func followsStages(_ source: String) { expectPythonFindings("DF402", source) }

  @Test func namesAnArgDefault() {
    let messages = pythonMessages(
      "DF402", "FROM python:3.12\nARG UV_NO_CACHE=\"true\"\nRUN --mount=type=cache,target=/root/.cache/uv uv sync\n")
    #expect(
      messages == [
        "`UV_NO_CACHE=true` from an earlier ARG's default turns uv's cache off, so this cache mount is never used; "
          + "unset the variable and keep the mount"
      ])
  }
}
