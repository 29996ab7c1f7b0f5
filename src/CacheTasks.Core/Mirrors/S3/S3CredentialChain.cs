using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace CacheTasks.Mirrors.S3;

/// <summary>
/// Finds the credentials for an S3 mirror the way Spack does through boto3
/// (<c>spack.util.s3.get_s3_session</c>, spack/spack lib/spack/spack/util/s3.py): the mirror entry's
/// <c>access_pair</c> (with <c>access_token_variable</c> as the session token) when both its values are
/// set, else its <c>profile</c> (only that profile, as boto3 does when a profile is named), else boto3's
/// standard chain — <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>(/<c>AWS_SESSION_TOKEN</c>), the
/// profile <c>AWS_PROFILE</c> or <c>default</c> of the shared credentials and config files, a container's
/// credentials, the EC2 instance profile (not when <c>AWS_EC2_METADATA_DISABLED</c> is true) — and with
/// none of them, an anonymous request, as Spack makes one (<c>signature_version=UNSIGNED</c>).
/// </summary>
internal static class S3CredentialChain
{
    public const string AccessKeyIdVariable = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKeyVariable = "AWS_SECRET_ACCESS_KEY";
    public const string SessionTokenVariable = "AWS_SESSION_TOKEN";
    public const string ProfileVariable = "AWS_PROFILE";
    public const string CredentialsFileVariable = "AWS_SHARED_CREDENTIALS_FILE";
    public const string MetadataDisabledVariable = "AWS_EC2_METADATA_DISABLED";

    /// <summary>The credentials to sign with; throws <see cref="MirrorCredentialsException"/> for a named profile that does not exist.</summary>
    public static S3Credentials Resolve(S3Settings settings, Func<string, string?> environment)
    {
        string? incompletePair = null;
        if (settings.HasAccessPair)
        {
            var id = settings.AccessKeyId ?? Read(environment, settings.AccessKeyIdVariable);
            var secret = Read(environment, settings.SecretAccessKeyVariable);
            var pair = DescribePair(settings, environment);
            if (id is not null && secret is not null)
            {
                return new S3Credentials(Pair(id, secret, Read(environment, settings.SessionTokenVariable)), pair);
            }

            // boto3 is handed None for an unset variable and goes on down its chain; so does CacheTasks,
            // and a refusal then says which variable of the pair was not set.
            incompletePair = pair;
        }

        if (settings.Profile is { } profile)
        {
            var described = string.Format(Messages.S3CredentialsProfile, profile);
            if (Profiles(environment).TryGetAWSCredentials(profile, out var fromProfile))
            {
                return new S3Credentials(fromProfile, described);
            }

            throw new MirrorCredentialsException(string.Format(Messages.S3ProfileNotFound, profile));
        }

        var chain = Standard(environment);
        return incompletePair is null ? chain : new S3Credentials(chain.Credentials, string.Format(Messages.S3CredentialsIncompletePair, incompletePair, chain.Source));
    }

    /// <summary>The profile the standard chain reads: <c>AWS_PROFILE</c>, else <c>default</c>.</summary>
    public static string DefaultProfile(Func<string, string?> environment) => Read(environment, ProfileVariable) ?? "default";

    /// <summary>The shared credentials and config files, at <c>AWS_SHARED_CREDENTIALS_FILE</c> when it is set.</summary>
    public static CredentialProfileStoreChain Profiles(Func<string, string?> environment) =>
        Read(environment, CredentialsFileVariable) is { } file ? new CredentialProfileStoreChain(file) : new CredentialProfileStoreChain();

    private static S3Credentials Standard(Func<string, string?> environment)
    {
        var id = Read(environment, AccessKeyIdVariable);
        var secret = Read(environment, SecretAccessKeyVariable);
        if (id is not null && secret is not null)
        {
            return new S3Credentials(Pair(id, secret, Read(environment, SessionTokenVariable)), Messages.S3CredentialsEnvironment);
        }

        var profile = DefaultProfile(environment);
        if (Profiles(environment).TryGetAWSCredentials(profile, out var fromProfile))
        {
            return new S3Credentials(fromProfile, string.Format(Messages.S3CredentialsProfile, profile));
        }

        if (Read(environment, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") is not null || Read(environment, "AWS_CONTAINER_CREDENTIALS_FULL_URI") is not null)
        {
            if (TryUse(() => new GenericContainerCredentials()) is { } container)
            {
                return new S3Credentials(container, Messages.S3CredentialsContainer);
            }
        }

        if (!string.Equals(Read(environment, MetadataDisabledVariable), "true", StringComparison.OrdinalIgnoreCase)
            && TryUse(() => new InstanceProfileAWSCredentials()) is { } instance)
        {
            return new S3Credentials(instance, Messages.S3CredentialsInstance);
        }

        return new S3Credentials(null, Messages.S3CredentialsAnonymous);
    }

    private static AWSCredentials Pair(string id, string secret, string? token) =>
        token is null ? new BasicAWSCredentials(id, secret) : new SessionAWSCredentials(id, secret, token);

    /// <summary>Credentials that can actually produce a key now; the metadata services answer only on AWS.</summary>
    private static AWSCredentials? TryUse(Func<AWSCredentials> create)
    {
        try
        {
            var credentials = create();
            return credentials.GetCredentials() is { AccessKey.Length: > 0 } ? credentials : null;
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException or IOException or InvalidOperationException or UnauthorizedAccessException or System.Net.Http.HttpRequestException)
        {
            return null;
        }
    }

    private static string DescribePair(S3Settings settings, Func<string, string?> environment)
    {
        var id = settings.AccessKeyId is not null ? Messages.S3CredentialsIdInEntry : Variable(settings.AccessKeyIdVariable, environment);
        return string.Format(Messages.S3CredentialsAccessPair, id, Variable(settings.SecretAccessKeyVariable, environment));
    }

    private static string Variable(string? name, Func<string, string?> environment) =>
        name is null
            ? Messages.S3CredentialsNoVariable
            : string.Format(Read(environment, name) is null ? Messages.S3CredentialsVariableNotSet : Messages.S3CredentialsVariableSet, name);

    private static string? Read(Func<string, string?> environment, string? name) =>
        name is null ? null : environment(name) is { Length: > 0 } value ? value : null;
}
