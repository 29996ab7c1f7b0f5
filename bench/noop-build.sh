#!/usr/bin/env bash
# Times a no-op incremental `dotnet build` of samples/Quickstart against a develop-scale catalog,
# with the check (warm parsed cache in obj/) and without it (SpackCoverageCheck=false).
# usage: bench/noop-build.sh [CATALOG_DIR]   (default: a fresh temp folder, removed afterwards)
# env:   RUNS (default 5)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
runs="${RUNS:-5}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cachetasks-noop.XXXXXX")"
trap 'rm -rf "$work"' EXIT
catalog="${1:-}"
if [[ -z "$catalog" ]]; then
  catalog="$work/catalog"
  python3 "$here/generate_catalog.py" "$catalog"
fi

# No node reuse: a reused node would keep this worktree's task assembly loaded for other builds.
build="dotnet build $repo/samples/Quickstart --no-restore -nodeReuse:false -v quiet -nologo -p:SpackCatalog=$catalog"
dotnet build "$repo/samples/Quickstart" -nodeReuse:false -v quiet -nologo -p:SpackCatalog="$catalog" >/dev/null || true  # restore, first build, cache

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 1 --runs "$runs" \
  -n "no-op build, check on (warm cache)" "$build" \
  -n "no-op build, check off" "$build -p:SpackCoverageCheck=false"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
