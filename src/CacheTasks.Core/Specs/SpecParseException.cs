namespace CacheTasks.Specs;

/// <summary>A spec string that cannot be parsed; <see cref="Column"/> is 1-based in the spec text.</summary>
public sealed class SpecParseException : Exception
{
    public SpecParseException(string message, int column)
        : base(message)
    {
        Column = column;
    }

    public SpecParseException()
    {
    }

    public SpecParseException(string message)
        : base(message)
    {
    }

    public SpecParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Column { get; }
}
