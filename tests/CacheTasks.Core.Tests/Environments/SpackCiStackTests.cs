using System.Text.Json;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Environments;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using CacheTasks.Specs;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Environments;

/// <summary>
/// Real stack files: a dozen of Spack's own CI spack.yaml files (tests/data/stacks, see SOURCE.md)
/// and environments from other repositories (tests/data/environments/real, SOURCE.md there)
/// expand to the specs Spack's list.py gives. The expected lists (expected.json beside each file)
/// were written by tests/data/stacks/expand_stacks.py, a port of list.py that never runs CacheTasks:
/// each spec is the list of constraints Spack constrains into it, and the test merges them as
/// <c>Spec.constrain</c> does before comparing.
/// </summary>
public sealed class SpackCiStackTests
{
    private static readonly SpackArch Host = new("linux", "ubuntu24.04", "zen3");

    private static string Stacks(params string[] parts) => TestEnvironment.Repository(["tests", "data", "stacks", .. parts]);

    // A stack's folder under tests/data: Spack's CI stacks, and real environments from other
    // repositories (tests/data/environments/real, SOURCE.md) that hold a spack.yaml.
    private static string Folder(string stack, string file) => TestEnvironment.Repository(["tests", "data", .. stack.Split('/'), file]);

    public static TheoryData<string> StackNames()
    {
        var data = new TheoryData<string>();
        var real = TestEnvironment.Repository("tests", "data", "environments", "real");
        var folders = Directory.GetDirectories(Stacks()).Select(f => "stacks/" + Path.GetFileName(f))
            .Concat(Directory.GetDirectories(real).Where(f => File.Exists(Path.Combine(f, "spack.yaml"))).Select(f => "environments/real/" + Path.GetFileName(f)));
        foreach (var folder in folders.OrderBy(n => n, StringComparer.Ordinal))
        {
            data.Add(folder);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StackNames))]
    public void A_Spack_CI_stack_expands_to_the_specs_Spacks_list_py_gives(string stack)
    {
        var diagnostics = new List<Diagnostic>();

        var inputs = EnvironmentReader.Read(new EnvironmentInput(Folder(stack, "spack.yaml")), new EnvironmentContext(Host, new Dictionary<string, string>()) { HostName = "login1" }, diagnostics);

        Assert.Empty(diagnostics);
        var expected = JsonDocument.Parse(File.ReadAllText(Folder(stack, "expected.json"))).RootElement.EnumerateArray()
            .Select(constraints => Merged(constraints.EnumerateArray().Select(c => c.GetString()!)))
            .ToList();
        Assert.Equal(expected, inputs.Select(i => Merged([i.Text])).ToList());
    }

    [Theory]
    [MemberData(nameof(StackNames))]
    public void Every_spec_of_a_Spack_CI_stack_is_a_valid_requirement_with_one_note_per_text(string stack)
    {
        var diagnostics = new List<Diagnostic>();
        var inputs = EnvironmentReader.Read(new EnvironmentInput(Folder(stack, "spack.yaml")), new EnvironmentContext(Host, new Dictionary<string, string>()), diagnostics);

        var requirements = RequirementReader.Read(inputs, Host, MicroarchitectureTable.Embedded, diagnostics);

        Assert.Equal(inputs.Count, requirements.Count);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var texts = requirements.Select(r => r.Text).Distinct().ToList();
        Assert.Equal(texts.Count(t => SpecParser.Parse(t).LegacyReading is not null), diagnostics.Count(d => d.Code == DiagnosticCodes.ConstraintsAfterCompiler));
        // CT3005 depends on the binaries a requirement matches, so reading requirements never gives it.
        Assert.DoesNotContain(diagnostics, d => d.Code == DiagnosticCodes.DependenciesNotChecked);
    }

    [Fact]
    public void The_e4s_stack_is_checked_with_the_Spack_1_0_meaning_of_gcc_target()
    {
        var diagnostics = new List<Diagnostic>();
        var inputs = EnvironmentReader.Read(new EnvironmentInput(Stacks("e4s", "spack.yaml")), new EnvironmentContext(Host, new Dictionary<string, string>()), diagnostics);
        var requirements = RequirementReader.Read(inputs, Host, MicroarchitectureTable.Embedded, diagnostics);

        var lz = requirements.First(r => r.Text == "adios %gcc target=x86_64");
        Assert.Null(lz.Spec.Target);
        Assert.Equal(("gcc", "x86_64"), (lz.Spec.Compiler!.Name, lz.Spec.Compiler.Node!.Target!.ToString()));
        var warning = diagnostics.First(d => d.Code == DiagnosticCodes.ConstraintsAfterCompiler);
        Assert.Equal(string.Format(Messages.ConstraintsAfterCompiler, "adios %gcc target=x86_64", "%gcc", "target=x86_64", "adios target=x86_64 %gcc", "adios"), warning.Message);
        Assert.Equal((Stacks("e4s", "spack.yaml"), 105, 7), (warning.Location!.File, warning.Location.Line, warning.Location.Column));
    }

    /// <summary>Constraints merged as Spack's <c>Spec.constrain</c> merges them, written so that the order of variants and clauses does not matter.</summary>
    private static string Merged(IEnumerable<string> constraints)
    {
        var name = string.Empty;
        var versions = string.Empty;
        var others = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in constraints)
        {
            var canonical = SpackEnvironmentCasesTests.Canonical(text);
            var spec = SpecParser.ParseAnonymous(text);
            name = spec.Name.Length > 0 ? spec.Name : name;
            versions = spec.HasVersions ? spec.Versions.Text : versions;
            var head = spec.Name + (spec.HasVersions ? "@" + spec.Versions.Text : string.Empty);
            foreach (var token in SplitTopLevel(canonical.Substring(head.Length)))
            {
                others.Add(token);
            }
        }

        return string.Join(" ", new[] { name + (versions.Length > 0 ? "@" + versions : string.Empty) }.Concat(others)).Trim();
    }

    // The canonical form's tokens, keeping "(…)" groups whole.
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ' ' && depth == 0))
            {
                if (i > start)
                {
                    yield return text.Substring(start, i - start);
                }

                start = i + 1;
                continue;
            }

            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
        }
    }
}
