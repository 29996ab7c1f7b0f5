namespace CacheTasks.Testing;

/// <summary>What the test server does wrong on purpose for one path.</summary>
public enum MirrorFault
{
    None,

    /// <summary>HTTP 500.</summary>
    ServerError,

    /// <summary>No answer at all until the server is disposed (past any client timeout).</summary>
    Hang,

    /// <summary>Headers promise the whole body; half of it is sent, then the connection is cut.</summary>
    Truncated,
}
