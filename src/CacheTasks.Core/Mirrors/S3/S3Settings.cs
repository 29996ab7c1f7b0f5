using CacheTasks.Credentials;

namespace CacheTasks.Mirrors.S3;

/// <summary>
/// What a Spack mirror entry says about reaching an <c>s3://</c> mirror, as Spack's
/// <c>spack.util.s3.get_mirror_s3_connection_info</c> reads it: an <c>access_pair</c> (a key id, given as
/// text or by the name of the variable holding it, and the name of the variable holding the secret),
/// an <c>access_token_variable</c> (the session token), a <c>profile</c> and an <c>endpoint_url</c>.
/// Secrets are only ever named by variable here; their values are read at request time and never kept.
/// </summary>
internal sealed record S3Settings
{
    /// <summary>No mirror entry: the standard AWS chain, <c>S3_ENDPOINT_URL</c>, else anonymous.</summary>
    public static S3Settings None { get; } = new();

    /// <summary>The key id as written in the mirror entry (<c>access_pair: id:</c>); a key id is not a secret.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The variable holding the key id (<c>access_pair: id_variable:</c>).</summary>
    public string? AccessKeyIdVariable { get; init; }

    /// <summary>The variable holding the secret key (<c>access_pair: secret_variable:</c>).</summary>
    public string? SecretAccessKeyVariable { get; init; }

    /// <summary>The variable holding a session token (<c>access_token_variable:</c>).</summary>
    public string? SessionTokenVariable { get; init; }

    /// <summary>A profile of the AWS shared credentials and config files (<c>profile:</c>).</summary>
    public string? Profile { get; init; }

    /// <summary>The S3 service to use instead of AWS (<c>endpoint_url:</c>); <c>https://</c> when it has no scheme.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>
    /// The settings of the mirror entry (or of the <c>SpackMirror*Variable</c> properties) that the run found
    /// for this mirror: variable names and non-secret values only, as Spack's entry holds them.
    /// </summary>
    public static S3Settings From(MirrorCredentials credentials) => new()
    {
        // An id written in the entry itself (access_pair: id:) is not a secret; one read from a variable stays named by it.
        AccessKeyId = credentials.UserVariable is null ? credentials.User : null,
        AccessKeyIdVariable = credentials.UserVariable,
        SecretAccessKeyVariable = credentials.PasswordVariable,
        SessionTokenVariable = credentials.TokenVariable,
        Profile = credentials.Profile,
        EndpointUrl = credentials.EndpointUrl,
    };

    /// <summary>Whether the entry names an access pair at all.</summary>
    public bool HasAccessPair => AccessKeyId is not null || AccessKeyIdVariable is not null || SecretAccessKeyVariable is not null;
}
