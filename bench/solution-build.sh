#!/usr/bin/env bash
# Times whole-solution `dotnet build`s as a team sets CacheTasks up: N empty class libraries, the
# package and the requirements in one Directory.Build.props, SpackCatalog pointing at a
# develop-scale catalog, 3 arches, the packed package from a local feed. For each N it times, side
# by side and interleaved run by run (so the machine's load drifts into both alike):
#   first build:  no obj/ or bin/ and no parsed catalog cache (a fresh CI checkout), restore included
#   no-op build:  the same build again with nothing changed (--no-restore)
# each with the check on and off (SpackCoverageCheck=false), then counts how many times one first
# build loaded the catalog and how many projects reused a load ("catalog loaded" / "catalog reused"
# lines at detailed verbosity).
# usage: bench/solution-build.sh [CATALOG_DIR]   (default: a fresh temp folder, removed afterwards)
# env:   NS (default "1 8 32"), RUNS (default 3), KEEP=1 keeps the work folder
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
runs="${RUNS:-3}"
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
  cat > "$dir/Directory.Build.props" <<XML
<Project>
  <PropertyGroup>
    <SpackCatalog>$catalog</SpackCatalog>
    <SpackArch>linux-ubuntu24.04-x86_64_v3;linux-ubuntu24.04-aarch64;linux-rhel8-x86_64_v3</SpackArch>
    <SpackCatalogCacheDirectory>$cache</SpackCatalogCacheDirectory>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="CacheTasks" Version="$version" PrivateAssets="all" />
    <SpackRequirement Include="zlib-ng@2.2" />
    <SpackRequirement Include="cmake@3.30:" />
    <SpackRequirement Include="hdf5@1.14 +mpi" />
    <SpackRequirement Include="py-torch@2.5 +cuda" Arch="linux-ubuntu24.04-x86_64_v3" />
  </ItemGroup>
</Project>
XML
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

# Seconds (wall) of one command, its output kept in $work/last.log.
timed() {
  local start end
  start=$(date +%s.%N)
  "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log"; echo "failed: $*" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

stats() { python3 -c 'import sys,statistics as s; v=[float(x) for x in sys.argv[1:]]; print(f"{s.mean(v):.2f} s (min {min(v):.2f}, σ {s.pstdev(v):.2f})")' "$@"; }

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| N | first, check off | first, check on | first overhead | no-op, check off | no-op, check on | no-op overhead | loads / reuses in one first build |"
echo "|---|---|---|---|---|---|---|---|"
for n in $ns; do
  dir="$work/sol$n"
  make_solution "$n" "$dir"
  build="dotnet build $dir/Solution.sln -nodeReuse:false -nologo"
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
  clean; timed $build -v detailed >/dev/null
  loads=$(grep -c "CacheTasks: catalog loaded" "$work/last.log" || true)
  reuses=$(grep -c "CacheTasks: catalog reused" "$work/last.log" || true)
  mean() { python3 -c 'import sys,statistics as s; print(f"{s.mean(float(x) for x in sys.argv[1:]):.3f}")' "$@"; }
  fo=$(mean "${first_off[@]}"); fn=$(mean "${first_on[@]}"); no=$(mean "${noop_off[@]}"); nn=$(mean "${noop_on[@]}")
  fover=$(python3 -c "print(f'+{$fn-$fo:.2f} s (+{100*($fn-$fo)/$fo:.0f} %)')")
  nover=$(python3 -c "print(f'+{$nn-$no:.2f} s (+{100*($nn-$no)/$no:.0f} %)')")
  echo "| $n | $(stats "${first_off[@]}") | $(stats "${first_on[@]}") | $fover | $(stats "${noop_off[@]}") | $(stats "${noop_on[@]}") | $nover | $loads / $reuses |"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
