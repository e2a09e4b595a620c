# syntax=docker/dockerfile:1
# The dockerfile-lsp image: the first stage builds the linter with the Swift toolchain, the second copies the
# binary into a small Debian image that runs as an unprivileged user.
#
#   docker build -t dockerfile-lsp .
#   docker run --rm -v "$PWD:/work:ro" dockerfile-lsp                        checks every Dockerfile under /work
#   docker run --rm -v "$PWD:/work:ro" dockerfile-lsp check --format github services/api/Dockerfile
#   docker run --rm -i dockerfile-lsp check - < Dockerfile                   reads standard input
#
# The runtime stage keeps /bin/sh so the image can serve as a CI job image (GitLab runs job scripts in it).
# This file passes `dockerfile-lsp check` with no findings; CI checks that.

# build Compiles a release binary with the Swift runtime linked in statically.
FROM swift:6.3.1-bookworm AS build
WORKDIR /src
# SwiftPM loads every target of the manifest, so the test and benchmark sources come along (they are small).
COPY Package.swift ./
COPY Sources ./Sources
COPY Benchmarks ./Benchmarks
COPY Tests ./Tests
# .build lives in a cache mount, so the binary is copied out of it in the same step.
RUN --mount=type=cache,id=dockerfile-lsp-build,target=/src/.build \
    swift build -c release --static-swift-stdlib --product dockerfile-lsp \
    && install -D -m 0755 .build/release/dockerfile-lsp /out/dockerfile-lsp

# `--static-swift-stdlib` still links glibc, libstdc++ and libgcc_s dynamically; this image has them, and its
# Debian release matches the builder's, so their versions agree.
#
# runtime The linter alone, run as an unprivileged user.
FROM debian:12.11-slim AS runtime
LABEL org.opencontainers.image.title="dockerfile-lsp" \
      org.opencontainers.image.description="Language server and linter for Dockerfiles" \
      org.opencontainers.image.source="https://github.com/dockerfile-lsp/dockerfile-lsp"
COPY --from=build /out/dockerfile-lsp /usr/local/bin/dockerfile-lsp
# A numeric user needs no passwd entry and satisfies Kubernetes' runAsNonRoot.
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/dockerfile-lsp"]
CMD ["check"]
