using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Sources;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Coverage;

/// <summary>
/// Differential check on the real pages in ../shared/catalog: every spec, asked back as a
/// requirement made of its own version, variants, compiler and arch, must be covered by that very
/// spec. A rule that reads a page differently from how it parses a requirement fails here.
/// </summary>
public sealed class DifferentialCatalogTests
{
    private static readonly MicroarchitectureTable Table = MicroarchitectureTable.Embedded;

    [Fact]
    public void Every_catalog_spec_covers_the_requirement_that_spells_it_out()
    {
        var loaded = SourceKinds.Load([TestEnvironment.SharedCatalog]);
        var specs = loaded.Catalog.PackageNames.SelectMany(loaded.Catalog.SpecsFor).ToList();
        Assert.NotEmpty(specs);

        var matcher = new SpecMatcher(Table);
        var failures = new List<string>();
        var checkedRequirements = 0;
        foreach (var spec in specs)
        {
            foreach (var version in spec.Versions)
            {
                var text = RequirementFor(spec, version.Text);
                var diagnostics = new List<Diagnostic>();
                var requirement = RequirementReader.Read(new RequirementInput(text), spec.Arch, Table, diagnostics);
                checkedRequirements++;
                if (requirement is null)
                {
                    failures.Add($"{spec.Source.File}: '{text}' was not read: {string.Join(" | ", diagnostics)}");
                    continue;
                }

                var mismatch = matcher.Check(requirement, spec.Arch, null, spec);
                if (mismatch != Mismatch.None)
                {
                    failures.Add($"{spec.Source.File}: '{text}' not covered by {spec.Hash}: {mismatch}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
        Assert.True(checkedRequirements >= specs.Count);
    }

    [Fact]
    public void The_exact_version_of_one_spec_is_not_covered_on_another_spec_s_arch_family()
    {
        // The mirror image: the same requirement on an arch of another family is never covered by that spec.
        var loaded = SourceKinds.Load([TestEnvironment.SharedCatalog]);
        var matcher = new SpecMatcher(Table);
        foreach (var spec in loaded.Catalog.PackageNames.SelectMany(loaded.Catalog.SpecsFor).Where(s => Table.Contains(s.Target)))
        {
            var otherFamily = Table.FamilyOf(spec.Target) == "x86_64" ? "aarch64" : "x86_64";
            var requirement = RequirementReader.Read(new RequirementInput($"{spec.Name}@={spec.VersionText}"), spec.Arch, Table, new List<Diagnostic>())!;

            Assert.NotEqual(Mismatch.None, matcher.Check(requirement, spec.Arch with { Target = otherFamily }, null, spec));
        }
    }

    private static string RequirementFor(CatalogSpec spec, string version)
    {
        var parts = new List<string> { $"{spec.Name}@={version}" };
        parts.AddRange(spec.Variants.Written);
        parts.Add($"arch={spec.Platform}-{spec.Os}-{spec.Target}");
        if (spec.Compiler is { } compiler)
        {
            parts.Add(compiler.Version is null ? $"%{compiler.Name}" : $"%{compiler.Name}@={compiler.Version.Text}");
        }

        return string.Join(" ", parts);
    }
}
