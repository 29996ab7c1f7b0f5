using CacheTasks.Catalog;
using CacheTasks.Diagnostics;

namespace CacheTasks.Sources;

/// <summary>
/// One local file: a mirror index when it ends in <c>.json</c>, else a cache page. It claims every
/// path that is not a URL or a folder, so a path that does not exist is reported here (CT2002) and
/// watched: a no-op build sees it appear.
/// </summary>
public sealed class LocalFileSource : LocalSource
{
    public override string Name => "file";

    public override bool Claims(string text) => !SourceKinds.IsUrl(text);

    public override CatalogSource Resolve(string text, SourceContext context, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (!File.Exists(text))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyCatalogSource, DiagnosticSeverity.Error, string.Format(Messages.CatalogSourceMissing, text)));
            return new CatalogSource(text, Name) { Absent = [text] };
        }

        var isIndex = string.Equals(Path.GetExtension(text), ".json", StringComparison.OrdinalIgnoreCase);
        return new CatalogSource(text, Name) { Files = [new CatalogSourceFile(text, isIndex)] };
    }
}
