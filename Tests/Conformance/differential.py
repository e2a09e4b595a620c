#!/usr/bin/env python3
"""Differential test: random Dockerfiles parsed by BuildKit's own Go parser (PyPI package `dockerfile`,
which embeds it) and by `dockerfile-lsp dump`, compared instruction by instruction.

usage: differential.py BINARY [COUNT] [SEED]
Prints 'differential: N passed, M failed' and exits 1 on any disagreement.
"""
import random, subprocess, sys, unicodedata

import dockerfile  # pip install dockerfile

PIECES = [
    "FROM", "from", "RUN", "run", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "ENV", "LABEL", "ARG", "EXPOSE",
    "USER", "WORKDIR", "VOLUME", "STOPSIGNAL", "HEALTHCHECK", "MAINTAINER", "ONBUILD", "FORM",
    " ", " ", " ", "  ", "\t", "\\\n", "\\ \n", "\n", "\n", "\n", "\r\n", "# comment\n", "  # indented\n",
    "\\\n\n", "\\\n# c\n", "x", "a=b", "k=\"v w\"", "'q'", "\"", "'", "[", "]", "\"a\"", ", ", "[\"a\", \"b\"]",
    "--mount=type=cache,target=/x", "--from=build", "--chown=\"a b\"", "--", "--flag", "AS", "as", "NONE",
    "<<EOF", "<<-EOF", "<<'EOF'", "3<<EOF", "EOF\n", "\tEOF\n", "$X", "${X:-y}", "\\$", "=", "é", "♥",
    "python:3.12-slim", "/app", "80/tcp", "\\\\", "`", "\\\"",
]
HEADERS = ["", "", "", "# escape=`\n", "# syntax=docker/dockerfile:1\n", "#escape=\\\n", "\ufeff"]


def random_file(rng):
    parts = [rng.choice(HEADERS)]
    for _ in range(rng.randint(1, 12)):
        parts.append(rng.choice(["FROM", "RUN", "COPY", "ENV", "LABEL", "ARG", "CMD", "ONBUILD", "HEALTHCHECK", "ADD"]))
        parts.append(" ")
        for _ in range(rng.randint(0, 8)):
            parts.append(rng.choice(PIECES))
        parts.append("\n")
    return "".join(parts)


def go_quote(s):
    """Go's strconv.Quote for a (valid) string."""
    out = '"'
    simple = {'"': '\\"', '\\': '\\\\', '\a': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r',
              '\t': '\\t', '\v': '\\v'}
    for ch in s:
        o = ord(ch)
        if ch in simple:
            out += simple[ch]
        elif o < 0x20 or o == 0x7f:
            out += '\\x%02x' % o
        elif ch != ' ' and unicodedata.category(ch)[0] in 'CZ':
            out += '\\u%04x' % o if o < 0x10000 else '\\U%08x' % o
        else:
            out += ch
    return out + '"'


def oracle(text):
    """BuildKit's dump lines (ENV/LABEL with either separator), or None when BuildKit rejects the file."""
    try:
        cmds = dockerfile.parse_string(text)
    except dockerfile.GoParseError:
        return None
    lines = []
    for c in cmds:
        head = [(c.cmd or "").lower()]
        if c.flags:
            head.append("[" + " ".join(go_quote(f) for f in c.flags) + "]")
        if (c.cmd or "").lower() in ("env", "label"):
            options = []
            for sep in ('"="', '""'):
                parts = list(head)
                for i in range(0, len(c.value), 2):
                    parts += [go_quote(c.value[i]), go_quote(c.value[i + 1]), sep]
                options.append("(" + " ".join(parts).strip() + ")")
            lines.append(options)
        else:
            lines.append(["(" + " ".join(head + [go_quote(v) for v in c.value]).strip() + ")"])
    return lines


def ours(binary, text):
    d = subprocess.run([binary, "dump", "-"], input=text.encode(), capture_output=True)
    return d.returncode, d.stdout.decode("utf-8", "replace")


def known_difference(text):
    """Where current BuildKit differs from the older BuildKit the PyPI package embeds:
    - exec-form JSON followed by other text (`RUN ["a"] junk`) was read with a streaming decoder that ignored
      the rest; since commit 80518e257 (July 2024) it is not JSON, so the line is shell form (as we do);
    - flags honour the escape directive only since commit 877d8a771 (February 2025); the older parser always
      used a backslash there."""
    if text.startswith("# escape=`") and "--" in text:
        return True
    try:
        commands = dockerfile.parse_string(text)
    except dockerfile.GoParseError:
        return False
    return any(c.json and not c.original.rstrip().endswith("]") for c in commands)


def comparable(text):
    # The Python wrapper flattens ONBUILD's nested instruction and drops its flags: skip those files.
    return "ONBUILD" not in text


def main():
    binary = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    passed = failed = skipped = 0
    for _ in range(count):
        text = random_file(rng)
        if not comparable(text):
            continue
        want = oracle(text)
        status, dump = ours(binary, text)
        if known_difference(text):
            skipped += 1
            continue
        if want is None:
            ok = status == 1
        else:
            got = dump.splitlines()
            ok = status == 0 and len(got) == len(want) and all(g in w for g, w in zip(got, want))
        if ok:
            passed += 1
        else:
            failed += 1
            if failed <= 5:
                print("DISAGREE:", repr(text), "\n  buildkit:", want, "\n  ours:", status, dump[:500])
    print(f"differential: {passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
