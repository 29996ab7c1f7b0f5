using System.Security.Cryptography;
using System.Text;
using CacheTasks.Diagnostics;
using CacheTasks.IO;

namespace CacheTasks.Mirrors;

/// <summary>
/// A mirror URL from <c>SpackCatalog</c> (<c>https://</c>, <c>oci://</c>, <c>file://</c>, …), normalized so
/// that the same mirror written two ways (<c>HTTPS://Host/m/</c>, <c>https://host/m</c>) shares one cache entry.
/// </summary>
public sealed class MirrorUrl
{
    private MirrorUrl(Uri uri, string text, string name)
    {
        Uri = uri;
        Text = text;
        Name = name;
    }

    /// <summary>The mirror's root, without a trailing slash.</summary>
    public Uri Uri { get; }

    /// <summary>The normalized URL: lower-case scheme and host, no default port, no trailing slash.</summary>
    public string Text { get; }

    /// <summary>The mirror's name: its last path segment (<c>develop</c> for <c>https://binaries.spack.io/develop</c>), or its host.</summary>
    public string Name { get; }

    public bool IsFile => Uri.IsFile;

    /// <summary>An <c>s3://bucket/prefix</c> mirror: its host is the bucket, its path the key prefix.</summary>
    public bool IsS3 => Uri.Scheme == S3Scheme;

    private const string S3Scheme = "s3";

    /// <summary>The cache folder name: the first 32 hex digits of the SHA-256 of <see cref="Text"/>.</summary>
    public string CacheKey
    {
        get
        {
#if NETSTANDARD2_0
            using var sha = SHA256.Create();
            var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(Text));
#else
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(Text));
#endif
            return HexText.Of(digest, 16);
        }
    }

    /// <summary>
    /// Why the source cannot be used as a mirror URL (for CT3004), or null when it can; which schemes
    /// are mirrors is the source kinds' decision. A URL with a user name or password is refused:
    /// credentials come from the environment, never from project files, so they never reach logs,
    /// reports or the cache.
    /// </summary>
    public static string? Problem(string source)
    {
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri))
        {
            return Messages.MirrorUrlNotUrl;
        }

        if (uri.UserInfo.Length > 0)
        {
            return Messages.MirrorUrlUserInfo;
        }

        if (!uri.IsFile && uri.Query.Length > 0)
        {
            return Messages.MirrorUrlQuery;
        }

        if (!uri.IsFile && uri.Host.Length == 0)
        {
            return Messages.MirrorUrlNotUrl;
        }

        // An S3 URL names a bucket, never a server: where the bucket is served comes from endpoint_url or S3_ENDPOINT_URL.
        if (uri.Scheme == S3Scheme && (!uri.IsDefaultPort || uri.Fragment.Length > 0))
        {
            return Messages.MirrorUrlNotUrl;
        }

        return null;
    }

    /// <summary>Parses a source; null when it cannot be used (<see cref="Problem"/> says why).</summary>
    public static MirrorUrl? Parse(string source)
    {
        if (Problem(source) is not null)
        {
            return null;
        }

        var uri = new Uri(source, UriKind.Absolute);
        var text = uri.IsFile
            ? FileText(uri)
            : uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
        var normalized = new Uri(text);
        return new MirrorUrl(normalized, text, NameOf(normalized));
    }

    /// <summary>The URL of a file under the mirror, from path segments relative to its root.</summary>
    public Uri Combine(params string[] segments) =>
        new(Text + "/" + string.Join("/", segments.Select(Uri.EscapeDataString)));

    /// <summary>The source with any user name and password replaced by <c>***</c>, for messages.</summary>
    public static string Redact(string source)
    {
        var scheme = source.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return source;
        }

        var authorityEnd = source.IndexOfAny(['/', '?', '#'], scheme + 3);
        var authority = authorityEnd < 0 ? source.Substring(scheme + 3) : source.Substring(scheme + 3, authorityEnd - scheme - 3);
        var at = authority.LastIndexOf('@');
        return at < 0 ? source : source.Remove(scheme + 3, at).Insert(scheme + 3, "***");
    }

    public override string ToString() => Text;

    private static string FileText(Uri uri)
    {
        var local = uri.LocalPath.TrimEnd('/', '\\');
        return new Uri(local.Length == 0 ? uri.LocalPath : local).AbsoluteUri;
    }

    private static string NameOf(Uri uri)
    {
        var segments = uri.AbsolutePath.Split(['/'], StringSplitOptions.RemoveEmptyEntries);
        var last = segments.Length == 0 ? uri.Host : Uri.UnescapeDataString(segments[segments.Length - 1]);
        var safe = new string(last.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('.');
        return safe.Length == 0 ? "mirror" : safe;
    }
}
