using System.Security;
using System.Text.Json;
using CacheTasks.Cli.Tests.Infrastructure;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Cli.Tests.Commands;

/// <summary>
/// <c>cachetasks check</c> and the MSBuild target are one engine: for the same catalog, arches,
/// stack and requirements they write the same coverage.json, byte for byte.
/// </summary>
public sealed class SameRowsAsMSBuildTests
{
    private static readonly string[] Specs =
    [
        "py-pdm-backend@2.4:",
        "py-pdm-backend@2.5",
        "py-keras",
        "rocblas",
        "armpl-gcc",
        "gcc-runtime",
        "alpgen",
        "zlib",
    ];

    private static readonly string[] Arches =
    [
        "host",
        "linux-ubuntu24.04-x86_64_v3",
        "linux-ubuntu22.04-neoverse_v2",
        "linux-amzn2-neoverse_v1",
        "darwin-sequoia-aarch64",
        "linux-rhel8-zen4",
    ];

    [Theory]
    [InlineData(null)]
    [InlineData("root")]
    public void Check_writes_the_same_coverage_json_as_the_msbuild_target(string? stack)
    {
        var catalog = TestEnvironment.SharedCatalog;
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var msbuildReports = folder.Combine("msbuild-reports");
        var cliReports = folder.Combine("cli-reports");

        var properties = $"""
                <SpackCatalog>{SecurityElement.Escape(catalog)}</SpackCatalog>
                <SpackArch>{string.Join(";", Arches)}</SpackArch>
                <SpackStack>{stack}</SpackStack>
                <SpackMissingSeverity>warning</SpackMissingSeverity>
                <SpackCoverageReportDirectory>{SecurityElement.Escape(msbuildReports)}</SpackCoverageReportDirectory>
                <SpackCoverageReportFormats>json</SpackCoverageReportFormats>
            """;
        var items = string.Join("\n", Specs.Select(s => $"""    <SpackRequirement Include="{SecurityElement.Escape(s)}" />"""));
        var project = folder.Write("app.proj", InProcessBuild.Project(properties, items));
        var build = InProcessBuild.Run(project);
        Assert.True(build.Succeeded, string.Join("\n", build.Lines));

        string[] stackArguments = stack is null ? [] : ["--stack", stack];
        var cli = CliRunner.Run(
        [
            "check", "--catalog", catalog, "--arch", string.Join(";", Arches), .. stackArguments,
            "--missing-severity", "warning", "--report-dir", cliReports, "--format", "json", .. Specs,
        ]);
        Assert.True(cli.ExitCode == 0, cli.ToString());

        var fromMSBuild = File.ReadAllText(Path.Combine(msbuildReports, "coverage.json"));
        var fromCli = File.ReadAllText(Path.Combine(cliReports, "coverage.json"));
        // Byte for byte up to the findings, which differ only in where they point: the build's
        // requirements have a line in the project file, the command line's none.
        var findings = fromCli.IndexOf("\n  \"findings\":", StringComparison.Ordinal);
        Assert.True(findings > 0);
        Assert.Equal(fromMSBuild.AsSpan(0, fromMSBuild.IndexOf("\n  \"findings\":", StringComparison.Ordinal)).ToString(), fromCli.AsSpan(0, findings).ToString());
        using (var msbuildJson = JsonDocument.Parse(fromMSBuild))
        using (var cliJson = JsonDocument.Parse(fromCli))
        {
            static IEnumerable<string> Words(JsonDocument d) => d.RootElement.GetProperty("findings").EnumerateArray().Select(f => $"{f.GetProperty("code").GetString()} {f.GetProperty("severity").GetString()} {f.GetProperty("message").GetString()}");
            Assert.Equal(Words(msbuildJson), Words(cliJson));
        }

        // The comparison means something only when the rows differ from one another.
        using var json = JsonDocument.Parse(fromCli);
        var statuses = json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToList();
        Assert.Equal(Specs.Length * Arches.Length, statuses.Count);
        Assert.Contains("covered", statuses);
        Assert.Contains("missing", statuses);

        // And the CLI's diagnostics are the build's warnings, in the same words.
        var buildWarnings = build.Log.Warnings.Select(w => $"{w.Code}: {w.Message}").ToList();
        var cliWarnings = cli.ErrorLines.Select(l => l.Substring(l.IndexOf("warning ", StringComparison.Ordinal) + "warning ".Length)).ToList();
        Assert.NotEmpty(buildWarnings);
        Assert.Equal(buildWarnings, cliWarnings);
    }
}
