using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace CacheTasks.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener, a free port) that serves Spack build-cache mirrors in
/// both layouts from memory, with ETags and If-None-Match, faults to inject per path, and counters of
/// the requests and bodies it served.
/// </summary>
public sealed class MirrorTestServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MirrorFault> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _bodies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _writes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public MirrorTestServer()
    {
        Port = LoopbackPort.Listen(_listener);
        _loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Delay before each answer to a blob or index request, so that parallel clients overlap.</summary>
    public TimeSpan IndexDelay { get; set; }

    /// <summary>The mirror URL for a name served here.</summary>
    public string MirrorUrl(string name) => $"{BaseUrl}/{name}";

    /// <summary>Serves <paramref name="index"/> as a layout-v2 mirror: build_cache/index.json and its .hash.</summary>
    public void AddLegacyMirror(string name, byte[] index, bool withHashFile = true)
    {
        _files[$"/{name}/build_cache/index.json"] = index;
        if (withHashFile)
        {
            _files[$"/{name}/build_cache/index.json.hash"] = Encoding.ASCII.GetBytes(Sha256(index));
        }
        else
        {
            _files.TryRemove($"/{name}/build_cache/index.json.hash", out _);
        }
    }

    /// <summary>Serves <paramref name="index"/> as a layout-v3 mirror: an index manifest naming a blob. Returns the blob's path.</summary>
    public string AddV3Mirror(string name, byte[] index, bool gzip = false, bool clearSigned = false)
    {
        var (files, blobPath) = V3Mirror(name, index, gzip, clearSigned);
        foreach (var (path, content) in files)
        {
            _files[path] = content;
        }

        return blobPath;
    }

    /// <summary>The files of a layout-v3 mirror under <c>/name/</c> (the index manifest and the blob it names), for any server to serve; and the blob's path.</summary>
    public static (IReadOnlyDictionary<string, byte[]> Files, string BlobPath) V3Mirror(string name, byte[] index, bool gzip = false, bool clearSigned = false)
    {
        var blob = gzip ? Gzip(index) : index;
        var checksum = Sha256(blob);
        var blobPath = $"/{name}/blobs/sha256/{checksum.Substring(0, 2)}/{checksum}";
        var manifest = $$"""
            {"version":3,"data":[
            {"contentLength":{{blob.Length}},"mediaType":"application/vnd.spack.db.v8+json","compression":"{{(gzip ? "gzip" : "none")}}","checksumAlgorithm":"sha256","checksum":"{{checksum}}"}
            ]}
            """;
        if (clearSigned)
        {
            manifest = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" + manifest + "\n-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCgAdFiEE\n=abcd\n-----END PGP SIGNATURE-----\n";
        }

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [blobPath] = blob,
            [$"/{name}/v3/manifests/index/index.manifest.json"] = Encoding.UTF8.GetBytes(manifest),
        };
        return (files, blobPath);
    }

    /// <summary>Replaces a file's bytes (e.g. a blob that no longer matches its checksum).</summary>
    public void SetFile(string path, byte[] content) => _files[path] = content;

    /// <summary>
    /// The file written again with the same bytes, as <c>spack buildcache update-index</c> rewrites an
    /// unchanged index: servers whose ETag comes from the file's time (nginx, Apache) then give a new one.
    /// </summary>
    public void Rewrite(string path) => _writes.AddOrUpdate(path, 1, (_, n) => n + 1);

    public void Remove(string path) => _files.TryRemove(path, out _);

    public void SetFault(string path, MirrorFault fault) => _faults[path] = fault;

    /// <summary>Every request for the path, whatever the answer.</summary>
    public int Requests(string path) => _requests.TryGetValue(path, out var n) ? n : 0;

    /// <summary>Answers with a body (200) for the path: what a warm build must not cause.</summary>
    public int Bodies(string path) => _bodies.TryGetValue(path, out var n) ? n : 0;

    public int TotalBodies => _bodies.Values.Sum();

    public int TotalRequests => _requests.Values.Sum();

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task AcceptLoop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Serve(context));
        }
    }

    private async Task Serve(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        var response = context.Response;
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        try
        {
            var fault = _faults.TryGetValue(path, out var f) ? f : MirrorFault.None;
            if (fault == MirrorFault.Hang)
            {
                await Task.Delay(Timeout.Infinite, _stopping.Token);
            }

            if (IndexDelay > TimeSpan.Zero && (path.Contains("/blobs/", StringComparison.Ordinal) || path.EndsWith("index.json", StringComparison.Ordinal)))
            {
                await Task.Delay(IndexDelay, _stopping.Token);
            }

            if (fault == MirrorFault.ServerError)
            {
                response.StatusCode = 500;
                response.Close();
                return;
            }

            if (!_files.TryGetValue(path, out var content))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }

            var etag = $"\"{Sha256(content).Substring(0, 16)}-{(_writes.TryGetValue(path, out var writes) ? writes : 0)}\"";
            if (context.Request.Headers["If-None-Match"] == etag)
            {
                response.StatusCode = 304;
                response.Close();
                return;
            }

            response.StatusCode = 200;
            response.Headers["ETag"] = etag;
            response.ContentLength64 = content.Length;
            _bodies.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (fault == MirrorFault.Truncated)
            {
                await response.OutputStream.WriteAsync(content.AsMemory(0, content.Length / 2), _stopping.Token);
                await response.OutputStream.FlushAsync(_stopping.Token);
                response.Abort();
                return;
            }

            await response.OutputStream.WriteAsync(content, _stopping.Token);
            response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException)
        {
            response.Abort();
        }
    }
}
