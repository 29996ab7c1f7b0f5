namespace CacheTasks.Concrete;

/// <summary>
/// A node dict that cannot be read (a field of the wrong shape). <see cref="Offset"/> is where,
/// in the reader's current buffer: the file's reader turns it into its own located diagnostic.
/// </summary>
internal sealed class NodeDictException(long offset, string message) : Exception(message)
{
    public long Offset { get; } = offset;
}
