namespace CacheTasks.Credentials;

/// <summary>
/// What one mirror is read with: a bearer token, or a user and password (S3: an access key pair),
/// and for S3 a profile and an endpoint. Secrets come only from environment variables; the names of
/// those variables are kept for messages, the values never leave this object except into a request.
/// <see cref="ToString"/> masks them, so a secret cannot reach a log by accident.
/// </summary>
public sealed class MirrorCredentials
{
    internal MirrorCredentials(string origin)
    {
        Origin = origin;
    }

    /// <summary>No credentials: the mirror is read anonymously.</summary>
    public static MirrorCredentials None { get; } = new(string.Empty);

    /// <summary>Where these credentials were configured, for messages (a property, or a mirrors.yaml entry and its line).</summary>
    public string Origin { get; }

    /// <summary>The variable the token was to be read from (null: none configured).</summary>
    public string? TokenVariable { get; init; }

    /// <summary>The variable the user (access key id) was to be read from; null when none or when the user is written in the file.</summary>
    public string? UserVariable { get; init; }

    /// <summary>The variable the password (secret access key) was to be read from.</summary>
    public string? PasswordVariable { get; init; }

    /// <summary>The bearer token, or null.</summary>
    internal string? Token { get; init; }

    /// <summary>The user name (an access key id is not a secret, and Spack lets it be written as <c>id:</c>).</summary>
    internal string? User { get; init; }

    /// <summary>The password (a secret access key), or null.</summary>
    internal string? Password { get; init; }

    /// <summary>An AWS profile name (S3), not a secret.</summary>
    public string? Profile { get; init; }

    /// <summary>An S3 endpoint URL, not a secret.</summary>
    public string? EndpointUrl { get; init; }

    public bool HasToken => !string.IsNullOrEmpty(Token);

    /// <summary>True when both a user and a password are set.</summary>
    public bool HasUserAndPassword => !string.IsNullOrEmpty(User) && !string.IsNullOrEmpty(Password);

    /// <summary>True when any variable was configured, set or not.</summary>
    public bool Configured => TokenVariable is not null || UserVariable is not null || PasswordVariable is not null || User is not null;

    /// <summary>Every secret value held, for the tests and writers that must prove none reaches a file.</summary>
    internal IEnumerable<string> Secrets => new[] { Token, Password }.Where(s => !string.IsNullOrEmpty(s))!;

    /// <summary>
    /// For CT2005: where the credentials were configured, each variable named with whether it is set,
    /// never a value; or that none were configured and how to give them.
    /// </summary>
    public string Describe()
    {
        if (!Configured)
        {
            return Messages.CredentialsNone;
        }

        var parts = new List<string>();
        if (TokenVariable is not null)
        {
            parts.Add(Variable(Messages.CredentialsRoleToken, TokenVariable, HasToken));
        }

        if (UserVariable is not null)
        {
            parts.Add(Variable(Messages.CredentialsRoleUser, UserVariable, !string.IsNullOrEmpty(User)));
        }

        if (PasswordVariable is not null)
        {
            parts.Add(Variable(Messages.CredentialsRolePassword, PasswordVariable, !string.IsNullOrEmpty(Password)));
        }

        return string.Format(Messages.CredentialsConfigured, Origin, string.Join("; ", parts));
    }

    /// <summary>The origin only; never a value.</summary>
    public override string ToString() => Origin;

    private static string Variable(string role, string variable, bool set) =>
        string.Format(Messages.CredentialsVariable, role, variable, set ? Messages.CredentialsSet : Messages.CredentialsNotSet);
}
