using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CacheTasks.Coverage;
using CacheTasks.Requirements;

namespace CacheTasks.Core.Tests.Reports;

/// <summary>coverage.html as a file: self-contained and safe with any text. tests/CacheTasks.Tests checks it in a real browser.</summary>
public sealed class HtmlReportWriterTests
{
    // Requirement texts must parse as specs; a stack name is free text and reaches the page as data and in hints.
    private const string Hostile = "e4s</script><script>alert(1)</script>\u2028<!-- &x";

    [Fact]
    public void Coverage_html_is_one_file_that_loads_nothing_from_anywhere()
    {
        using var fixture = new ReportFixture("html");

        var html = fixture.Report("coverage.html");

        Assert.Equal([fixture.Folder.Combine("reports", "coverage.html")], fixture.Run.ReportFiles);
        Assert.DoesNotMatch(new Regex(@"\b(src|href)\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<link\b|@import|url\(", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_text_stays_data_and_cannot_close_the_script()
    {
        using var fixture = new ReportFixture(["html"], [new RequirementInput("zlib", Stack: Hostile)]);

        var html = fixture.Report("coverage.html");

        // The page's own three scripts close three times; the hostile text adds none and no markup.
        Assert.Equal(3, Regex.Count(html, "</script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(1)</", html, StringComparison.Ordinal);
        var data = Regex.Match(html, "<script id=\"coverage-data\" type=\"application/json\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        using var json = JsonDocument.Parse(data);
        var row = json.RootElement.GetProperty("requirements")[2];
        Assert.Equal(Hostile, row.GetProperty("stack").GetString());
        Assert.Contains(Hostile, row.GetProperty("cells")[0].GetProperty("hint").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_rows_carry_cells_hints_and_matched_specs()
    {
        using var fixture = new ReportFixture("html");
        var html = fixture.Report("coverage.html");
        var data = Regex.Match(html, "<script id=\"coverage-data\" type=\"application/json\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;

        using var json = JsonDocument.Parse(data);

        var root = json.RootElement;
        Assert.Equal([ReportFixture.X86, ReportFixture.Arm], root.GetProperty("arches").EnumerateArray().Select(a => a.GetString()));
        var zlib = root.GetProperty("requirements")[0].GetProperty("cells");
        Assert.Equal("✓ 1.3.1", zlib[0].GetProperty("cell").GetString());
        var match = zlib[0].GetProperty("matches")[0];
        Assert.Equal("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", match.GetProperty("hash").GetString());
        Assert.Equal("gcc@13.3.0", match.GetProperty("compiler").GetString());
        Assert.Equal(["+shared"], match.GetProperty("variants").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["e4s"], match.GetProperty("stacks").EnumerateArray().Select(v => v.GetString()));
        var row = fixture.Run.Result!.Rows[1];
        Assert.Equal(row.Hint, zlib[1].GetProperty("hint").GetString());
        Assert.Contains(WebUtility.HtmlEncode(string.Format(Messages.ReportSummary, 1, 4, "25.0")), html, StringComparison.Ordinal);
    }
}
