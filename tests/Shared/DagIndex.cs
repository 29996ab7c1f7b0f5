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
