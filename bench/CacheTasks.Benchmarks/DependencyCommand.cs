using System.Diagnostics;
using System.Globalization;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Coverage;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Benchmarks;

/// <summary>
/// <c>deps FILE</c>: what rule 7 adds to a check. On one index.json, two sets of ten packages
/// (the ten with the most binaries, and the ten with the largest graphs among those with at least
/// five binaries) are required as <c>name</c>, <c>name ^dep</c> (dep a link dependency of the
/// package's first binary: satisfied), <c>name ^dep %compiler</c> (compiler that binary's
/// compiler: Spack binds the <c>%</c> to dep, so most binaries fail it and their rows are missing,
/// with hints) and <c>name ^mpi</c> (a virtual), each on the index's four most common arches.
/// Printed: the check's CPU time per (requirement × arch) row, best of five rounds (of at least
/// a quarter of a second each), and how much of it is matching (every binary's build and arch checked, as the
/// checker does) rather than the hints of the missing rows. The index is read once, outside the timing.
/// </summary>
internal static class DependencyCommand
{
    private const DependencyTypes LinkOrRun = DependencyTypes.Link | DependencyTypes.Run;

    // Closure sizes are printed for a sample (a random graph's closures hold most of the index),
    // and packages are ranked by closure size up to a cap, for the same reason.
    private const int Sampled = 2000;
    private const int LargeEnough = 5000;

    // The same sample on every run.
    private static readonly Random Seeded = new(16);

    public static int Run(string file)
    {
        var specs = MirrorIndexReader.Read(file, File.OpenRead(file));
        var catalog = new SpackCatalog([file], specs);
        var arches = specs.Where(s => s.InBuildCache).GroupBy(s => s.Arch).OrderByDescending(g => g.Count()).Take(4).Select(g => g.Key).ToList();
        var packages = specs.Where(s => s.InBuildCache).GroupBy(s => s.Name).ToList();
        var options = new CoverageOptions(arches, MicroarchitectureTable.Embedded);
        var binaries = specs.Where(s => s.InBuildCache).ToList();
        var sample = binaries.Count <= Sampled ? binaries : binaries.OrderBy(_ => Seeded.Next()).Take(Sampled).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{specs.Count} installs; closure (nodes a ^ clause reads) of {sample.Count} of {binaries.Count} build-cache binaries: {Stats(sample.Select(b => ClosureSize(b)).ToList())}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average: {File.ReadAllText("/proc/loadavg").Trim()}"));

        var sets = new[]
        {
            ("most binaries", packages.OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(10).ToList()),
            ("largest graphs", packages.Where(g => g.Count() >= 5).OrderByDescending(g => ClosureSize(g.First(), LargeEnough)).ThenBy(g => g.Key, StringComparer.Ordinal).Take(10).ToList()),
        };
        foreach (var (title, chosen) in sets)
        {
            var required = chosen.SelectMany(g => g).ToList();
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title}: {required.Count} binaries of {chosen.Count} packages, closures {Stats(required.Select(b => ClosureSize(b)).ToList())}; {chosen.Count * arches.Count} rows"));
            foreach (var (label, requirements) in Requirements(chosen))
            {
                Measure(catalog, requirements, options, label);
            }
        }

        return 0;
    }

    private static List<(string Label, List<Requirement> Requirements)> Requirements(IReadOnlyList<IGrouping<string, CatalogSpec>> packages)
    {
        var plain = new List<Requirement>();
        var dependency = new List<Requirement>();
        var failing = new List<Requirement>();
        var virtualClause = new List<Requirement>();
        foreach (var package in packages)
        {
            var first = package.First();
            var dep = first.Dependencies!.FirstOrDefault(d => (d.Types & DependencyTypes.Link) != 0 && d.Spec.InBuildCache && d.Name != "gcc-runtime");
            dep = dep.Spec is null ? first.Dependencies!.FirstOrDefault(d => (d.Types & DependencyTypes.Link) != 0 && d.Spec.InBuildCache) : dep;
            var compiler = first.Dependencies!.FirstOrDefault(d => d.Virtuals.Contains("c"));
            var withDependency = package.Key + (dep.Spec is null ? string.Empty : " ^" + dep.Name);
            var withCompiler = withDependency + (compiler.Spec is null ? string.Empty : " %" + compiler.Name);
            plain.Add(Parse(package.Key));
            dependency.Add(Parse(withDependency));
            failing.Add(Parse(withCompiler));
            virtualClause.Add(Parse(package.Key + " ^mpi"));
        }

        return [("name", plain), ("name ^dep", dependency), ("name ^dep %compiler", failing), ("name ^mpi", virtualClause)];
    }

    private static Requirement Parse(string text) => new(text, SpecParser.Parse(text));

    private static void Measure(SpackCatalog catalog, List<Requirement> requirements, CoverageOptions options, string label)
    {
        var matcher = new SpecMatcher(options.Microarchitectures, options.OsCompatibility);
        var rows = requirements.Count * options.Arches.Count;

        // Warm-up: 50 calls or half a second, so that tiered JIT has compiled the hot paths before the first measurement.
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < 50 && warming.ElapsedMilliseconds < 500; i++)
        {
            CoverageChecker.Check(catalog, requirements, options);
            Match(catalog, requirements, options, matcher);
        }

        var check = Best(() => CoverageChecker.Check(catalog, requirements, options));
        var match = Best(() => Match(catalog, requirements, options, matcher));
        var result = CoverageChecker.Check(catalog, requirements, options);
        var covered = result.Rows.Count(r => r.Status == CoverageStatus.Covered);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {label,-22} {check / rows,8:F3} ms per row (matching {match / rows:F3}, hints {Math.Max(0, check - match) / rows:F3}); {check,9:F2} ms per check; {covered}/{rows} covered; e.g. '{requirements[0].Text}'"));
    }

    /// <summary>What the checker does before any hint: each binary's build once per requirement (one memo), its arch once per row.</summary>
    private static int Match(SpackCatalog catalog, List<Requirement> requirements, CoverageOptions options, SpecMatcher matcher)
    {
        var matches = 0;
        foreach (var requirement in requirements)
        {
            var candidates = catalog.SpecsFor(requirement.Name);
            var memo = new DependencyMemo();
            var builds = candidates.Select(c => matcher.CheckBuild(requirement, c, memo)).ToArray();
            foreach (var arch in options.Arches)
            {
                for (var i = 0; i < builds.Length; i++)
                {
                    if (matcher.CheckArch(requirement.Spec, arch, candidates[i]) == Mismatch.None && builds[i].Mismatch == Mismatch.None)
                    {
                        matches++;
                    }
                }
            }
        }

        return matches;
    }

    /// <summary>
    /// Process CPU milliseconds per call, best of five rounds of at least four calls, and of enough
    /// calls for a round to take a quarter of a second: the process CPU clock counts in 10 ms steps.
    /// </summary>
    private static double Best(Action work)
    {
        var once = Stopwatch.StartNew();
        work();
        var calls = Math.Max(4, (int)Math.Ceiling(250 / Math.Max(0.01, once.Elapsed.TotalMilliseconds)));
        var best = double.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < calls; i++)
            {
                work();
            }

            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / calls);
        }

        return best;
    }

    /// <summary>The nodes a <c>^</c> clause reads: the direct dependencies, and what link/run edges reach.</summary>
    private static int ClosureSize(CatalogSpec root, int cap = int.MaxValue)
    {
        var seen = new HashSet<CatalogSpec>(SpecIdentityComparer.Instance);
        var entered = new HashSet<CatalogSpec>(SpecIdentityComparer.Instance);
        var pending = new Stack<CatalogSpec>();
        foreach (var edge in root.Dependencies ?? [])
        {
            seen.Add(edge.Spec);
            if ((edge.Types & LinkOrRun) != 0 && entered.Add(edge.Spec))
            {
                pending.Push(edge.Spec);
            }
        }

        while (pending.Count > 0 && seen.Count < cap)
        {
            foreach (var edge in pending.Pop().Dependencies ?? [])
            {
                if ((edge.Types & LinkOrRun) != 0 && entered.Add(edge.Spec))
                {
                    seen.Add(edge.Spec);
                    pending.Push(edge.Spec);
                }
            }
        }

        return seen.Count;
    }

    private static string Stats(List<int> sizes)
    {
        sizes.Sort();
        int At(double q) => sizes[Math.Min(sizes.Count - 1, (int)(q * sizes.Count))];
        return string.Create(CultureInfo.InvariantCulture, $"min {sizes[0]}, median {At(0.5)}, p90 {At(0.9)}, p99 {At(0.99)}, max {sizes[^1]}");
    }
}
