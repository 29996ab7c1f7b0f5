#!/usr/bin/env python3
"""
What a whole solution's first build pays for the check, against one project's, by wall time: the
ratio issue 24 sets a target for (8 projects <= 1.5x one project's overhead, 32 projects <= 2x).

A first build of N empty class libraries swings by seconds from run to run with the check off alone
(which project lands on which build node, each compile's own time), more than the check adds. So
this script measures the overhead the way such noise allows:

- every round builds every solution twice, check off and check on (a first build each: no obj/,
  no bin/, no parsed catalog), the order of the two alternating from round to round, and starts
  each pair only when the machine has been at least 85 % idle for 2 s;
- a solution's overhead is the median of its rounds' paired differences (on minus off), so a slow
  minute lands on both halves of a pair;
- the ratio N : 1 comes with a 90 % interval from resampling whole rounds (bootstrap), which says
  how far the figure can be trusted.

The solutions are bench/solution-build.sh's: N class libraries, the packed package and four
requirements on three arches in one Directory.Build.props, SpackCatalog a develop-scale catalog.

  python3 bench/solution-ratio.py --catalog DIR [--ns 1,8,32] [--rounds 10] [--compiler server|processes] [--noop]

--noop times no-op builds instead (each solution built once before; nothing changed since), and
gives each solution's overhead as a share of its check-off build, the target being <= +10 %.

--compiler server (the default) builds as the .NET SDK does by default: compiles go to the shared
compiler server, started by a warm-up build and shut down at the end. --compiler processes runs
each compile in its own process (UseSharedCompilation=false, as some CI machines set), which makes
a solution's build mostly compiler start-up and its wall time noisier.
"""
import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from idle import wait_for_idle  # noqa: E402

PROJECT = """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
</Project>
"""


def make_solution(folder, n, props):
    os.makedirs(folder)
    with open(os.path.join(folder, "Directory.Build.props"), "w") as f:
        f.write(props)
    subprocess.run(["dotnet", "new", "sln", "-n", "Solution", "--format", "sln", "-o", "."], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    projects = []
    for i in range(1, n + 1):
        os.makedirs(os.path.join(folder, f"Lib{i}"))
        with open(os.path.join(folder, f"Lib{i}", f"Lib{i}.csproj"), "w") as f:
            f.write(PROJECT)
        with open(os.path.join(folder, f"Lib{i}", f"Class{i}.cs"), "w") as f:
            f.write(f"namespace Lib{i};\npublic static class Class{i} {{ }}\n")
        projects.append(f"Lib{i}/Lib{i}.csproj")
    subprocess.run(["dotnet", "sln", "Solution.sln", "add"] + projects, cwd=folder, check=True, stdout=subprocess.DEVNULL)


def first_build(folder, cache, check, extra):
    """Wall and CPU seconds (the build and its nodes; a compiler server is not a child) of a first build."""
    for entry in os.listdir(folder):
        for sub in ("obj", "bin"):
            shutil.rmtree(os.path.join(folder, entry, sub), ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    return build(folder, check, extra)


def noop_build(folder, check, extra):
    """Wall and CPU seconds of a no-op build. A check-off build's IncrementalClean deletes the
    check's saved results (not among that build's FileWrites), so a measured check-on build
    follows an unmeasured one that restores them."""
    if check:
        build(folder, True, extra + ["--no-restore"])
    return build(folder, check, extra + ["--no-restore"])


def build(folder, check, extra):
    command = ["dotnet", "build", os.path.join(folder, "Solution.sln"), "-nodeReuse:false", "-nologo", "-v", "quiet"] + extra
    if not check:
        command.append("-p:SpackCoverageCheck=false")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"build failed: {' '.join(command)}\n{done.stdout}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def overhead(rounds, n):
    """The median of the rounds' paired differences (check on minus check off) for the solution of n projects."""
    return statistics.median(r[n][1] - r[n][0] for r in rounds)


def ratio(rounds, n):
    """n projects' overhead over one project's; None when one project's is not above zero."""
    one = overhead(rounds, 1)
    return overhead(rounds, n) / one if one > 0 else None


def share(rounds, n):
    """n projects' overhead as a share of their median check-off build."""
    return overhead(rounds, n) / statistics.median(r[n][0] for r in rounds)


def interval(rounds, statistic, samples=5000, seed=24):
    """90 % bootstrap interval of statistic(rounds), resampling whole rounds (a resample it gives None for is left out)."""
    rng = random.Random(seed)
    values = []
    for _ in range(samples):
        value = statistic([rng.choice(rounds) for _ in rounds])
        if value is not None:
            values.append(value)
    values.sort()
    return values[int(0.05 * len(values))], values[int(0.95 * len(values)) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalog", help="a develop-scale catalog folder (default: bench/generate_catalog.py makes one)")
    parser.add_argument("--ns", default="1,8,32", help="solution sizes; 1 is always included")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--compiler", choices=["server", "processes"], default="server")
    parser.add_argument("--noop", action="store_true", help="time no-op builds (nothing changed since the last build) instead of first builds; the target is <= +10 %%")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    ns = sorted({1} | {int(n) for n in args.ns.split(",")})

    work = tempfile.mkdtemp(prefix="cachetasks-ratio.")
    extra = ["-p:UseSharedCompilation=" + ("true" if args.compiler == "server" else "false")]
    try:
        catalog = args.catalog
        if not catalog:
            catalog = os.path.join(work, "catalog")
            subprocess.run([sys.executable, os.path.join(HERE, "generate_catalog.py"), catalog], check=True)
        catalog = os.path.abspath(catalog)
        version = f"0.0.0-ratio.{int(time.time())}"
        subprocess.run(["dotnet", "pack", os.path.join(REPO, "src", "CacheTasks", "CacheTasks.csproj"), "-c", "Release", "-o", os.path.join(work, "feed"), f"-p:PackageVersion={version}", "-v", "quiet", "-nologo"], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(work, "nuget.config"), "w") as f:
            f.write(f'<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><add key="bench" value="{work}/feed" /></packageSources></configuration>\n')
        # Packed with the machine's own package folder; the solutions restore into the work folder's.
        os.environ.update(NUGET_PACKAGES=os.path.join(work, "packages"), MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_USE_MSBUILD_SERVER="0", DOTNET_NOLOGO="1", DOTNET_CLI_TELEMETRY_OPTOUT="1")
        cache = os.path.join(work, "cachetasks-cache")
        with open(os.path.join(HERE, "solution", "Directory.Build.props.in")) as f:
            props = f.read().replace("@CATALOG@", catalog).replace("@CACHE@", cache).replace("@VERSION@", version)
        for n in ns:
            make_solution(os.path.join(work, f"sol{n}"), n, props)
            # Warm-up: restores the package once, fills the disk cache, starts the compiler server.
            first_build(os.path.join(work, f"sol{n}"), cache, True, extra)

        kind = "no-op builds" if args.noop else "first builds"
        print(f"machine: {os.cpu_count()} cores, load average {open('/proc/loadavg').read().split()[0]}; compiler: {args.compiler}; {args.rounds} rounds of {kind}", flush=True)
        rounds = []
        for r in range(args.rounds):
            walls = {}
            cpus = {}
            for n in ns:
                wait_for_idle()
                order = [False, True] if r % 2 == 0 else [True, False]
                folder = os.path.join(work, f"sol{n}")
                got = {check: noop_build(folder, check, extra) if args.noop else first_build(folder, cache, check, extra) for check in order}
                walls[n] = (got[False][0], got[True][0])
                cpus[n] = (got[False][1], got[True][1])
            rounds.append(walls)
            print(f"round {r + 1}: " + "; ".join(f"N={n} off {walls[n][0]:.2f} s on {walls[n][1]:.2f} s (CPU {cpus[n][0]:.2f} / {cpus[n][1]:.2f} s)" for n in ns), flush=True)

        print(f"\nload average after: {open('/proc/loadavg').read().split()[0]}")
        if args.noop:
            print("| N | check off: median wall | check on: median wall | overhead: median of paired differences | share of a check-off build (90 % interval) |")
            print("|---|---|---|---|---|")
        else:
            print("| N | check off: median wall | check on: median wall | overhead: median of paired differences | ratio to N = 1 (90 % interval) |")
            print("|---|---|---|---|---|")
        for n in ns:
            off = statistics.median(r[n][0] for r in rounds)
            on = statistics.median(r[n][1] for r in rounds)
            if args.noop:
                low, high = interval(rounds, lambda picked: share(picked, n))
                last = f"{100 * share(rounds, n):+.0f} % ({100 * low:+.0f} to {100 * high:+.0f} %)"
            elif n == 1:
                last = ""
            else:
                low, high = interval(rounds, lambda picked: ratio(picked, n))
                last = f"{ratio(rounds, n):.2f}x ({low:.2f}-{high:.2f})"
            print(f"| {n} | {off:.2f} s | {on:.2f} s | {overhead(rounds, n):+.2f} s | {last} |")
    finally:
        if args.compiler == "server":
            subprocess.run(["dotnet", "build-server", "shutdown", "--vbcscompiler"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if args.keep:
            print(f"work folder: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
