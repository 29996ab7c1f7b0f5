using System.Text.RegularExpressions;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Targets;

/// <summary>
/// A project with several TargetFrameworks is checked once per build, not once per framework:
/// each diagnostic is shown once and the inner builds do not race on the same report files.
/// </summary>
public sealed class MultiTargetingTests
{
    private const string Page = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64_v3\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"e4s\"]}]\n---";

    private static string WriteProject(TemporaryDirectory folder)
    {
        folder.Write("catalog/develop/zlib/specs.md", Page);

        // .csproj, not .proj: the SDK dispatches to inner builds only for a project of a known language.
        return folder.Write("app.csproj", $"""
            <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
              <Import Project="{TestEnvironment.Repository("build", "CacheTasks.props")}" />
              <PropertyGroup>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                <_CacheTasksAssemblyFile>{InProcessBuild.TaskAssembly}</_CacheTasksAssemblyFile>
                <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                <SpackArch>linux-ubuntu24.04-x86_64_v3;linux-ubuntu24.04-aarch64</SpackArch>
              </PropertyGroup>
              <ItemGroup>
                <SpackRequirement Include="zlib@1.3" />
                <SpackRequirement Include="libpng" />
              </ItemGroup>
              <Import Project="{TestEnvironment.Repository("build", "CacheTasks.targets")}" />
            </Project>
            """);
    }

    // The build's own lines, without the warning summary MSBuild repeats after "Build succeeded.".
    private static IEnumerable<string> BuildLines(ProcessResult build) =>
        build.Lines.TakeWhile(l => !l.StartsWith("Build succeeded", StringComparison.Ordinal) && !l.StartsWith("Build FAILED", StringComparison.Ordinal));

    private static int Count(ProcessResult build, string text) => BuildLines(build).Count(l => l.Contains(text, StringComparison.Ordinal));

    // Each CT line as shown, without the " [app.proj::TargetFramework=…]" MSBuild appends per inner build.
    private static List<string> DiagnosticLines(ProcessResult build) =>
        BuildLines(build).Where(l => l.Contains(": warning CT", StringComparison.Ordinal)).Select(l => Regex.Replace(l, @"\s*\[[^\]]*\]$", string.Empty)).ToList();

    [Fact]
    public void Each_diagnostic_and_the_summary_appear_once_for_a_project_with_two_target_frameworks()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder);

        var build = DotNet.Run(folder.Path, null, "build", project, "-nodeReuse:false");

        Assert.True(build.ExitCode == 0, build.Output);
        var lines = DiagnosticLines(build);
        Assert.Contains(lines, l => l.Contains("warning CT1001: 'zlib@1.3' has no binary for linux-ubuntu24.04-aarch64", StringComparison.Ordinal));
        Assert.Equal(lines.Distinct(), lines);
        Assert.Equal(1, Count(build, "CacheTasks: 1 of 4"));
    }

    [Fact]
    public void A_build_of_the_first_target_framework_alone_still_checks()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteProject(folder);

        var build = DotNet.Run(folder.Path, null, "build", project, "-nodeReuse:false", "-f", "net8.0");

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Equal(1, Count(build, "warning CT1001: 'zlib@1.3'"));
        Assert.Equal(1, Count(build, "CacheTasks: 1 of 4"));
    }
}
