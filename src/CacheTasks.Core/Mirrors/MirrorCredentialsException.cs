namespace CacheTasks.Mirrors;

/// <summary>
/// The mirror refused the request's credentials (or the credentials named cannot be found). Unlike a
/// network failure this is not a reason to go on quietly with a cached copy: it is a coded error whose
/// message says which variables or profile the request used and whether they were set — never a value.
/// </summary>
#pragma warning disable CA1032 // Only the mirror transports raise it, always with a message.
internal sealed class MirrorCredentialsException(string message, Exception? inner = null) : Exception(message, inner);
#pragma warning restore CA1032
