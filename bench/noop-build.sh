#!/usr/bin/env bash
# Times a no-op incremental `dotnet build` against a develop-scale catalog, with the check (the
# saved results replayed after the catalog's snapshot is checked) and without it
# (SpackCoverageCheck=false), for two projects with samples/Quickstart's requirements:
#   package: a project that references the packed CacheTasks package, as users do (task in process)
#   sample:  samples/Quickstart itself (task built from source and run in a task host process)
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

# The package consumer: packed CacheTasks from a local feed, packages restored into the work folder.
version="0.0.0-bench.$(date +%s)"
dotnet pack "$repo/src/CacheTasks/CacheTasks.csproj" -c Release -o "$work/feed" -p:PackageVersion="$version" -v quiet -nologo >/dev/null
mkdir -p "$work/app"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="cachetasks-bench" value="$work/feed" />
  </packageSources>
</configuration>
XML
cat > "$work/app/app.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <SpackCatalog>$catalog</SpackCatalog>
    <SpackArch>linux-ubuntu24.04-x86_64_v3;linux-ubuntu24.04-aarch64</SpackArch>
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
export NUGET_PACKAGES="$work/packages"
package="dotnet build $work/app --no-restore -nodeReuse:false -v quiet -nologo"
dotnet build "$work/app" -nodeReuse:false -v quiet -nologo >/dev/null || true  # restore, first build, parsed cache

# No node reuse: a reused node would keep this worktree's task assembly loaded for other builds.
sample="dotnet build $repo/samples/Quickstart --no-restore -nodeReuse:false -v quiet -nologo -p:SpackCatalog=$catalog"
dotnet build "$repo/samples/Quickstart" -nodeReuse:false -v quiet -nologo -p:SpackCatalog="$catalog" >/dev/null || true

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 1 --runs "$runs" \
  -n "package: no-op build, check on" "$package" \
  -n "package: no-op build, check off" "$package -p:SpackCoverageCheck=false" \
  -n "sample: no-op build, check on" "$sample" \
  -n "sample: no-op build, check off" "$sample -p:SpackCoverageCheck=false"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
