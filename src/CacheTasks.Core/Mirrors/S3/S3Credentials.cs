using Amazon.Runtime;

namespace CacheTasks.Mirrors.S3;

/// <summary>
/// The credentials an S3 request is signed with (none: anonymous), and where they came from in words a
/// user can act on. <see cref="Source"/> names variables and profiles, never a value.
/// </summary>
internal sealed class S3Credentials(AWSCredentials? credentials, string source)
{
    /// <summary>Null for an anonymous (unsigned) request.</summary>
    public AWSCredentials? Credentials { get; } = credentials;

    public string Source { get; } = source;

    public bool IsAnonymous => Credentials is null;
}
