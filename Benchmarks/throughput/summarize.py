#!/usr/bin/env python3
"""Summarises a hyperfine JSON export of run.sh as a Markdown table: wall time, CPU time (user + system), and
how many times faster each command is than hadolint's fastest way, by median wall time (the mean is pulled up
by runs that waited for a core on a shared machine) and by mean CPU time."""
import json
import sys


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: summarize.py hyperfine.json")
    with open(sys.argv[1]) as f:
        results = json.load(f)["results"]
    hadolint = [r for r in results if r["command"].startswith("hadolint")]
    if not hadolint:
        sys.exit("summarize.py: no hadolint command in the results")
    fastest_wall = min(hadolint, key=lambda r: r["median"])
    fastest_cpu = min(hadolint, key=lambda r: r["user"] + r["system"])

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:,.0f} ms" if seconds >= 1 else f"{seconds * 1000:.1f} ms"

    print(
        "| command | runs | wall median | wall mean ± σ | wall min | user | sys | CPU (user+sys) "
        "| wall speed-up | CPU speed-up |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        cpu = r["user"] + r["system"]
        wall_ratio = fastest_wall["median"] / r["median"]
        cpu_ratio = (fastest_cpu["user"] + fastest_cpu["system"]) / cpu if cpu > 0 else float("inf")
        print(
            f"| {r['command']} | {len(r['times'])} | {ms(r['median'])} | {ms(r['mean'])} ± {ms(r['stddev'] or 0)} "
            f"| {ms(r['min'])} "
            f"| {ms(r['user'])} | {ms(r['system'])} | {ms(cpu)} | {wall_ratio:.1f}× | {cpu_ratio:.1f}× |"
        )
    print()
    print(
        f"Speed-ups are against hadolint's fastest way: '{fastest_wall['command']}' by median wall time, "
        f"'{fastest_cpu['command']}' by CPU time."
    )


if __name__ == "__main__":
    main()
