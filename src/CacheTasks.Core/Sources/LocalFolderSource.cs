using CacheTasks.Catalog;
using CacheTasks.Diagnostics;

namespace CacheTasks.Sources;

/// <summary>A local folder, searched recursively for <c>*.md</c> pages and <c>index.json</c> indexes.</summary>
public sealed class LocalFolderSource : LocalSource
{
    public override string Name => "folder";

    public override bool Claims(string text) => !SourceKinds.IsUrl(text) && Directory.Exists(text);

    public override CatalogSource Resolve(string text, SourceContext context, List<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        new(text, Name) { Folder = text };
}
