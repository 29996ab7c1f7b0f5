#!/usr/bin/env python3
"""
Interleaved cold (or warm) `cachetasks check` runs of several tools against one mirror index, for
an A/B of two builds on a shared machine: each round starts only when /proc/stat shows the machine
at least 85 % idle over 2 s, and prints how idle it was when the round ended.

  python3 bench/cold-ab.py --rounds 6 before=/tmp/a/cachetasks after=/tmp/b/cachetasks

A tool is what `dotnet tool install` made (bench/floor.py's install() shows how to pack one from a
tree). The index defaults to floor.py's generated 60,000-install one; the check is floor.py's (4
requirements x 3 arches); cold means a fresh parsed-cache folder for every run.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from floor import ARCHES, SPECS  # noqa: E402
from idle import idle, wait_for_idle  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--index", default="/tmp/floor-dir/index-60000.json")
    parser.add_argument("--warm", action="store_true", help="keep each tool's parsed cache (written once before the rounds)")
    parser.add_argument("tools", nargs="+", help="name=path of an installed cachetasks")
    args = parser.parse_args()
    tools = [t.split("=", 1) for t in args.tools]
    work = tempfile.mkdtemp(prefix="cachetasks-ab.")
    results = {name: [] for name, _ in tools}

    def run(name, tool):
        cache = os.path.join(work, name)
        if not args.warm:
            shutil.rmtree(cache, ignore_errors=True)
        command = ["/usr/bin/time", "-f", "%e %U %S %M", tool, "check", "--catalog", args.index, "--missing-severity", "warning", "--parsed-cache-dir", cache]
        command += [a for arch in ARCHES for a in ("--arch", arch)] + SPECS
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall, user, system, rss = done.stderr.strip().splitlines()[-1].split()
        return float(wall), float(user) + float(system), int(rss) // 1024

    try:
        if args.warm:
            for name, tool in tools:
                run(name, tool)
        for r in range(args.rounds):
            wait_for_idle()
            for name, tool in tools:
                results[name].append(run(name, tool))
            print("round %d: %s; idle after: %.0f %%" % (r + 1, ", ".join("%s %.2f s" % (n, results[n][-1][0]) for n, _ in tools), 100 * idle(1.0)), flush=True)
        print("| tool | wall median | wall best | CPU median | peak RSS |\n|---|---:|---:|---:|---:|")
        for name, _ in tools:
            rows = results[name]
            print("| %s | %.2f s | %.2f s | %.2f s | %d MB |" % (name, statistics.median(r[0] for r in rows), min(r[0] for r in rows), statistics.median(r[1] for r in rows), max(r[2] for r in rows)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
