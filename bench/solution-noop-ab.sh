#!/usr/bin/env bash
# No-op builds of two kept solution-build.sh work folders (KEEP=1), e.g. one packed from main and
# one from a branch, interleaved round by round: A off, A on, B off, B on (off: SpackCoverageCheck=false).
# A check-off build's IncrementalClean deletes the check's saved results (they are not among that
# build's FileWrites), so the build after it checks again: each measured "on" build follows an
# unmeasured one that restores them.
# On a shared machine the load drifts into all four alike; prints min and median wall and CPU
# (user + sys of the build and its nodes) and each tree's overhead.
# usage: bench/solution-noop-ab.sh N ROUNDS WORK_A WORK_B
set -euo pipefail
n="$1"; rounds="$2"; a="$3"; b="$4"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
times="$(mktemp)"; trap 'rm -f "$times"' EXIT
run() { # work mode
  local extra=""; [[ $2 == off ]] && extra="-p:SpackCoverageCheck=false"
  NUGET_PACKAGES="$1/packages" /usr/bin/time -f "%e %U %S" -o "$times" dotnet build "$1/sol$n/Solution.sln" -nodeReuse:false -nologo -p:UseSharedCompilation=false --no-restore -v quiet $extra >/dev/null
  cat "$times"
}
# One of each first, so that every measured build is a no-op.
for w in "$a" "$b"; do run "$w" on >/dev/null; run "$w" off >/dev/null; done
for _ in $(seq 1 "$rounds"); do
  for w in A B; do
    dir="$a"; [[ $w == B ]] && dir="$b"
    echo "$w-off $(run "$dir" off) $(cut -d' ' -f1 /proc/loadavg)"
    run "$dir" on >/dev/null
    echo "$w-on $(run "$dir" on) $(cut -d' ' -f1 /proc/loadavg)"
  done
done | python3 -c '
import sys, statistics as s
d = {}
for line in sys.stdin:
    k, w, u, sy, l = line.split(); d.setdefault(k, []).append((float(w), float(u) + float(sy), l))
for k, v in d.items():
    print(k, "wall min %.2f median %.2f | cpu min %.2f median %.2f | load %s" % (min(x[0] for x in v), s.median(x[0] for x in v), min(x[1] for x in v), s.median(x[1] for x in v), " ".join(x[2] for x in v)))
for w in ("A", "B"):
    off, on = d[w + "-off"], d[w + "-on"]
    w0, w1 = min(x[0] for x in off), min(x[0] for x in on)
    c0, c1 = s.median(x[1] for x in off), s.median(x[1] for x in on)
    print("%s overhead: wall (min) %+.2f s (%+.0f %%) | cpu (median) %+.2f s (%+.0f %%)" % (w, w1 - w0, 100 * (w1 - w0) / w0, c1 - c0, 100 * (c1 - c0) / c0))
'
