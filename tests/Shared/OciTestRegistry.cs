using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CacheTasks.Testing;

/// <summary>
/// A real OCI registry for one test: Debian's <c>docker-registry</c> on 127.0.0.1 on a free port, its
/// storage in a temporary folder, stopped and removed when disposed. Without the binary the test skips
/// (CI, which installs it in .ci/run, fails instead). Indexes are pushed as Spack's
/// <c>spack buildcache update-index</c> pushes them: blob uploads (POST then PUT with the digest), a config
/// blob, and a manifest tagged <c>index.spack</c> whose one layer is the index.
/// </summary>
public sealed class OciTestRegistry : IDisposable
{
    private const string Executable = "/usr/bin/docker-registry";

    private readonly TemporaryDirectory _data = TestEnvironment.CreateTemporaryDirectory();
    private readonly StringBuilder _output = new();
    private readonly Process? _process;
    private readonly HttpClient _http;
    private readonly string _scheme;

    private readonly OciTokenIssuer? _issuer;

    /// <summary>
    /// A registry; with a user and password, one that asks for them (htpasswd Basic authentication), pushes
    /// included; with <paramref name="tls"/>, one that speaks only TLS (<c>http.tls</c>) with the server
    /// certificate of that CA, read as <c>oci://</c>.
    /// </summary>
    public OciTestRegistry(string? user = null, string? password = null, TestCertificateAuthority? tls = null)
        : this(user, password, null, tls, null)
    {
    }

    /// <summary>
    /// A registry with Docker's token authentication: every request needs a Bearer token that
    /// <paramref name="issuer"/> signed (its certificate is the registry's root bundle); a request without
    /// one gets a 401 whose challenge names the issuer's realm, the service and the scope.
    /// </summary>
    /// <remarks>
    /// With <paramref name="tls"/>, over TLS; <paramref name="realm"/> is the realm the challenge names
    /// instead of the issuer's own (its address behind a TLS front).
    /// </remarks>
    public OciTestRegistry(OciTokenIssuer issuer, TestCertificateAuthority? tls = null, string? realm = null)
        : this(null, null, issuer, tls, realm)
    {
    }

    private OciTestRegistry(string? user, string? password, OciTokenIssuer? issuer, TestCertificateAuthority? tls, string? realm)
    {
        _issuer = issuer;
        _http = new HttpClient(tls?.TrustingHandler() ?? new HttpClientHandler()) { Timeout = TimeSpan.FromSeconds(30) };
        _scheme = tls is null ? "http" : "https";
        if (!File.Exists(Executable))
        {
            _data.Dispose();
            TestEnvironment.SkipOrFail("docker-registry is not installed (apt-get install docker-registry; .ci/run installs it)");
        }

        var auth = string.Empty;
        if (user is not null && password is not null)
        {
            _data.Write("htpasswd", Htpasswd(user, password));
            auth = $"""

                auth:
                  htpasswd:
                    realm: cachetasks-test
                    path: {_data.Combine("htpasswd")}
                """;
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        }

        if (issuer is not null)
        {
            auth = $"""

                auth:
                  token:
                    realm: {realm ?? issuer.Realm}
                    service: {OciTokenIssuer.Service}
                    issuer: {OciTokenIssuer.Issuer}
                    rootcertbundle: {issuer.CertificateBundle}
                """;
        }

        Port = LoopbackPort.Free();
        var config = _data.Write("config.yml", $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {_data.Combine("storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}
            """ + (tls is null ? string.Empty : $"""

              tls:
                certificate: {tls.ServerCertificateFile}
                key: {tls.ServerKeyFile}
            """) + auth);
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "serve", config },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _data.Path,
        };
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    public int Port { get; }

    /// <summary>The build cache's URL as a user writes it in SpackCatalog.</summary>
    public string Url(string repository) => _scheme == "https" ? $"oci://127.0.0.1:{Port}/{repository}" : $"oci+http://127.0.0.1:{Port}/{repository}";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Pushes <paramref name="index"/> as the repository's <c>index.spack</c>; returns the layer's sha256.</summary>
    public string PushIndex(string repository, byte[] index) => PushIndex(repository, index, index.Length);

    /// <summary>
    /// The same, with the layer's <c>size</c> in the manifest given (the registry does not check it): a
    /// manifest that announces more or fewer bytes than the blob holds.
    /// </summary>
    public string PushIndex(string repository, byte[] index, long layerSize)
    {
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""");
        var configDigest = PushBlob(repository, config);
        var indexDigest = PushBlob(repository, index);
        var manifest = $$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{{configDigest}}","size":{{config.Length}}},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{{indexDigest}}","size":{{layerSize}}}]}
            """;
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(manifest));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        using var request = Request(HttpMethod.Put, Api(repository, "manifests/index.spack"), repository, content);
        using var response = _http.SendAsync(request).GetAwaiter().GetResult();
        Ensure(response, HttpStatusCode.Created);
        return indexDigest;
    }

    /// <summary>Deletes a blob through the registry's API: a manifest that names it points to nothing from now on.</summary>
    public void DeleteBlob(string repository, string sha256)
    {
        using var request = Request(HttpMethod.Delete, Api(repository, "blobs/sha256:" + sha256), repository, null);
        using var response = _http.SendAsync(request).GetAwaiter().GetResult();
        Ensure(response, HttpStatusCode.Accepted);
    }

    /// <summary>Uploads a blob as Spack's <c>upload_blob</c> does (POST for a location, PUT with the digest); returns its sha256.</summary>
    public string PushBlob(string repository, byte[] blob)
    {
        var digest = MirrorTestServer.Sha256(blob);
        using var empty = new ByteArrayContent([]);
        using var post = Request(HttpMethod.Post, Api(repository, "blobs/uploads/"), repository, empty);
        using var started = _http.SendAsync(post).GetAwaiter().GetResult();
        Ensure(started, HttpStatusCode.Accepted);
        var location = new Uri(new Uri($"{_scheme}://127.0.0.1:{Port}"), started.Headers.Location!).ToString();
        var put = location + (location.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "digest=sha256:" + digest;
        using var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = Request(HttpMethod.Put, new Uri(put), repository, content);
        using var done = _http.SendAsync(request).GetAwaiter().GetResult();
        Ensure(done, HttpStatusCode.Created);
        return digest;
    }

    /// <summary>Overwrites the stored blob's bytes (the registry's files, as a corrupted or tampered store would hold them).</summary>
    public void CorruptBlob(string sha256, byte[] content)
    {
        var path = Path.Combine(_data.Path, "storage", "docker", "registry", "v2", "blobs", "sha256", sha256.Substring(0, 2), sha256, "data");
        File.WriteAllBytes(path, content);
    }

    /// <summary>Stops the registry: the build cache is down from now on.</summary>
    public void Stop()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
        _http.Dispose();
        _data.Dispose();
    }

    // The test pushes as the registry's owner: with token authentication, with a token it signs itself for the repository.
    private HttpRequestMessage Request(HttpMethod method, Uri url, string repository, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (_issuer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _issuer.Sign(repository, "owner", "pull", "push", "delete", "*"));
        }

        return request;
    }

    private Uri Api(string repository, string rest) => new($"{_scheme}://127.0.0.1:{Port}/v2/{repository}/{rest}");

    private void Ensure(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}\n{Output}");
        }
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited: {Output}");
            }

            try
            {
                using var response = _http.GetAsync(new Uri($"{_scheme}://127.0.0.1:{Port}/v2/")).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Thread.Sleep(100);
        }

        Dispose();
        throw new InvalidOperationException($"docker-registry did not start within 60 s: {Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>A bcrypt htpasswd line (the only kind the registry accepts), made by apache2-utils' htpasswd.</summary>
    private string Htpasswd(string user, string password)
    {
        const string Tool = "/usr/bin/htpasswd";
        if (!File.Exists(Tool))
        {
            _data.Dispose();
            TestEnvironment.SkipOrFail("htpasswd is not installed (apt-get install apache2-utils; .ci/run installs it)");
        }

        var start = new ProcessStartInfo(Tool) { ArgumentList = { "-Bbn", user, password }, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = _data.Path };
        using var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? line.Trim() + "\n" : throw new InvalidOperationException($"htpasswd exited with {process.ExitCode}");
    }
}
