namespace CacheTasks.Mirrors;

/// <summary>
/// Where an <c>oci://host/repository</c> build cache lives in the registry API, as Spack's
/// <c>spack.oci.image.ImageReference</c> names it: <c>https://host/v2/&lt;repository&gt;/manifests/&lt;tag&gt;</c>
/// and <c>…/blobs/&lt;digest&gt;</c>; <c>oci+http://</c> is the same over plain http (a registry without
/// TLS, as Spack 1.1 reads it).
/// </summary>
internal sealed class OciRepository
{
    /// <summary>The tag Spack pushes the build-cache index to (<c>spack.oci.image.default_index_tag</c>).</summary>
    public const string IndexTag = "index.spack";

    public const string PlainHttpScheme = "oci+http";

    private readonly string _api;

    public OciRepository(MirrorUrl url)
    {
        var scheme = string.Equals(url.Uri.Scheme, PlainHttpScheme, StringComparison.OrdinalIgnoreCase) ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
        Name = url.Uri.AbsolutePath.Trim('/');
        _api = scheme + "://" + url.Uri.Authority + "/v2/" + Name;
    }

    /// <summary>The repository's path in the registry (<c>org/buildcache</c>).</summary>
    public string Name { get; }

    public Uri Manifest(string tag) => new(_api + "/manifests/" + Uri.EscapeDataString(tag));

    public Uri Blob(string sha256) => new(_api + "/blobs/sha256:" + sha256);
}
