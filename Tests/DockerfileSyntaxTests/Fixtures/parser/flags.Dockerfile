FROM --platform=$BUILDPLATFORM golang:1.22 AS build
COPY --from=build --chown="app user" /src /dst
RUN --mount=type=cache,target=/root/.cache/pip --network=none pip install -r requirements.txt
COPY --link -- --odd /x
ADD --checksum=sha256:abc https://example.com/x /x
CMD --flag-only --
