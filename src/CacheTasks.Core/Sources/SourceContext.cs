using CacheTasks.Credentials;
using CacheTasks.Mirrors;

namespace CacheTasks.Sources;

/// <summary>What resolving a source may need beyond its text: how mirrors are downloaded and cached, and where their credentials come from.</summary>
public sealed record SourceContext(MirrorOptions Mirrors)
{
    public static SourceContext Default { get; } = new(MirrorOptions.Default);

    public CredentialSettings Credentials { get; init; } = CredentialSettings.None;

    /// <summary>The credentials of <paramref name="url"/>: a config entry whose URL is the same mirror, else the properties' variables.</summary>
    public MirrorCredentials CredentialsFor(MirrorUrl url) =>
        Credentials.For(entryUrl => MirrorUrl.Problem(entryUrl) is null && MirrorUrl.Parse(entryUrl)?.Text == url.Text);
}
