using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Targets;

/// <summary>
/// `dotnet build` in its own process on an SDK-style project, for what only the command line and
/// the SDK's own targets decide: -warnaserror, the SDK's mapping of WarningsNotAsErrors, and the
/// exit code, which must be non-zero exactly when an error was logged.
/// </summary>
public sealed class CommandLineGatingTests
{
    private const string Page = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64_v3\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"e4s\"]}]\n---";

    private static string WriteSdkProject(TemporaryDirectory folder, string properties)
    {
        folder.Write("catalog/develop/zlib/specs.md", Page);
        folder.Settle("catalog");
        return folder.Write("app.proj", $"""
            <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
              <Import Project="{TestEnvironment.Repository("build", "CacheTasks.props")}" />
              <PropertyGroup>
                <TargetFramework>net8.0</TargetFramework>
                <_CacheTasksAssemblyFile>{InProcessBuild.TaskAssembly}</_CacheTasksAssemblyFile>
                <SpackCatalog>{folder.Combine("catalog")}</SpackCatalog>
                <SpackArch>linux-ubuntu24.04-x86_64_v3;linux-ubuntu24.04-aarch64</SpackArch>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <SpackRequirement Include="zlib@1.3" />
              </ItemGroup>
              <Import Project="{TestEnvironment.Repository("build", "CacheTasks.targets")}" />
            </Project>
            """);
    }

    [Fact]
    public void Report_formats_given_on_the_command_line_with_escaped_semicolons_are_a_list_and_stay_incremental()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteSdkProject(folder, "");
        string[] arguments = ["build", project, "-nodeReuse:false", "-v:n", "-p:SpackCoverageReportFormats=json%3Bsarif"];

        var first = DotNet.Run(folder.Path, null, arguments);
        var second = DotNet.Run(folder.Path, null, arguments);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.DoesNotContain("CT3004", first.Output, StringComparison.Ordinal);
        Assert.Equal(["coverage.json", "coverage.sarif"], Directory.GetFiles(folder.Combine("obj", "spack-coverage")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("Skipping target \"_CacheTasksCheck\"", second.Output, StringComparison.Ordinal);
        Assert.Contains("warning CT1001", second.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "", 0, "warning CT1001")]
    [InlineData("", "-warnaserror", 1, "error CT1001")]
    [InlineData("<WarningsNotAsErrors>CT1001</WarningsNotAsErrors>", "-warnaserror", 0, "warning CT1001")]
    [InlineData("<SpackMissingSeverity>error</SpackMissingSeverity>", "", 1, "error CT1001")]
    [InlineData("<SpackCoverageThreshold>75</SpackCoverageThreshold>", "", 1, "error CT1100")]
    public void The_exit_code_is_non_zero_exactly_when_an_error_was_logged(string properties, string switches, int exitCode, string expected)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var project = WriteSdkProject(folder, properties);
        string[] arguments = switches.Length == 0 ? ["build", project, "-nodeReuse:false"] : ["build", project, "-nodeReuse:false", switches];

        var build = DotNet.Run(folder.Path, null, arguments);

        Assert.True(exitCode == build.ExitCode, $"exit code {build.ExitCode}, expected {exitCode}:\n{build.Output}");
        Assert.Contains(expected, build.Output, StringComparison.Ordinal);
        if (exitCode == 0)
        {
            Assert.DoesNotContain(": error ", build.Output, StringComparison.Ordinal);
        }
    }
}
