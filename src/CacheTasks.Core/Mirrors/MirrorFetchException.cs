namespace CacheTasks.Mirrors;

/// <summary>
/// A refresh that could not finish; the message is the user-facing cause that CT2003 or CT2002 shows
/// (or, when the mirror refused the credentials, the whole CT2005 message). It never leaves
/// <see cref="MirrorFetcher"/>: every one becomes a diagnostic there.
/// </summary>
#pragma warning disable CA1032 // Only the mirror code raises it, always with a message.
internal sealed class MirrorFetchException(string message, Exception? inner = null) : Exception(message, inner)
#pragma warning restore CA1032
{
    /// <summary>The mirror answered 401 or 403 to the credentials sent (or to none): CT2005, not a network failure.</summary>
    public bool AccessDenied { get; init; }
}
