using CacheTasks.Environments;
using CacheTasks.Incremental;
using CacheTasks.IO;
using CacheTasks.Platform;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Incremental;

public sealed class CheckDependenciesTests
{
    private static string NoHost() => throw new InvalidOperationException("the host was not needed");

    [Fact]
    public void A_run_records_included_files_consulted_variables_and_the_host()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        folder.Write("extra.yaml", "definitions:\n- base: [zlib]\n");
        var environment = folder.Write("spack.yaml", """
            spack:
              include: [extra.yaml, {path: missing.yaml, optional: true}]
              definitions:
              - more: [libpng]
                when: "'ASKED' in env and env.get('OTHER') == 'x'"
              specs: [$base]
            """);

        var run = CoverageRun.Execute(new CoverageRunOptions
        {
            Environments = [new EnvironmentInput(environment, null, null)],
            Arches = ["linux-ubuntu24.04-x86_64_v3"],
            EnvironmentVariables = new Dictionary<string, string> { ["ASKED"] = "1", ["NOT_ASKED"] = "2" },
        });

        var dependencies = run.Dependencies;
        Assert.Equal([folder.Combine("extra.yaml"), folder.Combine("missing.yaml")], dependencies.Files.Select(f => f.Path));
        Assert.Equal(-1, dependencies.Files[1].Length);
        Assert.Equal(new Dictionary<string, string?> { ["ASKED"] = "1", ["OTHER"] = null }, dependencies.Variables);
        Assert.Equal(run.Host.Arch.ToString(), dependencies.HostArch);
    }

    [Fact]
    public void Without_host_or_environments_the_host_is_not_a_dependency()
    {
        var run = CoverageRun.Execute(new CoverageRunOptions
        {
            Requirements = [new RequirementInput("zlib")],
            Arches = ["linux-ubuntu24.04-x86_64_v3"],
        });

        Assert.Null(run.Dependencies.HostArch);
        Assert.Null(run.Dependencies.FindChange(_ => null, NoHost));
    }

    [Fact]
    public void A_changed_file_variable_or_host_is_named()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var file = folder.Write("extra.yaml", "a");
        var saved = new CheckDependencies([FileStamp.Of(file)], new Dictionary<string, string?> { ["SET"] = "yes", ["UNSET"] = null }, "linux-debian12-zen4");
        string? Same(string name) => name == "SET" ? "yes" : null;

        Assert.Null(saved.FindChange(Same, () => "linux-debian12-zen4"));
        Assert.Equal("host=linux-debian12-icelake", saved.FindChange(Same, () => "linux-debian12-icelake"));
        Assert.Equal("$UNSET", saved.FindChange(name => name == "SET" ? "yes" : string.Empty, NoHost));
        Assert.Equal("$SET", saved.FindChange(_ => null, NoHost));
        File.AppendAllText(file, "b");
        Assert.Equal(file, saved.FindChange(Same, NoHost));
    }
}
