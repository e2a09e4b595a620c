#!/usr/bin/env bash
# Live editor tests: real Neovim and Emacs+eglot start `dockerfile-lsp serve`, see a diagnostic at the right
# range, fix the text, see it clear, and shut the server down. usage: run.sh BINARY
# Outside CI, a missing editor is reported as SKIPPED (loudly); with CI=true it is a failure.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$(dirname "$0")/../.." && pwd)
passed=0
failed=0
skipped=0
run_editor() {
  local name=$1; shift
  local dir
  dir=$(mktemp -d)
  printf 'FROM bash:5\nRUNN echo hi\nUSER nobody\n' > "$dir/Dockerfile"
  if DOCKERFILE_LSP_BIN="$bin" EDITOR_TEST_DIR="$dir" REPO="$repo" timeout 60 "$@" > "$dir/editor-output.txt" 2>&1 \
     && grep -q '^PASS' "$dir/$name-result.txt" 2>/dev/null; then
    echo "$name: PASS ($(grep '^diagnostic' "$dir/$name-result.txt"))"
    passed=$((passed + 1))
  else
    echo "$name: FAIL"
    echo "--- $name result"; cat "$dir/$name-result.txt" 2>/dev/null
    echo "--- $name output"; tail -50 "$dir/editor-output.txt"
    if [ "$name" = neovim ]; then echo "--- neovim lsp log"; tail -60 ~/.cache/nvim/lsp.log 2>/dev/null; fi
    failed=$((failed + 1))
  fi
}
if command -v nvim >/dev/null; then
  run_editor neovim nvim --headless -u NONE -c "luafile $repo/Tests/Editors/neovim_test.lua"
else
  echo "*** SKIPPED: neovim is not installed (apt-get install neovim) ***"; skipped=$((skipped + 1))
fi
if command -v emacs >/dev/null && [ -d /usr/share/emacs/site-lisp/elpa ] && ls /usr/share/emacs/site-lisp/elpa | grep -q eglot; then
  run_editor emacs emacs --batch -Q -l "$repo/Tests/Editors/emacs_test.el"
else
  echo "*** SKIPPED: emacs with eglot is not installed (apt-get install emacs-nox elpa-eglot) ***"; skipped=$((skipped + 1))
fi
echo "editors: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -gt 0 ]; then exit 1; fi
if [ "$skipped" -gt 0 ] && [ "${CI:-}" = true ]; then echo "editors are required in CI" >&2; exit 1; fi
exit 0
