using System.Reflection;
using System.Text.RegularExpressions;
using CacheTasks.Diagnostics;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Diagnostics;

/// <summary>
/// The table of codes (<see cref="DiagnosticCodes.All"/>) is the one place a code is described:
/// every constant has a row, every row a title, a page and a line in both docs indexes, and the
/// numbering says the area the row says.
/// </summary>
public sealed class DiagnosticDescriptorTests
{
    private static readonly Regex IndexRow = new(@"^\| \[(CT\d{4})\]\(([^)]+)\) \| (.+) \|$", RegexOptions.Multiline);

    [Fact]
    public void Every_code_constant_has_exactly_one_row()
    {
        var constants = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != nameof(DiagnosticCodes.HelpLinkBase))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(constants, DiagnosticCodes.All.Select(d => d.Code).Order(StringComparer.Ordinal));
        Assert.Equal(DiagnosticCodes.All.Count, DiagnosticCodes.All.Select(d => d.Code).Distinct().Count());
        Assert.Equal(DiagnosticCodes.All.Count, DiagnosticCodes.All.Select(d => d.Name).Distinct().Count());
        Assert.Equal(DiagnosticCodes.All.Select(d => d.Code).Order(StringComparer.Ordinal), DiagnosticCodes.All.Select(d => d.Code));
    }

    [Fact]
    public void A_code_number_says_its_area()
    {
        Assert.All(DiagnosticCodes.All, d => Assert.Equal(
            d.Code[2] switch { '1' => DiagnosticArea.Coverage, '2' => DiagnosticArea.Catalog, '3' => DiagnosticArea.Input, _ => DiagnosticArea.Internal },
            d.Area));
    }

    [Fact]
    public void Every_code_has_a_title_and_a_page_that_names_it()
    {
        foreach (var descriptor in DiagnosticCodes.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title), descriptor.Code);
            var page = TestEnvironment.Repository("docs", "diagnostics", descriptor.Code + ".md");
            Assert.True(File.Exists(page), $"{descriptor.Code} has no page {page}");
            Assert.StartsWith($"# {descriptor.Code}: ", File.ReadAllLines(page)[0], StringComparison.Ordinal);
            Assert.EndsWith("/docs/diagnostics/" + descriptor.Code + ".md", descriptor.HelpLink, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_docs_index_is_the_table_in_order_with_its_titles()
    {
        var index = File.ReadAllText(TestEnvironment.Repository("docs", "diagnostics", "README.md"));

        var rows = IndexRow.Matches(index).Select(m => (Code: m.Groups[1].Value, Link: m.Groups[2].Value, Title: m.Groups[3].Value)).ToList();

        Assert.Equal(DiagnosticCodes.All.Select(d => (d.Code, d.Code + ".md", d.Title)), rows);
    }

    [Fact]
    public void Every_page_in_the_docs_folder_is_a_code_of_the_table()
    {
        var pages = Directory.GetFiles(TestEnvironment.Repository("docs", "diagnostics"), "CT*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(DiagnosticCodes.All.Select(d => d.Code), pages);
    }

    [Fact]
    public void The_readme_lists_every_code_with_its_page()
    {
        var readme = File.ReadAllText(TestEnvironment.Repository("README.md"));

        Assert.All(DiagnosticCodes.All, d => Assert.Contains($"| [{d.Code}](docs/diagnostics/{d.Code}.md) |", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void Only_coverage_findings_fail_the_gate()
    {
        Assert.Equal(
            [DiagnosticCodes.MissingForArch, DiagnosticCodes.PackageNotInCatalog, DiagnosticCodes.NothingChecked, DiagnosticCodes.BelowThreshold],
            DiagnosticCodes.All.Where(d => d.ExitClass == ExitClass.Gate).Select(d => d.Code));
        Assert.Equal(ExitClass.Setup, DiagnosticCodes.Find(DiagnosticCodes.ReportNotWritten)!.ExitClass);
    }
}
