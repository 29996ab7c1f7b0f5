#!/usr/bin/env bash
# The diagnostics and reports of a ~400-spec stack (generate_stack.py), and how long its
# coverage.html takes in headless Chromium. Usage: bash bench/stack400/measure.sh [CATALOG]
# (CATALOG: a generated catalog, python3 bench/generate_catalog.py /tmp/ct-bench-catalog).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
catalog=${1:-/tmp/ct-bench-catalog}
out=${OUT:-/tmp/ct-stack400}
runs=${RUNS:-10}
python3 "$here/generate_stack.py" "$out"
dotnet build "$repo/src/CacheTasks.Cli" -c Release -v q -nologo >/dev/null
cli=$(ls "$repo"/src/CacheTasks.Cli/bin/Release/*/CacheTasks.Cli.dll | head -1)
rm -rf "$out/report"
dotnet "$cli" check --catalog "$catalog" --env "$out/spack.yaml" \
  --arch linux-ubuntu24.04-x86_64_v3 --arch linux-ubuntu22.04-x86_64_v3 \
  --missing-severity warning --report-dir "$out/report" >"$out/stdout.txt" 2>"$out/stderr.txt" || true
echo "== diagnostics by code (stderr of cachetasks check)"
grep -oE "(warning|error|message) CT[0-9]+" "$out/stderr.txt" | sort | uniq -c
echo "== first CT3006 and CT3005"
grep -m1 CT3006 "$out/stderr.txt" || true
grep -m1 CT3005 "$out/stderr.txt" || true
tail -1 "$out/stdout.txt"
ls -l "$out/report"

# In-page time: a copy of the report with one script after the report's own, which logs when the
# report's script has built the matrix (performance.now() from navigation start) and when the
# filter and the missing-only view have re-rendered it.
timing="$out/report/coverage-timed.html"
sed 's#</body>#<script>(function(){var t0=performance.now();var f=document.getElementById("filter");f.value="cuda";f.dispatchEvent(new Event("input"));var t1=performance.now();f.value="";f.dispatchEvent(new Event("input"));var m=document.getElementById("missing-only");m.checked=true;m.dispatchEvent(new Event("change"));var t2=performance.now();console.log("CT-TIMING ready="+t0.toFixed(0)+" filter="+(t1-t0).toFixed(0)+" missingOnly="+(t2-t1).toFixed(0)+" rows="+document.querySelectorAll("tbody tr").length);}());</script></body>#' \
  "$out/report/coverage.html" >"$timing"
echo "== in-page times (ms), $runs loads"
for i in $(seq "$runs"); do
  chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --dump-dom "file://$timing" 2>&1 >/dev/null | grep -o 'CT-TIMING[^"]*' | head -1
done
echo "== whole Chromium process: the report vs an empty page"
printf '<!doctype html><title>empty</title>' >"$out/empty.html"
hyperfine --warmup 1 --runs "$runs" -N \
  "chromium --headless --no-sandbox --disable-gpu --dump-dom file://$out/empty.html" \
  "chromium --headless --no-sandbox --disable-gpu --dump-dom file://$out/report/coverage.html" \
  "chromium --headless --no-sandbox --disable-gpu --dump-dom file://$out/report/coverage.html#missing"
