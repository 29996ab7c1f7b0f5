using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CacheTasks.Catalog;
using CacheTasks.Concrete;
using CacheTasks.Coverage;
using CacheTasks.IO;

namespace CacheTasks.Reports;

/// <summary>
/// coverage.html: one self-contained file (inline CSS and script, no network) with the same matrix
/// as coverage.md, sortable and filterable, missing rows highlighted, each cell expandable to the
/// binaries that matched or to the hint. The page and its script are Reports/Html/*, embedded in
/// this assembly; the rows go in as JSON with every character that could end a script escaped.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    private static readonly Lazy<string> Template = new(() => Resource("coverage.html"));
    private static readonly Lazy<string> Style = new(() => Resource("coverage.css"));
    private static readonly Lazy<string> Script = new(() => Resource("coverage.js"));

    public string Format => "html";

    public string FileName => "coverage.html";

    public void Write(CoverageReport report, Stream output)
    {
        var summary = report.Summary;
        var page = new StringBuilder(Template.Value)
            .Replace("{{title}}", Html(Messages.ReportTitle))
            .Replace("{{delta}}", Delta(report))
            .Replace("{{summaryClass}}", summary.Missing == 0 ? "ok" : "bad")
            .Replace("{{summary}}", Html(string.Format(CultureInfo.InvariantCulture, Messages.ReportSummary, summary.Covered, summary.Total, ReportText.Percent(summary.Percent))))
            .Replace("{{facts}}", Html(Facts(report)))
            .Replace("{{noscript}}", Html(Messages.HtmlNoScript))
            .Replace("{{style}}", Style.Value)
            .Replace("{{script}}", Script.Value)
            .Replace("{{data}}", Data(report))
            .ToString();
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(page);
        output.Write(bytes, 0, bytes.Length);
    }

    /// <summary>With a baseline, the page leads with what this change did: "2 newly missing, 1 fixed since the baseline".</summary>
    private static string Delta(CoverageReport report)
    {
        if (report.Baseline is not { } baseline)
        {
            return string.Empty;
        }

        return $"<p id=\"delta\" class=\"{(baseline.NewlyMissing == 0 ? "ok" : "bad")}\">{Html(ReportText.Delta(baseline))}</p>\n<p class=\"facts\">{Html(ReportText.DeltaDetails(baseline))}</p>\n";
    }

    private static string Facts(CoverageReport report)
    {
        var facts = string.Format(CultureInfo.InvariantCulture, Messages.ReportCatalog, report.CatalogPackages, report.CatalogSpecs, string.Join(", ", report.CatalogSources));
        return report.Host is null ? facts : facts + " " + string.Format(CultureInfo.InvariantCulture, Messages.ReportHost, report.Host);
    }

    /// <summary>
    /// The rows as JSON for the page's script. The default encoder writes &lt;, &gt;, &amp;, quotes and
    /// every non-ASCII character as \uXXXX, so no requirement text, hint or path can close the
    /// script element or be read as markup.
    /// </summary>
    private static string Data(CoverageReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            json.WriteStartObject();
            json.WriteStartObject("summary");
            json.WriteNumber("total", report.Summary.Total);
            json.WriteNumber("covered", report.Summary.Covered);
            json.WriteNumber("missing", report.Summary.Missing);
            json.WriteEndObject();
            json.WriteStartArray("arches");
            foreach (var arch in report.Arches)
            {
                json.WriteStringValue(arch.ToString());
            }

            json.WriteEndArray();
            json.WriteStartArray("requirements");
            // One pass over the rows: large reports (thousands of rows) must not be quadratic.
            foreach (var rows in report.Rows.GroupBy(r => r.Requirement))
            {
                var byArch = new Dictionary<string, CoverageRow>(StringComparer.Ordinal);
                foreach (var row in rows)
                {
                    var key = row.Arch.ToString();
                    if (!byArch.ContainsKey(key))
                    {
                        byArch[key] = row;
                    }
                }

                json.WriteStartObject();
                json.WriteString("text", rows.Key.Text);
                JsonFields.WriteNullable(json, "stack", rows.First().Stack);
                json.WriteStartArray("cells");
                foreach (var arch in report.Arches)
                {
                    if (!byArch.TryGetValue(arch.ToString(), out var row))
                    {
                        json.WriteNullValue();
                    }
                    else
                    {
                        WriteCell(json, row);
                    }
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteLabels(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteCell(Utf8JsonWriter json, CoverageRow row)
    {
        json.WriteStartObject();
        json.WriteString("status", CoverageStatusNames.Of(row.Status));
        json.WriteString("cell", ReportText.ShortCell(row));
        if (row.Baseline is { } state)
        {
            json.WriteString("baseline", BaselineStateNames.Of(state));
        }

        JsonFields.WriteNullable(json, "hint", row.Hint);
        JsonFields.WriteStrings(json, "unverified", row.Unverified);
        json.WriteStartArray("matches");
        var best = row.BestMatch;
        foreach (var match in row.Matches)
        {
            // What the row's match was built with, as far as the requirement's clauses ask: ^openmpi@5.0.3, %gcc@13.3.0.
            var nodes = ReferenceEquals(match, best) ? SpecMatcher.NodesFor(row.Requirement.Spec, match).Select(n => NodeText(n.Clause.Sigil, n.Node)).Distinct() : null;
            ReportJson.WriteMatch(json, match, nodes);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string NodeText(char sigil, CatalogSpec node)
    {
        var text = sigil + node.Name + (node.Versions.Count == 0 ? string.Empty : "@" + node.VersionText);
        if (node.Hash is not { } hash)
        {
            return text;
        }

        var shortHash = hash.Length > 7 ? hash.Substring(0, 7) : hash;
        return text + " /" + shortHash;
    }

    private static void WriteLabels(Utf8JsonWriter json)
    {
        json.WriteStartObject("labels");
        json.WriteString("requirement", Messages.HtmlRequirement);
        json.WriteString("covered", Messages.HtmlCoveredColumn);
        json.WriteString("filter", Messages.HtmlFilter);
        json.WriteString("missingOnly", Messages.HtmlMissingOnly);
        json.WriteString("expandAll", Messages.HtmlExpandAll);
        json.WriteString("collapseAll", Messages.HtmlCollapseAll);
        json.WriteString("showing", Messages.HtmlShowing);
        json.WriteString("matches", Messages.HtmlMatches);
        json.WriteString("compiler", Messages.HtmlCompiler);
        json.WriteString("variants", Messages.HtmlVariants);
        json.WriteString("stacks", Messages.HtmlStacks);
        json.WriteString("tag", Messages.HtmlTag);
        json.WriteString("dependencies", Messages.HtmlDependencies);
        json.WriteString("unverified", Messages.HtmlUnverified);
        json.WriteString("newGap", Messages.HtmlNewGap);
        json.WriteString("fixed", Messages.HtmlFixed);
        json.WriteEndObject();
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlReportWriter).Assembly.GetManifestResourceStream("CacheTasks.Reports.Html." + name)
            ?? throw new InvalidOperationException($"The HTML report resource {name} is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
