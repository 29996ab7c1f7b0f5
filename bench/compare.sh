#!/usr/bin/env bash
# Times, in one run on the same generated develop-scale catalog:
#   (a) CacheTasks' load (cold: no parsed cache; warm: from the parsed cache; first build: cold and
#       writing the parsed cache), as a fresh process
#   (b) a Python script with PyYAML's CSafeLoader    (bench/load_pyyaml.py)
#   (c) a Python script with the json module on the JSON lines (bench/load_json.py)
#   (d) cat of all pages (the floor: reading the bytes)
# and prints CacheTasks' in-process load time and memory.
#
# usage: bench/compare.sh [CATALOG_DIR]   (default: a fresh temp folder, removed afterwards)
# env:   RUNS (default 10), SLOW_RUNS for PyYAML (default 3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runs="${RUNS:-10}"
slow_runs="${SLOW_RUNS:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cachetasks-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT

catalog="${1:-}"
if [[ -z "$catalog" ]]; then
  catalog="$work/catalog"
  python3 "$here/generate_catalog.py" "$catalog"
fi
cache="$work/obj/spack-catalog-cache"

dotnet build -c Release "$here/CacheTasks.Benchmarks" -v quiet -nologo >/dev/null
bench_dll="$here/CacheTasks.Benchmarks/bin/Release/net10.0/CacheTasks.Benchmarks.dll"
load="dotnet $bench_dll load $catalog"
# The same, ReadyToRun-compiled: what shipping the task assembly precompiled would give (less JIT at start).
dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/r2r" "$here/CacheTasks.Benchmarks" -v quiet -nologo >/dev/null
load_r2r="dotnet $work/r2r/CacheTasks.Benchmarks.dll load $catalog"
dotnet "$bench_dll" load "$catalog" --cache "$cache" >/dev/null   # primes the parsed cache

echo "== machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
echo "dotnet $(dotnet --version); $(python3 --version); PyYAML $(python3 -c 'import yaml; print(yaml.__version__)')"
page_bytes="$(find "$catalog" -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}')"
echo "catalog: $(find "$catalog" -name '*.md' | wc -l) pages, $page_bytes bytes of pages"
# (d), checked first: a pattern left to the shell would match the current folder's *.md and read nothing.
cat_script="find '$catalog' -name '*.md' -print0 | xargs -0 cat"
cat_bytes="$(bash -c "$cat_script" | wc -c)"
if [[ "$cat_bytes" != "$page_bytes" ]]; then
  echo "compare.sh: (d) read $cat_bytes bytes, the pages hold $page_bytes" >&2
  exit 1
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== side by side (wall time of a whole process)"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 2 --runs "$runs" --export-markdown "$work/fast.md" \
    -n "(a) CacheTasks load, cold" "$load" \
    -n "(a) CacheTasks load, warm" "$load --cache $cache" \
    -n "(a) CacheTasks load, cold, ReadyToRun" "$load_r2r" \
    -n "(c) python json lines" "python3 $here/load_json.py $catalog" \
    -n "(d) cat all pages" "bash -c \"$cat_script > /dev/null\""
  # What the first build of a fresh clone pays: the cold load plus writing the parsed cache.
  hyperfine -N --warmup 1 --runs "$runs" --export-markdown "$work/first.md" --prepare "rm -rf $work/first-cache" \
    -n "(a) CacheTasks load, first build (cold, writes the parsed cache)" "$load --cache $work/first-cache"
  hyperfine -N --warmup 1 --runs "$slow_runs" --export-markdown "$work/slow.md" \
    -n "(b) python PyYAML CSafeLoader" "python3 $here/load_pyyaml.py $catalog"
  cat "$work/fast.md" "$work/first.md" "$work/slow.md"
else
  for cmd in "$load" "$load --cache $cache" "python3 $here/load_json.py $catalog" "python3 $here/load_pyyaml.py $catalog"; do
    for _ in 1 2 3; do /usr/bin/time -f "%e s wall, %U s user: $cmd" $cmd >/dev/null; done
  done
  for _ in 1 2 3; do /usr/bin/time -f "%e s wall: cat" bash -c "$cat_script > /dev/null"; done
fi

echo "== CacheTasks in process (Stopwatch around CatalogLoader.Load; memory from the GC), 5 runs each"
for _ in 1 2 3 4 5; do echo "cold: $($load)"; done
for _ in 1 2 3 4 5; do echo "warm: $($load --cache "$cache")"; done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
