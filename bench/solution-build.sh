#!/usr/bin/env bash
# Times whole-solution `dotnet build`s as a team sets CacheTasks up: N empty class libraries, the
# package and the requirements in one Directory.Build.props, SpackCatalog pointing at a
# develop-scale catalog, 3 arches, the packed package from a local feed. For each N it times, side
# by side and interleaved run by run (so the machine's load drifts into both alike):
#   first build:  no obj/ or bin/ and no parsed catalog cache (a fresh CI checkout), restore included
#   no-op build:  the same build again with nothing changed (--no-restore)
# each with the check on and off (SpackCoverageCheck=false), then counts how many times one first
# build loaded the catalog, how many projects reused a load and how many took an earlier project's
# check ("catalog loaded" / "catalog reused" / "reused the check of" lines at detailed verbosity).
# Overheads: by the minimum wall times, by the median of the paired (interleaved) wall differences,
# and by the mean CPU time; every run's wall time is printed after the table.
# usage: bench/solution-build.sh [CATALOG_DIR]   (default: a fresh temp folder, removed afterwards)
# env:   NS (default "1 8 32"), RUNS (default 3), NOOP_RUNS no-op builds of each kind in all
#        (default RUNS; at least RUNS, the extra ones off and on in turn after the first builds:
#        a no-op build is short and swings most with the neighbours' load),
#        TIMELINE_RUNS first builds at detailed verbosity whose check targets are timed per node
#        (default 3; bench/check-timeline.py), KEEP=1 keeps the work folder,
#        BUILD_ARGS more arguments for every build (e.g. -p:UseSharedCompilation=false, so that the
#        compiler's CPU time is counted on both sides rather than in a shared server)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
runs="${RUNS:-3}"
noop_runs="${NOOP_RUNS:-$runs}"
timeline_runs="${TIMELINE_RUNS:-3}"
ns="${NS:-1 8 32}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cachetasks-solution.XXXXXX")"
if [[ "${KEEP:-}" != "1" ]]; then trap 'rm -rf "$work"' EXIT; else echo "work folder: $work"; fi
catalog="${1:-}"
if [[ -z "$catalog" ]]; then
  catalog="$work/catalog"
  python3 "$here/generate_catalog.py" "$catalog"
fi
catalog="$(cd "$catalog" && pwd)"

version="0.0.0-bench.$(date +%s)"
dotnet pack "$repo/src/CacheTasks/CacheTasks.csproj" -c Release -o "$work/feed" -p:PackageVersion="$version" -v quiet -nologo >/dev/null
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="cachetasks-bench" value="$work/feed" />
  </packageSources>
</configuration>
XML

# Packages restored into the work folder; the parsed catalog cache (SpackCatalogCacheDirectory) too,
# so that a first build can start without one. No node reuse and no build server: every build is a
# separate, clean one, as in CI.
export NUGET_PACKAGES="$work/packages"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
cache="$work/cachetasks-cache"

make_solution() {
  local n="$1" dir="$2"
  mkdir -p "$dir"
  sed -e "s#@CATALOG@#$catalog#" -e "s#@CACHE@#$cache#" -e "s#@VERSION@#$version#" "$here/solution/Directory.Build.props.in" > "$dir/Directory.Build.props"
  (cd "$dir" && dotnet new sln -n Solution --format sln -o . >/dev/null)
  local projects=()
  for i in $(seq 1 "$n"); do
    mkdir -p "$dir/Lib$i"
    cat > "$dir/Lib$i/Lib$i.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
</Project>
XML
    printf 'namespace Lib%s;\npublic static class Class%s { }\n' "$i" "$i" > "$dir/Lib$i/Class$i.cs"
    projects+=("Lib$i/Lib$i.csproj")
  done
  (cd "$dir" && dotnet sln Solution.sln add "${projects[@]}" >/dev/null)
}

# "wall cpu" seconds of one command (cpu: user + sys of the build and its MSBuild nodes; the
# shared compiler server is not a child and is left out of both sides alike); output in $work/last.log.
timed() {
  /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log"; echo "failed: $*" >&2; exit 1; }
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/time.txt"
}

# On a shared machine the mean swings with the neighbours' load; the minimum and the CPU time
# swing less. Prints "wall mean (min) | cpu mean" for a list of "wall cpu" pairs.
stats() { python3 -c '
import sys, statistics as s
pairs = [tuple(map(float, x.split())) for x in sys.argv[1:]]
wall = [p[0] for p in pairs]; cpu = [p[1] for p in pairs]
print(f"{s.mean(wall):.2f} s (min {min(wall):.2f}) | {s.mean(cpu):.2f} s")' "$@"; }

# "+x s (+y %)" of on over off: by the minimum wall time, by the median of the paired wall
# differences (run i's on minus run i's off: the runs are interleaved, so a slow minute of the
# neighbours lands on both halves of a pair, and one lucky off run does not decide the result), and
# by the mean CPU time.
overhead() { python3 -c '
import sys, statistics as s
def parse(arg): return [tuple(map(float, x.split())) for x in arg.split(",")]
off, on = parse(sys.argv[1]), parse(sys.argv[2])
w0, w1 = min(p[0] for p in off), min(p[0] for p in on)
paired = s.median(b[0] - a[0] for a, b in zip(off, on))
m0 = s.median(p[0] for p in off)
c0, c1 = s.mean(p[1] for p in off), s.mean(p[1] for p in on)
print(f"+{w1 - w0:.2f} s (+{100 * (w1 - w0) / w0:.0f} %) | +{paired:.2f} s (+{100 * paired / m0:.0f} %) | +{c1 - c0:.2f} s (+{100 * (c1 - c0) / c0:.0f} %)")' "$1" "$2"; }

# The wall times of every run, off then on, for the record.
walls() { python3 -c '
import sys
def parse(arg): return [x.split()[0] for x in arg.split(",")]
print("off " + " ".join(parse(sys.argv[1])) + " / on " + " ".join(parse(sys.argv[2])))' "$1" "$2"; }

join() { local IFS=,; echo "$*"; }

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "columns: wall mean (min) | CPU mean; overhead: by min wall | by median of paired wall differences | by mean CPU"
echo "| N | build | check off: wall | CPU | check on: wall | CPU | overhead: min wall | paired wall | CPU | loads / reuses / checks shared |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in $ns; do
  dir="$work/sol$n"
  make_solution "$n" "$dir"
  build="dotnet build $dir/Solution.sln -nodeReuse:false -nologo ${BUILD_ARGS:-}"
  clean() { rm -rf "$dir"/Lib*/obj "$dir"/Lib*/bin "$cache"; }
  # Warm-up: restore once, disk caches.
  clean; timed $build -v quiet >/dev/null
  first_off=(); first_on=(); noop_off=(); noop_on=()
  for _ in $(seq 1 "$runs"); do
    clean; first_off+=("$(timed $build -v quiet -p:SpackCoverageCheck=false)")
    noop_off+=("$(timed $build --no-restore -v quiet -p:SpackCoverageCheck=false)")
    clean; first_on+=("$(timed $build -v quiet)")
    noop_on+=("$(timed $build --no-restore -v quiet)")
  done
  # More no-op builds, off and on in turn, so that the neighbours' load lands on both alike. A
  # check-off build's IncrementalClean deletes the check's saved results (not among its
  # FileWrites), so each measured "on" build follows an unmeasured one that restores them.
  for _ in $(seq 2 "$noop_runs"); do
    noop_off+=("$(timed $build --no-restore -v quiet -p:SpackCoverageCheck=false)")
    timed $build --no-restore -v quiet >/dev/null
    noop_on+=("$(timed $build --no-restore -v quiet)")
  done
  # First builds with the check at detailed verbosity: how long the check's target took on each
  # node (bench/check-timeline.py), measured inside the build, which a whole build's wall time
  # (compiles that swing by seconds from run to run) cannot resolve.
  busiest=()
  for _ in $(seq 1 "$timeline_runs"); do
    clean; timed $build -v detailed -clp:ShowTimestamp >/dev/null
    python3 "$here/check-timeline.py" "$work/last.log" > "$work/timeline.txt"
    head -1 "$work/timeline.txt" | sed "s/^/N=$n: /" >> "$work/timelines.txt"
    busiest+=("$(sed -n 's/^busiest=//p' "$work/timeline.txt")")
  done
  echo "N=$n: check on the busiest node, median of ${#busiest[@]} first builds: $(python3 -c 'import sys, statistics; print(f"{statistics.median(map(float, sys.argv[1:])):.2f} s")' "${busiest[@]}")" >> "$work/timelines.txt"
  loads=$(grep -c "CacheTasks: catalog loaded" "$work/last.log" || true)
  reuses=$(grep -c "CacheTasks: catalog reused" "$work/last.log" || true)
  shared=$(grep -c "CacheTasks: reused the check of" "$work/last.log" || true)
  grep -o "CacheTasks: catalog loaded: .* ms" "$work/last.log" | sed "s/^/N=$n: /" >> "$work/loads.txt" || true
  echo "| $n | first | $(stats "${first_off[@]}") | $(stats "${first_on[@]}") | $(overhead "$(join "${first_off[@]}")" "$(join "${first_on[@]}")") | $loads / $reuses / $shared |"
  echo "| $n | no-op | $(stats "${noop_off[@]}") | $(stats "${noop_on[@]}") | $(overhead "$(join "${noop_off[@]}")" "$(join "${noop_on[@]}")") | |"
  echo "N=$n first, wall s: $(walls "$(join "${first_off[@]}")" "$(join "${first_on[@]}")")" >> "$work/walls.txt"
  echo "N=$n no-op, wall s: $(walls "$(join "${noop_off[@]}")" "$(join "${noop_on[@]}")")" >> "$work/walls.txt"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$work/walls.txt" "$work/timelines.txt" "$work/loads.txt" 2>/dev/null || true
