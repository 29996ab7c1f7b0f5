namespace CacheTasks.Environments;

/// <summary>
/// A <c>when:</c> condition that <see cref="ConditionEvaluator"/> does not evaluate:
/// <see cref="Unsupported"/> names the part it does not support, or <see cref="MissingVariable"/>
/// the variable <c>env['X']</c> reads that is not set.
/// </summary>
internal sealed class ConditionException : Exception
{
    public ConditionException()
    {
    }

    public ConditionException(string message)
        : base(message)
    {
        Unsupported = message;
    }

    public ConditionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Unsupported = message;
    }

    public string? Unsupported { get; private init; }

    public string? MissingVariable { get; private init; }

    public static ConditionException Missing(string variable) => new() { MissingVariable = variable };
}
