namespace CacheTasks.Mirrors;

/// <summary>
/// A refresh that could not finish; the message is the user-facing cause that CT2003 or CT2002 shows.
/// It never leaves <see cref="MirrorFetcher"/>: every one becomes a diagnostic there.
/// </summary>
#pragma warning disable CA1032 // Only MirrorFetcher's own code raises it, always with a message.
internal sealed class MirrorFetchException(string message, Exception? inner = null) : Exception(message, inner);
#pragma warning restore CA1032
