using CacheTasks.Credentials;
using CacheTasks.Mirrors;

namespace CacheTasks.Sources;

/// <summary>What resolving a source may need beyond its text: how mirrors are downloaded and cached, and where their credentials come from.</summary>
public sealed record SourceContext(MirrorOptions Mirrors)
{
    /// <summary>A new build with the default mirror options and no credentials.</summary>
    public static SourceContext Default => new(MirrorOptions.Default);

    public CredentialSettings Credentials { get; init; } = CredentialSettings.None;

    /// <summary>The registry tokens this build was given: every source of the build shares them, the next build asks again.</summary>
    internal RegistryTokens Tokens { get; } = new();

    /// <summary>The credentials of <paramref name="url"/>: a config entry whose URL is the same mirror, else the properties' variables.</summary>
    public MirrorCredentials CredentialsFor(MirrorUrl url) =>
        Credentials.For(entryUrl => MirrorUrl.Problem(entryUrl) is null && MirrorUrl.Parse(entryUrl)?.Text == url.Text);
}
