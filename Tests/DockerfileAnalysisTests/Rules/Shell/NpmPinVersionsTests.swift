// DF654 npm-pin-versions: sources that must be reported (exact ranges between 1️⃣ and 2️⃣) and sources that
// must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF654 npm-pin-versions")
struct NpmPinVersionsTests {
  static let fires = [
    "FROM node:22\nRUN npm install 1️⃣express2️⃣\n",
    "FROM node:22\nRUN npm install -g sax@0.1.1 1️⃣express2️⃣\n",
    "FROM node:22\nRUN npm install 1️⃣@myorg/privatepackage2️⃣\n",
    "FROM node:22\nRUN npm install 1️⃣@my-org/pkg2️⃣\n",
    "FROM node:22\nRUN npm install --registry https://example.com 1️⃣express2️⃣\n",
    "FROM node:22\nRUN npm install --registry=https://example.com 1️⃣express2️⃣\n",
    "FROM node:22\nRUN npm install 1️⃣git+https://isaacs@github.com/npm/npm.git2️⃣\n",
    "FROM node:22\nONBUILD RUN npm install 1️⃣express2️⃣\n",
    "FROM node:22\nRUN npm --global install 1️⃣typescript2️⃣\n",
  ]

  static let silent = [
    "FROM node:22\nRUN npm install\n",
    "FROM node:22\nRUN npm install --progress=false\n",
    "FROM node:22\nRUN npm install express@4.1.1 sax@\"0.1.1\" @myorg/pkg@\">=0.1.0 <0.2.0\"\n",
    "FROM node:22\nRUN npm install git+ssh://git@github.com:npm/npm.git#v1.0.27 git://github.com/npm/npm.git#v1\n",
    "FROM node:22\nRUN npm install ./folder ../f /abs ~/home pkg.tgz pkg.tar pkg.tar.gz\n",
    "FROM node:22\nRUN npm install --loglevel verbose sax@0.1.1\n",
    "FROM node:22\nRUN npm run --crazy install\n",
    "FROM node:22\nRUN npm i express && npm ci\n",
    "FROM node:22\nRUN yarn add express\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF654", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF654", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }
}
