// Tests for the instruction family's rules about FROM images and platforms: fixtures with the exact ranges
// (1️⃣…2️⃣, 3️⃣…4️⃣) that must be reported, and fixtures that must stay silent.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF503 untagged-image")
struct UntaggedImageTests {
  static let fires = [
    "FROM 1️⃣debian2️⃣\n",
    "FROM 1️⃣debian2️⃣ AS builder\n",
    "FROM golang:1.9.3-alpine3.7 AS build\nRUN foo\nFROM 1️⃣node2️⃣ as unit-test\nRUN bar\nFROM alpine:3.7\n",
    "FROM 1️⃣foo2️⃣ AS foo\n",
    "FROM 1️⃣build2️⃣\nFROM alpine:3.20 AS build\n",
    "FROM 1️⃣localhost:5000/app2️⃣\n",
    "FROM 1️⃣registry.example.com/org/app2️⃣\nFROM 3️⃣DEBIAN4️⃣\n",
    "FROM 1️⃣org/${IMAGE}2️⃣\n",
    "FROM --platform=$BUILDPLATFORM 1️⃣debian2️⃣\n",
  ]
  static let silent = [
    "FROM ruby@sha256:f1dbca0f5dbc9\n", "FROM ${VALUE}\n", "FROM scratch\n", "FROM debian:12\n",
    "FROM golang:1.9.3-alpine3.7 AS build\nONBUILD RUN foo\nFROM build as unit-test\nFROM alpine:3.7\n",
    "FROM registry.example.com:5000/app:1.0\n", "FROM $REGISTRY/app\n", "FROM app:${TAG}\n",
    "FROM ${REG:-docker.io}/library/debian\n",
    "FROM debian@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb\n",
    "FROM\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF503", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF503", s) }
}

@Suite("DF504 latest-tag")
struct LatestTagTests {
  static let fires = [
    "FROM debian:1️⃣latest2️⃣\n",
    "FROM debian:1️⃣latest2️⃣ AS builder\n",
    "FROM registry.example.com:5000/org/app:1️⃣latest2️⃣\n",
    "FROM ${REG}/app:1️⃣latest2️⃣\n",
  ]
  static let silent = [
    "FROM debian:jessie\n", "FROM debian:jessie AS builder\n",
    "FROM hub.docker.io/debian@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb\n",
    "FROM hub.docker.io/debian:latest@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb\n",
    "FROM debian\n", "FROM debian:Latest\n", "FROM latest:1\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF504", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF504", s) }
}

@Suite("DF512 untrusted-registry")
struct UntrustedRegistryTests {
  static func settings(_ registries: [String]) -> RuleSettings { RuleSettings(trustedRegistries: registries) }

  static let fires: [(String, [String])] = [
    ("FROM 1️⃣random.com/debian2️⃣\n", ["docker.io"]),
    ("FROM 1️⃣x.com/debian2️⃣\n", ["*.random.com"]),
    ("COPY 1️⃣--from=untrusted.com/repo/image:tag2️⃣ /foo /bar\n", ["trusted.com"]),
    ("RUN --mount=type=cache,1️⃣from=untrusted.com/repo/image:tag2️⃣,target=/foo foobar\n", ["trusted.com"]),
    ("RUN --mount=type=bind,1️⃣from=untrusted.com/repo/image:tag2️⃣,target=/foo foobar\n", ["trusted.com"]),
    (
      "FROM 1️⃣ubuntu:18.042️⃣ AS builder1\nFROM 3️⃣zemanlx/ubuntu:18.044️⃣ AS builder2\n", ["trusted.com"]
    ),
    ("FROM 1️⃣docker.io/zemanlx/ubuntu:18.042️⃣ AS builder3\n", ["trusted.com"]),
    ("FROM 1️⃣localhost:5000/app:12️⃣\n", ["docker.io"]),
    ("FROM 1️⃣registry:5000/app:12️⃣\n", ["registry"]),
    ("FROM 1️⃣registry.example.org/app:12️⃣\n", ["registry.example.com*"]),
    ("FROM 1️⃣$BASE2️⃣\n", ["trusted.com"]),
    ("FROM trusted.com/alpine:3.20 AS a\nCOPY 1️⃣--from=a:12️⃣ /x /y\n", ["trusted.com"]),
    ("FROM trusted.com/a:1\nCOPY 1️⃣--from=52️⃣ /x /y\n", ["trusted.com"]),
    (
      "FROM trusted.com/a:1\nRUN --mount=type=bind,1️⃣from=x.io/a2️⃣,target=/a "
        + "--mount=type=cache,from=y.io/b,target=/b x\n",
      ["trusted.com"]
    ),
  ]
  static let silent: [(String, [String])] = [
    ("FROM random.com/debian\n", []),
    ("FROM random.com/debian\n", ["x.com", "random.com"]),
    ("FROM scratch\n", ["x.com", "random.com"]),
    (
      "FROM ubuntu:18.04 AS b1\nFROM zemanlx/ubuntu:18.04 AS b2\nFROM docker.io/zemanlx/ubuntu:18.04 AS b3\n",
      ["docker.io"]
    ),
    ("FROM ubuntu:18.04\n", ["hub.docker.com"]),
    ("FROM random.com/foo AS builder1\nFROM builder1 AS builder2\n", ["random.com"]),
    ("FROM foo.random.com/debian\n", ["x.com", "*.random.com"]),
    ("FROM ubuntu:18.04 AS b1\nFROM docker.io/zemanlx/ubuntu:18.04 AS b3\n", ["*"]),
    ("COPY --from=trusted.com/repo/image:tag /foo /bar\n", ["trusted.com"]),
    ("RUN --mount=type=bind,from=trusted.com/repo/image:tag,target=/foo foobar\n", ["trusted.com"]),
    ("RUN --mount=type=cache,from=trusted.com/repo/image:tag,target=/foo foobar\n", ["trusted.com"]),
    ("RUN --mount=type=cache,target=/root/.cache foobar\n", ["trusted.com"]),
    ("RUN --mount=type=secret,id=x,from=x.io/a foobar\n", ["trusted.com"]),
    ("FROM trusted.com/a:1 AS build\nCOPY --from=build /x /y\nRUN --mount=from=build,target=/b x\n", ["trusted.com"]),
    ("FROM trusted.com/a:1\nFROM trusted.com/b:1\nCOPY --from=0 /x /y\n", ["trusted.com"]),
    ("FROM registry.example.com:5000/app:1\n", ["registry.example.com*"]),
    ("FROM trusted.com/a:1\nONBUILD COPY --from=x.io/a /x /y\n", ["trusted.com"]),
  ]
  @Test(arguments: fires) func reports(_ c: (String, [String])) {
    expectMarkedFindings("DF512", c.0, settings: Self.settings(c.1))
  }
  @Test(arguments: silent) func staysSilent(_ c: (String, [String])) {
    expectNoFindings("DF512", c.0, settings: Self.settings(c.1))
  }
  @Test func patterns() {
    #expect(UntrustedRegistry.matches(pattern: "*", registry: "a.b"))
    #expect(UntrustedRegistry.matches(pattern: "*.b.com", registry: "a.b.com"))
    #expect(!UntrustedRegistry.matches(pattern: "*.b.com", registry: "b.com"))
    #expect(UntrustedRegistry.matches(pattern: "docker.*", registry: "docker.io"))
    #expect(!UntrustedRegistry.matches(pattern: "docker.io", registry: "docker.io.evil.com"))
  }
}

@Suite("DF513 from-platform-flag")
struct FromPlatformFlagTests {
  static let fires = [
    "FROM 1️⃣--platform=linux2️⃣ debian:jessie\n",
    "FROM 1️⃣--platform=linux/amd64,linux/arm642️⃣ debian:jessie AS build\n",
    "FROM 1️⃣--platform=$PLATFORM2️⃣ debian:jessie\n",
  ]
  static let silent = [
    "FROM debian:jessie\n", "FROM --platform=\"$BUILDPLATFORM\" debian:jessie\n",
    "FROM --platform=${BUILDPLATFORM} debian:jessie\n", "FROM --platform=\"${BUILDPLATFORM:-}\" debian:jessie\n",
    "FROM --platform=$BUILDPLATFORM debian:jessie\n", "FROM --platform=${BUILDPLATFORM:-} debian:jessie\n",
    "FROM --platform=$TARGETPLATFORM debian:jessie\n", "FROM --platform debian:jessie\n",
    "FROM debian:jessie\nONBUILD FROM --platform=linux x\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF513", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF513", s) }
}

@Suite("DF522 target-platform-flag")
struct TargetPlatformFlagTests {
  static let fires = [
    "FROM 1️⃣--platform=$TARGETPLATFORM2️⃣ alpine:3.24\n",
    "FROM 1️⃣--platform=${TARGETPLATFORM}2️⃣ alpine:3.24 AS a\n",
  ]
  static let silent = [
    "FROM alpine:3.24\n", "FROM --platform=foobar/arm64 alpine:3.24\n",
    "FROM --platform=\"$TARGETPLATFORM\" alpine:3.24\n", "FROM --platform=${TARGETPLATFORM:-linux} alpine:3.24\n",
    "FROM --platform=$TARGETPLATFORM/x alpine:3.24\n",
  ]
  @Test(arguments: fires) func reports(_ s: String) { expectMarkedFindings("DF522", s) }
  @Test(arguments: silent) func staysSilent(_ s: String) { expectNoFindings("DF522", s) }
}
