// DF655 gem-pin-versions: sources that must be reported (exact ranges between 1️⃣ and 2️⃣) and sources that
// must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF655 gem-pin-versions")
struct GemPinVersionsTests {
  static let fires = [
    "FROM ruby:3.3\nRUN gem install 1️⃣bundler2️⃣\n",
    "FROM ruby:3.3\nRUN gem i bundler:1 1️⃣nokogiri2️⃣\n",
    "FROM ruby:3.3\nRUN gem install rails:7.2.1 && gem install 1️⃣rake2️⃣\n",
    "FROM ruby:3.3\nONBUILD RUN gem install 1️⃣bundler2️⃣\n",
  ]

  static let silent = [
    "FROM ruby:3.3\nRUN gem install bundler:2.5.22 nokogiri:1.16.7\n",
    "FROM ruby:3.3\nRUN gem install bundler -v '2.0.1'\n",
    "FROM ruby:3.3\nRUN gem install bundler --version 2.0.1\n",
    "FROM ruby:3.3\nRUN gem install bundler --version=2.0.1\n",
    "FROM ruby:3.3\nRUN gem install bundler:2.0.1 -- --use-system-libraries true\n",
    "FROM ruby:3.3\nRUN gem install bundler:2.0.1 --use-system-libraries true\n",
    // hadolint drops the word after every option, so this gem is not read.
    "FROM ruby:3.3\nRUN gem install --no-document rails\n",
    "FROM ruby:3.3\nRUN gem update --system\n",
  ]

  @Test(arguments: fires)
  func reports(_ source: String) {
    let (bytes, expected) = markedRanges(source)
    #expect(findingRanges("DF655", in: bytes) == expected, "\(source.debugDescription)")
  }

  @Test(arguments: silent)
  func staysSilent(_ source: String) {
    #expect(findingRanges("DF655", in: Array(source.utf8)).isEmpty, "\(source.debugDescription)")
  }
}
