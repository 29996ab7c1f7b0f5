namespace CacheTasks.Catalog;

/// <summary>
/// A catalog file a check reads again is not the file the load read any more: a mirror index (its
/// stamp changed, or an install's bytes are not that install) or a cache page (<see cref="DeferredPage"/>).
/// What the check would read cannot be trusted, so the check cannot go on (CT2006).
/// </summary>
internal sealed class IndexChangedException : IOException
{
    public IndexChangedException(string path)
        : this(path, string.Format(Messages.IndexChangedWhileRead, path))
    {
    }

    private IndexChangedException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    /// <summary>The file, as the load named it.</summary>
    public string Path { get; }

    /// <summary>A cache page that changed between the load and the check's reading its specs.</summary>
    public static IndexChangedException Page(string path) => new(path, string.Format(Messages.PageChangedWhileRead, path));
}
