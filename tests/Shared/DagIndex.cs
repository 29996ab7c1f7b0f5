using System.Text.Json.Nodes;

namespace CacheTasks.Testing;

/// <summary>
/// A small Spack 1.0 mirror index (database version 8) with dependency graphs, written the way
/// Spack writes one: each install lists its dependencies by hash with <c>deptypes</c> and
/// <c>virtuals</c>; compilers are installs outside the build cache.
/// </summary>
public sealed class DagIndex
{
    private readonly JsonObject _installs = [];

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
