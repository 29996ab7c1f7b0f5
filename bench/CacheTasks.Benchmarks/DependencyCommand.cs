using System.Diagnostics;
using System.Globalization;
using CacheTasks.Catalog;
using CacheTasks.Coverage;
using CacheTasks.Platform;
using CacheTasks.Specs;

namespace CacheTasks.Benchmarks;

/// <summary>
/// <c>deps FILE</c>: what rule 7 adds to a check. On one index.json, the ten packages with the
/// most binaries are required as <c>name</c>, <c>name ^dep</c> and <c>name ^dep %compiler</c> (dep
/// a link dependency of its first binary, compiler that binary's compiler: Spack binds the
/// <c>%</c> to dep, so most binaries fail it and their rows are missing, with hints), each on
/// the index's four most common arches; the check's CPU time per (requirement × arch) row, best of
/// five rounds of 4 repetitions. The index is read once, outside the timing.
/// </summary>
internal static class DependencyCommand
{
    public static int Run(string file)
    {
        var specs = MirrorIndexReader.Read(file, File.OpenRead(file));
        var catalog = new SpackCatalog([file], specs);
        var arches = specs.GroupBy(s => s.Arch).OrderByDescending(g => g.Count()).Take(4).Select(g => g.Key).ToList();
        var packages = specs.GroupBy(s => s.Name).OrderByDescending(g => g.Count()).Take(10).ToList();
        var plain = new List<Requirement>();
        var withClauses = new List<Requirement>();
        var withDependency = new List<Requirement>();
        foreach (var package in packages)
        {
            var first = package.First();
            var dep = first.Dependencies!.FirstOrDefault(d => (d.Types & DependencyTypes.Link) != 0 && d.Spec.InBuildCache);
            var compiler = first.Dependencies!.FirstOrDefault(d => d.Virtuals.Contains("c"));
            var text = package.Key + (dep.Spec is null ? string.Empty : " ^" + dep.Name) + (compiler.Spec is null ? string.Empty : " %" + compiler.Name);
            plain.Add(new Requirement(package.Key, SpecParser.Parse(package.Key)));
            withClauses.Add(new Requirement(text, SpecParser.Parse(text)));
            var dependencyOnly = package.Key + (dep.Spec is null ? string.Empty : " ^" + dep.Name);
            withDependency.Add(new Requirement(dependencyOnly, SpecParser.Parse(dependencyOnly)));
        }

        var options = new CoverageOptions(arches, MicroarchitectureTable.Embedded);
        var rows = plain.Count * arches.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{specs.Count} binaries; {rows} rows; {packages.Sum(p => p.Count())} binaries of the required packages; e.g. '{withClauses[0].Text}'"));
        foreach (var (label, requirements) in new[] { ("without clauses", plain), ("with ^dep", withDependency), ("with ^dep %compiler", withClauses) })
        {
            CoverageChecker.Check(catalog, requirements, options);
            var best = double.MaxValue;
            var covered = 0;
            for (var round = 0; round < 5; round++)
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < 4; i++)
                {
                    covered = CoverageChecker.Check(catalog, requirements, options).Rows.Count(r => r.Status == CoverageStatus.Covered);
                }

                best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / 4);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {best:F2} ms cpu per check, {best / rows:F3} ms per row ({covered}/{rows} covered)"));
        }

        return 0;
    }
}
