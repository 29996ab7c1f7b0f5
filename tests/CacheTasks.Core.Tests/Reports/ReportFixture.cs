using CacheTasks.Diagnostics;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Reports;

/// <summary>
/// A small check for report tests: zlib has binaries for x86_64_v3 only, libpng is not in the
/// catalog, so on two arches there are covered rows, CT1001 rows (one an error by Severity) and CT1002 rows.
/// </summary>
internal sealed class ReportFixture : IDisposable
{
    public const string X86 = "linux-ubuntu24.04-x86_64_v3";
    public const string Arm = "linux-ubuntu24.04-aarch64";

    private const string Page = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64_v3\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"e4s\"]}]\n---";

    public ReportFixture(params string[] formats)
        : this(formats, [])
    {
    }

    public ReportFixture(IReadOnlyList<string> formats, IReadOnlyList<RequirementInput> extra)
    {
        Folder.Write("catalog/develop/zlib/specs.md", Page);
        ProjectFile = Folder.Write("app.proj", "<Project>\n  <ItemGroup>\n    <SpackRequirement Include=\"zlib@1.3\" />\n    <SpackRequirement Include=\"libpng@1.6\" Severity=\"error\" />\n  </ItemGroup>\n</Project>\n");
        Run = CoverageRun.Execute(new CoverageRunOptions
        {
            CatalogSources = [Folder.Combine("catalog")],
            Arches = [X86, Arm],
            Requirements =
            [
                new RequirementInput("zlib@1.3", Location: new SourceLocation(ProjectFile, 3, 32)),
                new RequirementInput("libpng@1.6", Severity: "error", Location: new SourceLocation(ProjectFile, 4, 32)),
                .. extra,
            ],
            ReportDirectory = Folder.Combine("reports"),
            ReportFormats = formats,
        });
    }

    public TemporaryDirectory Folder { get; } = TestEnvironment.CreateTemporaryDirectory();

    public string ProjectFile { get; }

    public CoverageRunResult Run { get; }

    public string Report(string fileName) => File.ReadAllText(Folder.Combine("reports", fileName));

    public void Dispose() => Folder.Dispose();
}
