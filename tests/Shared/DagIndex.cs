using System.Text.Json.Nodes;

namespace CacheTasks.Testing;

/// <summary>
/// A small Spack 1.0 mirror index (database version 8) with dependency graphs, written the way
/// Spack writes one: each install lists its dependencies by hash with <c>deptypes</c> and
/// <c>virtuals</c>; compilers are installs outside the build cache.
/// </summary>
public sealed class DagIndex
{
    private static readonly string[] Build = ["build"];
    private static readonly string[] BuildLink = ["build", "link"];
    private static readonly string[] None = [];

    private readonly JsonObject _installs = [];

    /// <summary>hdf5 +mpi with openmpi on x86_64_v3 and with mpich on aarch64 (three binaries), gcc 13 and 12 as compiler nodes.</summary>
    public static DagIndex Hdf5()
    {
        var index = new DagIndex();
        var gcc13 = index.Add("gcc", "13.3.0", "x86_64", inBuildCache: false);
        var gcc12 = index.Add("gcc", "12.3.0", "aarch64", inBuildCache: false);
        var openmpi = index.Add("openmpi", "5.0.3", "x86_64_v3", dependencies: [(gcc13, Build, ["c"])]);
        var mpich = index.Add("mpich", "4.2.2", "aarch64", dependencies: [(gcc12, Build, ["c"])]);
        index.Add("hdf5", "1.14.5", "x86_64_v3", ["+mpi"], dependencies: [(openmpi, BuildLink, ["mpi"]), (gcc13, Build, ["c", "cxx"])]);
        index.Add("hdf5", "1.14.5", "aarch64", ["+mpi"], dependencies: [(mpich, BuildLink, ["mpi"]), (gcc12, Build, ["c"])]);
        index.Add("hdf5", "1.14.3", "aarch64", ["+mpi"], dependencies: [(mpich, BuildLink, ["mpi"]), (gcc12, Build, ["c"])]);
        index.Add("hdf5", "1.14.3", "aarch64", ["+mpi", "+fortran"], dependencies: [(mpich, BuildLink, ["mpi"]), (gcc12, Build, ["c"])]);
        index.Add("zlib", "1.3.1", "aarch64", dependencies: [(gcc12, Build, None)]);
        return index;
    }

    /// <summary>
    /// Spack-shaped layers, <paramref name="builds"/> times over (alternately for x86_64_v3 with
    /// gcc 13 and for aarch64 with gcc 12): zlib; openmpi or mpich (every third build) on zlib;
    /// hdf5 +mpi on both; lib1 to lib4, each on the one below (lib1 on hdf5) and zlib; cmake as a
    /// build-only dependency; app on lib4. Nine installs a build, and an app's link/run
    /// closure is nine nodes however many builds there are, as in a real index.
    /// </summary>
    public static DagIndex Layered(int builds)
    {
        var index = new DagIndex();
        var gcc13 = index.Add("gcc", "13.3.0", "x86_64", inBuildCache: false);
        var gcc12 = index.Add("gcc", "12.3.0", "aarch64", inBuildCache: false);
        string[] link = ["link"];
        for (var b = 0; b < builds; b++)
        {
            var (target, gcc) = b % 2 == 0 ? ("x86_64_v3", gcc13) : ("aarch64", gcc12);
            (string, string[], string[]) compiler = (gcc, Build, ["c", "cxx"]);
            var zlib = index.Add("zlib", "1.3." + (b % 5), target, dependencies: [(gcc, Build, ["c"])]);
            var cmake = index.Add("cmake", "3.30." + (b % 4), target, dependencies: [compiler, (zlib, BuildLink, None)]);
            var mpi = index.Add(b % 3 == 0 ? "mpich" : "openmpi", b % 3 == 0 ? "4.2." + (b % 3) : "5.0." + (b % 6), target, dependencies: [compiler, (zlib, link, None)]);
            var below = index.Add("hdf5", "1.14." + (b % 7), target, ["+mpi"], dependencies: [compiler, (mpi, BuildLink, ["mpi"]), (zlib, BuildLink, None), (cmake, Build, None)]);
            for (var level = 1; level <= 4; level++)
            {
                below = index.Add("lib" + level, "2." + (b % 9), target, dependencies: [compiler, (below, BuildLink, None), (zlib, link, None), (cmake, Build, None)]);
            }

            index.Add("app", "1." + b, target, dependencies: [compiler, (below, BuildLink, None), (cmake, Build, None)]);
        }

        return index;
    }

    /// <summary>Adds an install and returns its hash. Each dependency is (hash, deptypes, virtuals).</summary>
    public string Add(string name, string version, string target, string[]? variants = null, bool inBuildCache = true, string os = "ubuntu24.04", params (string Hash, string[] Deptypes, string[] Virtuals)[] dependencies)
    {
        var hash = (name.Replace("-", string.Empty, StringComparison.Ordinal) + version.Replace(".", string.Empty, StringComparison.Ordinal) + target.Replace("_", string.Empty, StringComparison.Ordinal) + _installs.Count).ToLowerInvariant().PadRight(32, 'a')[..32];
        var parameters = new JsonObject { ["build_system"] = "generic" };
        foreach (var variant in variants ?? [])
        {
            parameters[variant.TrimStart('+', '~')] = variant[0] == '+';
        }

        var spec = new JsonObject
        {
            ["name"] = name,
            ["version"] = version,
            ["arch"] = new JsonObject { ["platform"] = "linux", ["platform_os"] = os, ["target"] = target },
            ["namespace"] = "builtin",
            ["parameters"] = parameters,
            ["dependencies"] = new JsonArray(dependencies.Select(d => (JsonNode)new JsonObject
            {
                ["name"] = NameOf(d.Hash),
                ["hash"] = d.Hash,
                ["parameters"] = new JsonObject { ["deptypes"] = new JsonArray(d.Deptypes.Select(t => (JsonNode)t).ToArray()), ["virtuals"] = new JsonArray(d.Virtuals.Select(v => (JsonNode)v).ToArray()) },
            }).ToArray()),
            ["annotations"] = new JsonObject { ["original_specfile_version"] = 5 },
            ["hash"] = hash,
        };
        _installs[hash] = new JsonObject { ["spec"] = spec, ["ref_count"] = 0, ["in_buildcache"] = inBuildCache };
        return hash;
    }

    public override string ToString() =>
        new JsonObject { ["database"] = new JsonObject { ["version"] = "8", ["installs"] = _installs.DeepClone() } }.ToJsonString();

    private string NameOf(string hash) => _installs[hash]!["spec"]!["name"]!.GetValue<string>();
}
