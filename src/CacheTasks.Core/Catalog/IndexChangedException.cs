namespace CacheTasks.Catalog;

/// <summary>
/// A mirror index is not the file a load skimmed any more (its stamp changed, or an install's bytes
/// are not that install): its installs cannot be read again, so the check cannot go on (CT2006).
/// </summary>
internal sealed class IndexChangedException(string path) : IOException(string.Format(Messages.IndexChangedWhileRead, path))
{
    /// <summary>The index, as the load named it.</summary>
    public string Path => path;
}
