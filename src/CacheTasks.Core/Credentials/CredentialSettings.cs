namespace CacheTasks.Credentials;

/// <summary>
/// Where the run finds each mirror's credentials: the entries of <c>SpackMirrorsConfig</c> and of the
/// <c>SpackEnvironment</c>s' <c>mirrors:</c> sections (the first entry whose URL names the mirror wins),
/// else the <c>SpackMirrorTokenVariable</c>, <c>SpackMirrorUserVariable</c> and
/// <c>SpackMirrorPasswordVariable</c> properties, which apply to every other mirror. Secrets are read
/// from the environment when a mirror is resolved, never kept beyond the request that needs them.
/// </summary>
public sealed record CredentialSettings
{
    public static CredentialSettings None { get; } = new();

    public IReadOnlyList<MirrorConfigEntry> Entries { get; init; } = [];

    public string? TokenVariable { get; init; }

    public string? UserVariable { get; init; }

    public string? PasswordVariable { get; init; }

    /// <summary>Reads an environment variable; tests give their own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// The credentials of the mirror that <paramref name="names"/> recognises (it is given each entry's
    /// URL and says whether that URL is the same mirror).
    /// </summary>
    public MirrorCredentials For(Func<string, bool> names)
    {
        foreach (var entry in Entries)
        {
            if (names(entry.Url))
            {
                return entry.Resolve(Environment);
            }
        }

        if (TokenVariable is null && UserVariable is null && PasswordVariable is null)
        {
            return MirrorCredentials.None;
        }

        return new MirrorCredentials(Messages.CredentialsOriginProperties)
        {
            TokenVariable = TokenVariable,
            Token = Read(TokenVariable),
            UserVariable = UserVariable,
            User = Read(UserVariable),
            PasswordVariable = PasswordVariable,
            Password = Read(PasswordVariable),
        };
    }

    private string? Read(string? variable) => variable is not null && Environment(variable) is { Length: > 0 } value ? value : null;
}
