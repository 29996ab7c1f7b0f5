using CacheTasks.Diagnostics;

namespace CacheTasks.Credentials;

/// <summary>
/// One mirror of a Spack <c>mirrors:</c> section, as far as reading it is concerned: its fetch URL and
/// where its credentials come from, each the most specific value as Spack's <c>Mirror._get_value</c>
/// picks it (<c>fetch:</c> over the top level). Names of variables only: a secret written in the file is
/// refused when the file is read.
/// </summary>
public sealed record MirrorConfigEntry(string Name, string Url, SourceLocation Location)
{
    public string? AccessTokenVariable { get; init; }

    /// <summary>The access pair's <c>id</c> written in the file (not a secret: Spack allows it).</summary>
    public string? Id { get; init; }

    public string? IdVariable { get; init; }

    public string? SecretVariable { get; init; }

    public string? Profile { get; init; }

    public string? EndpointUrl { get; init; }

    /// <summary>The credentials, read now from <paramref name="environment"/> as Spack's <c>get_access_token</c>/<c>get_access_pair</c> read them.</summary>
    public MirrorCredentials Resolve(Func<string, string?> environment)
    {
        var user = IdVariable is not null ? Read(environment, IdVariable) : Id;
        return new MirrorCredentials(string.Format(Messages.CredentialsOriginEntry, Name, Location))
        {
            TokenVariable = AccessTokenVariable,
            Token = AccessTokenVariable is null ? null : Read(environment, AccessTokenVariable),
            UserVariable = IdVariable,
            User = user,
            PasswordVariable = SecretVariable,
            Password = SecretVariable is null ? null : Read(environment, SecretVariable),
            Profile = Profile,
            EndpointUrl = EndpointUrl,
        };
    }

    private static string? Read(Func<string, string?> environment, string variable) =>
        environment(variable) is { Length: > 0 } value ? value : null;
}
