using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CacheTasks.Requirements;
using CacheTasks.Run;
using CacheTasks.Testing;
using CacheTasks.Tests.Infrastructure;

namespace CacheTasks.Tests.Reports;

/// <summary>
/// coverage.html in a real headless Chromium: it loads without console errors, its script builds
/// the matrix with the right counts, the filter and expanded views work, and a screenshot is kept
/// as a test artifact (artifacts/coverage-html.png beside the test assembly; docs/images has a copy).
/// The rows are the Quickstart sample's: 4 requirements, 7 rows, 2 missing.
/// </summary>
public sealed class HtmlReportBrowserTests
{
    private static string WriteQuickstartReport(TemporaryDirectory folder, string format = "html", string? baseline = null)
    {
        var run = CoverageRun.Execute(new CoverageRunOptions
        {
            CatalogSources = [TestEnvironment.Repository("samples", "Quickstart", "catalog")],
            Arches = ["linux-ubuntu24.04-x86_64_v3", "linux-ubuntu24.04-aarch64"],
            Requirements =
            [
                new RequirementInput("zlib-ng@2.2"),
                new RequirementInput("cmake@3.30:"),
                new RequirementInput("hdf5@1.14 +mpi"),
                new RequirementInput("py-torch@2.5 +cuda", Arch: "linux-ubuntu24.04-x86_64_v3"),
            ],
            ReportDirectory = folder.Path,
            ReportFormats = [format],
            CoverageBaseline = baseline,
            HostFacts = null,
        });
        Assert.Equal(7, run.Result!.Summary.Total);
        return new Uri(folder.Combine("coverage." + format)).AbsoluteUri;
    }

    private static string Attribute(string dom, string name)
    {
        var match = Regex.Match(dom, $"<body[^>]*\\s{name}=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : $"<no {name}>";
    }

    [Fact]
    public void The_report_loads_without_console_errors_and_shows_the_right_counts()
    {
        var chromium = HeadlessChromium.FindOrSkip();
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var url = WriteQuickstartReport(folder);

        var (dom, console) = chromium.DumpDom(url);

        Assert.Empty(console);
        Assert.Equal("true", Attribute(dom, "data-ready"));
        Assert.Equal("<no data-errors>", Attribute(dom, "data-errors"));
        Assert.Equal("4", Attribute(dom, "data-requirements"));
        Assert.Equal("5", Attribute(dom, "data-covered-cells"));
        Assert.Equal("2", Attribute(dom, "data-missing-cells"));
        Assert.Equal("2", Attribute(dom, "data-missing-rows"));
        Assert.Equal(2, Regex.Count(dom, "<tr class=\"has-missing\">"));
        Assert.Contains(string.Format(Messages.HtmlShowing, 4, 4), dom, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\" tabindex=\"0\">linux-ubuntu24.04-aarch64</th>", dom, StringComparison.Ordinal);
        Assert.Contains($"✗ {Messages.CellRuledOutVariant}", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void The_missing_filter_and_the_expanded_cells_work_in_the_browser()
    {
        var chromium = HeadlessChromium.FindOrSkip();
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var url = WriteQuickstartReport(folder);

        var (filtered, filteredConsole) = chromium.DumpDom(url + "#missing");
        var (expanded, expandedConsole) = chromium.DumpDom(url + "#expanded");

        Assert.Empty(filteredConsole.Concat(expandedConsole));
        Assert.Equal("2", Attribute(filtered, "data-shown"));
        Assert.Contains(string.Format(Messages.HtmlShowing, 2, 4), filtered, StringComparison.Ordinal);
        Assert.Equal(7, Regex.Count(expanded, "<div class=\"detail\">"));
        Assert.Contains(string.Format(Messages.HtmlMatches, 1), expanded, StringComparison.Ordinal);
        Assert.Contains(Messages.HtmlCompiler + ": gcc@", expanded, StringComparison.Ordinal);
        Assert.Contains(string.Format(Messages.HintNotInCatalog, "py-torch"), expanded, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_of_a_Spack_CI_stack_of_hundreds_of_rows_loads_filters_and_shows_missing_rows()
    {
        // Spack's e4s stack (122 specs) on three arches: a few hundred rows, as in a real team's report.
        var chromium = HeadlessChromium.FindOrSkip();
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var run = CoverageRun.Execute(new CoverageRunOptions
        {
            CatalogSources = [TestEnvironment.Repository("samples", "Quickstart", "catalog")],
            Arches = ["linux-ubuntu24.04-x86_64_v3", "linux-ubuntu24.04-aarch64", "linux-ubuntu22.04-x86_64_v3"],
            Environments = [new Environments.EnvironmentInput(TestEnvironment.Repository("tests", "data", "stacks", "e4s", "spack.yaml"))],
            EnvironmentVariables = new Dictionary<string, string>(),
            ReportDirectory = folder.Path,
            ReportFormats = ["html"],
            HostFacts = null,
        });
        Assert.Equal(366, run.Result!.Summary.Total);
        var url = new Uri(folder.Combine("coverage.html")).AbsoluteUri;

        var (dom, console) = chromium.DumpDom(url);
        var (missing, missingConsole) = chromium.DumpDom(url + "#missing");

        Assert.Empty(console.Concat(missingConsole));
        Assert.Equal(("true", "122", "122"), (Attribute(dom, "data-ready"), Attribute(dom, "data-requirements"), Attribute(dom, "data-shown")));
        var missingRows = int.Parse(Attribute(dom, "data-missing-rows"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(missingRows, 1, 122);
        Assert.Equal(missingRows.ToString(System.Globalization.CultureInfo.InvariantCulture), Attribute(missing, "data-shown"));
        Assert.Contains("<code>trilinos@13.2.0 +cuda cuda_arch=70 +wrapper", dom, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sort=covered", new[] { "py-torch@2.5 +cuda", "hdf5@1.14 +mpi", "zlib-ng@2.2", "cmake@3.30:" })]
    [InlineData("sort=requirement&desc", new[] { "zlib-ng@2.2", "py-torch@2.5 +cuda", "hdf5@1.14 +mpi", "cmake@3.30:" })]
    [InlineData("sort=linux-ubuntu24.04-aarch64", new[] { "py-torch@2.5 +cuda", "hdf5@1.14 +mpi", "zlib-ng@2.2", "cmake@3.30:" })]
    public void Rows_sort_by_any_column(string view, string[] expected)
    {
        var chromium = HeadlessChromium.FindOrSkip();
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var url = WriteQuickstartReport(folder);

        var (dom, console) = chromium.DumpDom(url + "#" + view);

        Assert.Empty(console);
        var order = Regex.Matches(dom, "<td class=\"requirement\"><code>([^<]*)</code>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value));
        Assert.Equal(expected, order);
        Assert.Matches("<th scope=\"col\" tabindex=\"0\" aria-sort=\"(ascending|descending)\">", dom);
    }

    [Fact]
    public void A_screenshot_of_the_report_is_written_as_a_test_artifact()
    {
        var chromium = HeadlessChromium.FindOrSkip();
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var url = WriteQuickstartReport(folder);
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var png = Path.Combine(artifacts, "coverage-html.png");
        File.Delete(png);

        var console = chromium.Screenshot(url + "#expanded", png, 1280, 900);

        Assert.Empty(console);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));
        Assert.True(bytes.Length > 10_000, $"the screenshot is only {bytes.Length} bytes; the page probably rendered blank");
    }

    [Fact]
    public void With_a_baseline_the_page_leads_with_the_delta_and_marks_the_new_gap_and_the_fixed_row()
    {
        var chromium = HeadlessChromium.FindOrSkip();
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        WriteQuickstartReport(folder, "json");
        // Main's coverage.json as it would have been: zlib-ng missing on x86_64_v3 (fixed since),
        // hdf5 +mpi covered on aarch64 (newly missing since).
        var main = JsonNode.Parse(File.ReadAllText(folder.Combine("coverage.json")))!;
        foreach (var row in main["results"]!.AsArray())
        {
            var (requirement, arch) = ((string)row!["requirement"]!, (string)row["arch"]!);
            if ((requirement, arch) == ("zlib-ng@2.2", "linux-ubuntu24.04-x86_64_v3"))
            {
                row["status"] = "missing";
            }
            else if ((requirement, arch) == ("hdf5@1.14 +mpi", "linux-ubuntu24.04-aarch64"))
            {
                row["status"] = "covered";
            }
        }

        var baseline = folder.Write("main/coverage.json", main.ToJsonString());
        var url = WriteQuickstartReport(folder, "html", baseline);

        var (dom, console) = chromium.DumpDom(url);

        Assert.Empty(console);
        Assert.Equal("true", Attribute(dom, "data-ready"));
        Assert.Contains($"<p id=\"delta\" class=\"bad\">{string.Format(Messages.BaselineDelta, 1, 1)}</p>", dom, StringComparison.Ordinal);
        Assert.True(dom.IndexOf("id=\"delta\"", StringComparison.Ordinal) < dom.IndexOf("id=\"summary\"", StringComparison.Ordinal), "the delta comes first");
        Assert.Equal(("1", "1"), (Attribute(dom, "data-new-gap-cells"), Attribute(dom, "data-fixed-cells")));
        Assert.Matches($"<td class=\"missing\"><button[^>]*>[^<]*</button><span class=\"baseline new-gap\">{Messages.HtmlNewGap}</span></td>", dom);
        Assert.Matches($"<td class=\"covered\"><button[^>]*>✓ 2\\.2\\.[0-9]+</button><span class=\"baseline fixed\">{Messages.HtmlFixed}</span></td>", dom);
    }
}
