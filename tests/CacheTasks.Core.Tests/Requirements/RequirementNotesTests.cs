using CacheTasks.Diagnostics;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using CacheTasks.Specs;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Requirements;

/// <summary>
/// CT3006 for every clause whose meaning changed in Spack 1.0 (variants or arch after a
/// <c>%compiler</c>), of the root or of a dependency, once per requirement text, short however
/// long the spec.
/// </summary>
public sealed class RequirementNotesTests
{
    private static readonly SpackArch Host = new("linux", "ubuntu24.04", "zen3");

    // SDSC's expanse deployment (tests/data/environments/real/SOURCE.md): gdb and 17 dependencies,
    // each written name@version%gcc@10.2.0 +variants arch=linux-centos8-zen2, as Spack 0.17 prints a spec.
    private static string RealSpec() =>
        File.ReadAllText(TestEnvironment.Repository("tests", "data", "environments", "real", "sdsc-spack", "gdb-9.2.spec")).Trim();

    private static List<Diagnostic> Notes(params string[] texts)
    {
        var diagnostics = new List<Diagnostic>();
        RequirementReader.Read(texts.Select(t => new RequirementInput(t)), Host, MicroarchitectureTable.Embedded, diagnostics);
        return diagnostics;
    }

    [Fact]
    public void A_dependencys_variant_after_its_compiler_is_CT3006_naming_that_dependency()
    {
        var note = Assert.Single(Notes("zlib ^bzip2%gcc+shared"));

        Assert.Equal(DiagnosticCodes.ConstraintsAfterCompiler, note.Code);
        Assert.Equal(DiagnosticSeverity.Warning, note.Severity);
        Assert.Equal(string.Format(Messages.ConstraintsAfterCompiler, "zlib ^bzip2%gcc+shared", "%gcc", "+shared", "zlib ^bzip2 +shared %gcc", "bzip2"), note.Message);
    }

    [Fact]
    public void A_spec_without_constraints_after_a_compiler_gets_no_CT3006()
    {
        Assert.Empty(Notes("zlib +shared %gcc@12 ^bzip2 +shared %gcc", "hdf5 ^[virtuals=mpi] openmpi +cuda %gcc@13"));
    }

    [Fact]
    public void The_same_text_is_noted_once_and_each_other_text_once()
    {
        var notes = Notes("lz4 %gcc target=x86_64", "zlib ^bzip2%gcc+shared", "lz4 %gcc target=x86_64");

        Assert.Equal(2, notes.Count);
        Assert.All(notes, n => Assert.Equal(DiagnosticCodes.ConstraintsAfterCompiler, n.Code));
    }

    [Fact]
    public void A_real_spec_in_Spack_0_x_print_form_gets_one_short_CT3006_counting_every_changed_clause()
    {
        var text = RealSpec();

        var note = Assert.Single(Notes(text));

        Assert.Equal(string.Format(Messages.ConstraintsAfterCompilerMany, string.Concat(text.AsSpan(0, 40), "…"), 18, "gdb, bzip2, expat, …"), note.Message);
        Assert.True(note.Message.Length < 300, $"{note.Message.Length} characters: {note.Message}");
    }

    [Fact]
    public void A_30_clause_spec_in_Spack_0_x_print_form_gets_one_CT3006_as_short_as_an_18_clause_one()
    {
        // The neovim spec: the root and 29 dependencies, each name@version%gcc@7.3.0+variant arch=….
        var text = "neovim@0.4.3%gcc@7.3.0+python arch=linux-rhel7-broadwell"
            + string.Concat(Enumerable.Range(1, 29).Select(i => $" ^dep{i}@1.0.{i}%gcc@7.3.0+shared~debug arch=linux-rhel7-broadwell"));
        Assert.True(text.Length > 1_800, $"{text.Length} characters");

        var note = Assert.Single(Notes(text));

        Assert.Equal(string.Format(Messages.ConstraintsAfterCompilerMany, string.Concat(text.AsSpan(0, 40), "…"), 30, "neovim, dep1, dep2, …"), note.Message);
        Assert.True(note.Message.Length < 300, $"{note.Message.Length} characters: {note.Message}");
    }

    [Fact]
    public void The_full_rewrite_of_a_real_spec_moves_every_clauses_constraints_before_its_compiler()
    {
        var text = RealSpec();
        var spec = SpecParser.Parse(text);

        var rewrite = SpecParser.Parse(spec.LegacyReading!);

        // Read again, nothing follows a compiler, and every package keeps what it asked for.
        Assert.Empty(rewrite.LegacyClauses);
        Assert.Equal(spec.LegacyClauses.Count, rewrite.Dependencies.Count + 1);
        Assert.Equal(["~gold", "~ld", "~lto", "+python", "~quad", "~source-highlight", "~tui", "+xz"], rewrite.Variants.Select(v => v.Text));
        Assert.Equal("10.2.0", rewrite.Compiler?.Versions.Text);
        var bzip2 = rewrite.Dependencies.Single(d => d.Node.Name == "bzip2").Node;
        Assert.Equal(("linux", "centos8", "zen2", "10.2.0"), (bzip2.Platform, bzip2.Os, bzip2.Target?.ToString(), bzip2.Compiler?.Versions.Text));
        Assert.Contains(bzip2.Variants, v => v.Text == "+shared");
    }
}
