using System.Text.RegularExpressions;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Layering;

/// <summary>
/// The folders of src/CacheTasks.Core form a DAG (docs/architecture.md draws it). A file in folder A
/// depends on folder B when it has <c>using CacheTasks.B;</c> or a qualified <c>CacheTasks.B.</c>
/// reference. A cycle is the first sign that orchestration is hiding in a leaf, so it fails here.
/// </summary>
public sealed class FolderDependencyTests
{
    private static readonly Regex Using = new(@"^using\s+(?:static\s+)?(CacheTasks\.\w+)[\w.]*\s*;", RegexOptions.Multiline);
    private static readonly Regex Qualified = new(@"\b(CacheTasks\.\w+)\.\w");
    private static readonly Regex Comment = new(@"//.*|/\*.*?\*/", RegexOptions.Singleline);

    [Fact]
    public void Core_folders_depend_on_each_other_without_a_cycle()
    {
        var graph = Graph();

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, $"Core folders depend on each other in a cycle: {string.Join(" -> ", cycle ?? [])}. Move the shared type down, or the orchestration up into Run/ (see docs/architecture.md).");
    }

    [Fact]
    public void The_checker_depends_only_on_the_catalog_the_concrete_model_specs_platform_and_diagnostics()
    {
        var graph = Graph();

        Assert.Equal(["Catalog", "Concrete", "Diagnostics", "Platform", "Specs"], graph["Coverage"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Only_the_run_reaches_environments_reports_and_incremental_state()
    {
        var graph = Graph();

        foreach (var orchestrated in new[] { "Environments", "Reports", "Incremental", "Requirements" })
        {
            var users = graph.Where(p => p.Value.Contains(orchestrated)).Select(p => p.Key).ToList();
            Assert.All(users, user => Assert.True(user == "Run" || (orchestrated == "Requirements" && user == "Environments"), $"{user} depends on {orchestrated}"));
        }
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A"],
            ["D"] = [],
        };

        Assert.Equal(["A", "B", "C", "A"], FindCycle(graph));
    }

    private static Dictionary<string, HashSet<string>> Graph()
    {
        var root = TestEnvironment.Repository("src", "CacheTasks.Core");
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj" or "Properties")).Cast<string>().ToList();
        var graph = folders.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            {
                var code = Comment.Replace(File.ReadAllText(file), string.Empty);
                var namespaces = Using.Matches(code).Select(m => m.Groups[1].Value).Concat(Qualified.Matches(code).Select(m => m.Groups[1].Value));
                foreach (var name in namespaces.Select(n => n.Substring("CacheTasks.".Length)))
                {
                    if (name != folder && graph.ContainsKey(name))
                    {
                        graph[folder].Add(name);
                    }
                }
            }
        }

        Assert.True(graph.Count >= 10, $"expected Core's concept folders under {root}");
        return graph;
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node].Order(StringComparer.Ordinal))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.Skip(path.IndexOf(next)), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }
}
