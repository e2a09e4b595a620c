// DF301 final-stage-root read in order: which stage is final, and which USER decides, is known only at the end.
import Testing

@testable import DockerfileAnalysis

@Suite("DF301 final-stage-root, decided at the end")
struct FinalStageRootChainTests {
  @Test(arguments: [
    // A root USER two stages up the chain.
    "FROM python:3.12 AS base\nUSER 1️⃣root2️⃣\nFROM base AS mid\nRUN true\nFROM mid\nRUN true\n",
    // Only the last USER of the deciding stage counts.
    "FROM python:3.12\nUSER root\nUSER 1️⃣0:02️⃣\n",
    // A later stage takes the name over: the final stage builds on the stage without a USER.
    "FROM python:3.12 AS base\nUSER app\nFROM debian:12 AS base\nFROM 1️⃣base2️⃣\n",
    // A stage named scratch is not built on: `FROM scratch` is the empty image.
    "FROM python:3.12 AS scratch\nUSER app\nFROM 1️⃣scratch2️⃣\n",
    // USER in ONBUILD runs in the child image, not here.
    "FROM 1️⃣python:3.122️⃣\nONBUILD USER app\n",
  ])
  func fires(_ source: String) { expectDispatchFindings("DF301", source) }

  @Test(arguments: [
    "FROM python:3.12 AS base\nUSER root\nFROM base\nUSER app\n",
    "FROM python:3.12 AS Base\nUSER app\nFROM BASE AS mid\nFROM mid\n",
    "FROM python:3.12 AS x\nUSER root\nFROM python:3.12\nUSER app\n",
    "FROM python:3.12\nUSER root\nFROM python:3.12-slim\nUSER app\n",
    "FROM python:3.12\nUSER app\nONBUILD USER root\n",
    "FROM python:3.12\nUSER\n",
    "USER root\n",
  ])
  func silent(_ source: String) { expectNoDispatchFindings("DF301", source) }
}
