using CacheTasks.Diagnostics;

namespace CacheTasks.Baselines;

/// <summary>
/// Whether a baseline was written for this check: the same arches, and the same catalog (a URL
/// the same URL, a local source the same folder or file name, since checkouts differ from one CI
/// machine to the next). A baseline that does not fit is still compared with; CT3008 says why the
/// comparison may mislead.
/// </summary>
public static class BaselineFit
{
    public static IReadOnlyList<Diagnostic> Check(Baseline baseline, IReadOnlyList<string> arches, IReadOnlyList<string> catalogSources)
    {
        var problems = new List<Diagnostic>();
        if (!new HashSet<string>(baseline.Arches, StringComparer.Ordinal).SetEquals(arches))
        {
            problems.Add(new Diagnostic(DiagnosticCodes.BaselineDoesNotFit, DiagnosticSeverity.Warning, string.Format(Messages.BaselineOtherArches, baseline.Source, List(baseline.Arches), List(arches))));
        }

        if (baseline.CatalogSources.Count > 0 && !new HashSet<string>(baseline.CatalogSources.Select(Identity), StringComparer.Ordinal).SetEquals(catalogSources.Select(Identity)))
        {
            problems.Add(new Diagnostic(DiagnosticCodes.BaselineDoesNotFit, DiagnosticSeverity.Warning, string.Format(Messages.BaselineOtherCatalog, baseline.Source, List(baseline.CatalogSources), List(catalogSources))));
        }

        return problems;
    }

    private static string List(IReadOnlyList<string> values) => values.Count == 0 ? Messages.BaselineNone : string.Join(", ", values);

    private static string Identity(string source)
    {
        if (source.Contains("://"))
        {
            return source.TrimEnd('/');
        }

        var trimmed = source.TrimEnd('/', '\\');
        var cut = trimmed.LastIndexOfAny(['/', '\\']);
        return cut < 0 ? trimmed : trimmed.Substring(cut + 1);
    }
}
