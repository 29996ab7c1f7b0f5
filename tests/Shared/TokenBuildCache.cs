using Microsoft.AspNetCore.Http;

namespace CacheTasks.Testing;

/// <summary>
/// A token-protected HTTPS build cache for one test, as companies run one: a layout-v3 mirror on a
/// cache host (<c>https://127.0.0.1:port/name</c>) that answers only <c>Authorization: Bearer &lt;token&gt;</c>
/// (anything else: 401 with an RFC 6750 challenge, whose realm names a protection space), and that
/// redirects the index blob to a storage host (<c>https://localhost:port2</c>, a pre-signed URL) which
/// answers anyone holding the address. Both use the server certificate of one
/// <see cref="TestCertificateAuthority"/>; each server records who was sent which Authorization.
/// </summary>
public sealed class TokenBuildCache : IDisposable
{
    private readonly IReadOnlyDictionary<string, byte[]> _files;

    public TokenBuildCache(TestCertificateAuthority authority, string token, string name, byte[] index)
    {
        (_files, BlobPath) = MirrorTestServer.V3Mirror(name, index);
        Storage = new HttpsTestServer(authority.Server, Serve);
        Cache = new HttpsTestServer(authority.Server, context =>
        {
            if (context.Request.Headers.Authorization != "Bearer " + token)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"company-build-cache\", error=\"invalid_token\"";
                return Task.CompletedTask;
            }

            if (context.Request.Path == BlobPath)
            {
                context.Response.Redirect(Storage.Url("localhost") + BlobPath + "?signature=presigned");
                return Task.CompletedTask;
            }

            return Serve(context);
        });
        Url = Cache.BaseUrl + "/" + name;
    }

    /// <summary>The mirror's URL as a user writes it in SpackCatalog.</summary>
    public string Url { get; }

    /// <summary>The index blob's path, on the cache host (which redirects it) and on the storage host.</summary>
    public string BlobPath { get; }

    public HttpsTestServer Cache { get; }

    public HttpsTestServer Storage { get; }

    public void Dispose()
    {
        Cache.Dispose();
        Storage.Dispose();
    }

    private Task Serve(HttpContext context)
    {
        if (!_files.TryGetValue(context.Request.Path.Value ?? string.Empty, out var content))
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }

        context.Response.ContentLength = content.Length;
        return context.Response.Body.WriteAsync(content).AsTask();
    }
}
