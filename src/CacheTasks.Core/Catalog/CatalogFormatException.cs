namespace CacheTasks.Catalog;

/// <summary>A catalog file that cannot be read as a page or index; line and column are 1-based (0 = unknown).</summary>
public sealed class CatalogFormatException : Exception
{
    public CatalogFormatException(string message, int line, int column, Exception? innerException = null)
        : base(message, innerException)
    {
        Line = line;
        Column = column;
    }

    public CatalogFormatException()
    {
    }

    public CatalogFormatException(string message)
        : base(message)
    {
    }

    public CatalogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Line { get; }

    public int Column { get; }
}
