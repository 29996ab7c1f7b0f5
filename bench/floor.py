#!/usr/bin/env python3
"""Issue 24's start-up and index targets, side by side in one run, through the CLI as users get it.

The CacheTasks.Cli package is packed twice from this tree, as shipped (ReadyToRun images) and with
-p:CacheTasksReadyToRun=false (IL only), each installed with `dotnet tool install --tool-path` from a
local feed. An empty console app (`dotnet new console`, Release, its apphost) is the start-up
reference. Every command below runs once per round and the rounds are interleaved, so the load of
the machine drifts into all of them alike; the load average is printed with every round.

  empty app               the empty console app's apphost (it prints "Hello, World!")
  --help                  `cachetasks --help` (ReadyToRun / IL)
  check, warm             `cachetasks check` of 4 requirements x 3 arches against the 60,000-install
                          index, parsed cache already written (ReadyToRun / IL)
  check, cold             the same with a fresh parsed-cache folder: parses the index, writes the cache
  catalog, cold           `cachetasks catalog index.json` (every install read, no parsed cache)
  python3 json.load       python3 -c 'json.load(open(index))' of the same file
  check 250k, cold        the check against the 250,000-install index, fresh parsed-cache folder

Each gives the median and best wall time, median CPU (user + sys) and peak RSS (/usr/bin/time); then
the targets. Indexes are bench/generate_index.py --dag random (issue 14's model; 60,000 installs:
149 MB, 250,000: 625 MB), generated into DIR when missing (250,000: several minutes).

usage: bench/floor.py [--dir DIR] [--rounds N] [--slow-rounds N] [--no-250k] [--no-il]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ARCHES = ["linux-ubuntu24.04-x86_64_v3", "linux-ubuntu22.04-x86_64_v3", "linux-ubuntu24.04-zen3"]
# Three packages the generated index has (pkg-0000 .. pkg-7499 at 60,000 installs) and one it has not.
SPECS = ["pkg-2671", "pkg-6956", "pkg-6493", "zlib"]


def load():
    return open("/proc/loadavg").read().split()[0]


def run(command, env=None):
    """One run under /usr/bin/time: (wall s, CPU s, peak RSS KB)."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "bash", "-c", command + " > /dev/null 2>&1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    if result.returncode not in (0, 1):
        sys.exit("failed (%d): %s\n%s" % (result.returncode, command, result.stderr))
    wall, user, system, rss = result.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss)


def sh(command, cwd=None, env=None):
    subprocess.run(command, shell=True, check=True, cwd=cwd, env=env, stdout=subprocess.DEVNULL)


def index(directory, size):
    path = os.path.join(directory, "index-%d.json" % size)
    if not os.path.exists(path):
        sh("%s %s %d %s.tmp --dag random --stats 0 && mv %s.tmp %s" % (sys.executable, os.path.join(HERE, "generate_index.py"), size, path, path, path))
    # Older than the parsed cache's 2-second racy window, as a real index is.
    hour_ago = time.time() - 3600
    os.utime(path, (hour_ago, hour_ago))
    return path


def install(work, env, name, extra):
    """Packs the tool with extra MSBuild arguments and installs it; returns the command."""
    version = "0.0.0-floor.%d.%s" % (int(time.time()), name)
    feed = os.path.join(work, "feed-" + name)
    sh("dotnet pack src/CacheTasks.Cli/CacheTasks.Cli.csproj -c Release -o '%s' -p:PackageVersion=%s %s -v quiet -nologo" % (feed, version, extra), cwd=ROOT)
    tools = os.path.join(work, "tool-" + name)
    sh("dotnet tool install CacheTasks.Cli --tool-path '%s' --add-source '%s' --version %s" % (tools, feed, version), cwd=work, env=env)
    return os.path.join(tools, "cachetasks")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="/tmp/ct-bench-index", help="keeps the generated indexes")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--slow-rounds", type=int, default=3, help="rounds of the cold and python commands")
    parser.add_argument("--no-250k", action="store_true")
    parser.add_argument("--no-il", action="store_true", help="skip the IL-only package (no A/B)")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="cachetasks-floor.")
    try:
        env = dict(os.environ, NUGET_PACKAGES=os.path.join(work, "packages"), DOTNET_NOLOGO="1", DOTNET_CLI_TELEMETRY_OPTOUT="1")
        tools = {"ReadyToRun": install(work, env, "r2r", "")}
        if not args.no_il:
            tools["IL"] = install(work, env, "il", "-p:CacheTasksReadyToRun=false")
        empty = os.path.join(work, "empty")
        sh("dotnet new console -o '%s' -n EmptyApp && dotnet build '%s' -c Release -o '%s/out' -v quiet -nologo" % (empty, empty, empty), env=env)
        empty_app = os.path.join(empty, "out", "EmptyApp")

        index60 = index(args.dir, 60000)
        index250 = None if args.no_250k else index(args.dir, 250000)
        arches = " ".join("--arch " + a for a in ARCHES)

        def check(tool, path, cache):
            return "'%s' check --catalog '%s' %s --missing-severity warning --parsed-cache-dir '%s' %s" % (tool, path, arches, cache, " ".join(SPECS))

        fast, slow = [("empty app (apphost)", lambda r: empty_app)], []
        for kind, tool in tools.items():
            warm = os.path.join(work, "warm-" + kind)
            sh(check(tool, index60, warm) + " > /dev/null 2>&1", env=env)  # writes the parsed cache the warm rows read
            fast.append(("`cachetasks --help`, %s" % kind, lambda r, t=tool: "'%s' --help" % t))
            fast.append(("check 60k, warm, %s" % kind, lambda r, t=tool, w=warm: check(t, index60, w)))
        tool = tools["ReadyToRun"]
        slow.append(("check 60k, cold (parses, writes the cache)", lambda r: check(tool, index60, os.path.join(work, "cold60-%d" % r))))
        slow.append(("catalog 60k, cold (`cachetasks catalog index.json`)", lambda r: "'%s' catalog '%s'" % (tool, index60)))
        slow.append(("python3 `json.load` 60k", lambda r: "python3 -c 'import json,sys; json.load(open(sys.argv[1]))' '%s'" % index60))
        if index250:
            slow.append(("check 250k, cold", lambda r: check(tool, index250, os.path.join(work, "cold250-%d" % r))))

        print("cores: %d; dotnet %s; %s; load average before: %s" % (os.cpu_count(), subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip(), sys.version.split()[0], load()))
        results = {name: [] for name, _ in fast + slow}
        loads = []
        for r in range(args.rounds):
            rows = fast + (slow if r < args.slow_rounds else [])
            for name, command in rows:
                results[name].append(run(command(r), env))
            loads.append(load())
            for name, _ in slow:
                if r < args.slow_rounds:
                    for leftover in ("cold60-%d" % r, "cold250-%d" % r):
                        shutil.rmtree(os.path.join(work, leftover), ignore_errors=True)
        print("load average after each round: " + " ".join(loads))
        print()
        print("| command | runs | wall median | wall best | CPU median | peak RSS |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, _ in fast + slow:
            walls = [x[0] for x in results[name]]
            cpus = [x[1] for x in results[name]]
            print("| %s | %d | %.3f s | %.3f s | %.3f s | %.0f MB |" % (name, len(walls), statistics.median(walls), min(walls), statistics.median(cpus), max(x[2] for x in results[name]) / 1024))
        print()

        def median(name, i=0):
            return statistics.median(x[i] for x in results[name])

        start = median("empty app (apphost)")
        for kind in tools:
            warm = "check 60k, warm, " + kind
            print("warm check (%s): %.1fx the empty app's start by median wall (%.0f / %.0f ms), %.1fx by best (target <= 15x)" % (
                kind, median(warm) / start, median(warm) * 1000, start * 1000, min(x[0] for x in results[warm]) / min(x[0] for x in results["empty app (apphost)"])))
        python = "python3 `json.load` 60k"
        for name in ("check 60k, cold (parses, writes the cache)", "catalog 60k, cold (`cachetasks catalog index.json`)"):
            print("%s: %.1fx faster than json.load by median wall, %.1fx by CPU (target >= 10x); peak RSS %.2f of python's (target <= 1/6 = 0.17)" % (
                name, median(python) / median(name), median(python, 1) / median(name, 1), max(x[2] for x in results[name]) / max(x[2] for x in results[python])))
        if index250:
            print("check 250k, cold: %.2f s median wall (target <= 5 s)" % median("check 250k, cold"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
