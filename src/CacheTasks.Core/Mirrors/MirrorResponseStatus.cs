namespace CacheTasks.Mirrors;

/// <summary>How a mirror answered one request.</summary>
internal enum MirrorResponseStatus
{
    /// <summary>The body was downloaded to the temporary file.</summary>
    Ok,

    /// <summary>304: the ETag sent still matches; nothing was downloaded.</summary>
    NotModified,

    /// <summary>404 or 410, or no such local file: the mirror does not use this layout.</summary>
    NotFound,
}
