using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace CacheTasks.Testing;

/// <summary>
/// The token service of a registry that uses Docker's token authentication, for one test: an
/// <see cref="HttpListener"/> on 127.0.0.1 answering <c>GET /token?service=…&amp;scope=…</c> with
/// <c>{"token": JWT, "expires_in": N}</c>. The JWT is signed RS256 with a key whose self-signed
/// certificate travels in the header's <c>x5c</c>; docker-registry 2.8 checks that chain against its
/// <c>rootcertbundle</c> (<see cref="CertificateBundle"/>), the issuer, the audience (the service) and the
/// access claims. With a user and password the service asks for them (Basic), as ghcr.io's does; it
/// counts every request, so a test sees how often a client asked.
/// </summary>
public sealed class OciTokenIssuer : IDisposable
{
    public const string Service = "cachetasks-test-registry";

    public const string Issuer = "cachetasks-test-issuer";

    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly RSA _foreignKey = RSA.Create(2048);
    private readonly ConcurrentQueue<OciTokenRequest> _requests = new();
    private readonly ConcurrentQueue<string> _issued = new();
    private readonly string? _user;
    private readonly string? _password;
    private readonly Task _serving;

    /// <summary>A token service; with a user and password, one that answers 401 to any other credentials or none.</summary>
    public OciTokenIssuer(string bundleFolder, string? user = null, string? password = null)
    {
        _user = user;
        _password = password;
        var request = new CertificateRequest("CN=CacheTasks test token issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificateBundle = Path.Combine(bundleFolder, "token-issuer.pem");
        File.WriteAllText(CertificateBundle, new string(PemEncoding.Write("CERTIFICATE", _certificate.RawData)) + "\n");

        Port = LoopbackPort.Listen(_listener);
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The realm a registry's challenge names.</summary>
    public string Realm => $"http://127.0.0.1:{Port}/token";

    /// <summary>The PEM file of the signing certificate, the registry's <c>rootcertbundle</c>.</summary>
    public string CertificateBundle { get; }

    /// <summary>How long an issued token is valid, in the answer's <c>expires_in</c> and the JWT's <c>exp</c>.</summary>
    public int ExpiresInSeconds { get; set; } = 300;

    /// <summary>Signs tokens with a key the registry does not trust (a token service that hands out tokens the registry refuses).</summary>
    public bool SignWithForeignKey { get; set; }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<OciTokenRequest> Requests => [.. _requests];

    /// <summary>Every token handed out (the JWT text), for the tests that prove none is written to a file.</summary>
    public IReadOnlyList<string> Issued => [.. _issued];

    /// <summary>A token for <paramref name="repository"/> with <paramref name="actions"/>, made without a request (the test's own pushes, a token a CI job was given).</summary>
    public string Sign(string repository, string subject, params string[] actions)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object>
        {
            ["typ"] = "JWT",
            ["alg"] = "RS256",
            ["x5c"] = new[] { Convert.ToBase64String(_certificate.RawData) },
        };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = Service,
            ["exp"] = now + ExpiresInSeconds,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = new[] { new Dictionary<string, object> { ["type"] = "repository", ["name"] = repository, ["actions"] = actions } },
        };
        var signed = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = (SignWithForeignKey ? _foreignKey : _key).SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url(signature);
    }

    /// <summary>Stops answering: the token service is down from now on (the registry still runs).</summary>
    public void Stop()
    {
        if (_listener.IsListening)
        {
            _listener.Stop();
        }
    }

    public void Dispose()
    {
        Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }

        _certificate.Dispose();
        _key.Dispose();
        _foreignKey.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Answer(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away; the next request is served all the same.
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var query = context.Request.QueryString;
        var (user, password) = BasicCredentials(context.Request.Headers["Authorization"]);
        var request = new OciTokenRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, query["service"], query["scope"], user, password is not null);
        _requests.Enqueue(request);
        using var response = context.Response;
        if (request.Path != "/token" || request.Method != "GET")
        {
            response.StatusCode = 404;
            return;
        }

        if (_user is not null && (user != _user || password != _password))
        {
            response.StatusCode = 401;
            response.AddHeader("WWW-Authenticate", "Basic realm=\"cachetasks-test-issuer\"");
            return;
        }

        // scope = repository:<name>:<actions>; a name may itself hold ':' only in a port, which repositories have not.
        var parts = (request.Scope ?? string.Empty).Split(':');
        var repository = parts.Length == 3 && parts[0] == "repository" ? parts[1] : string.Empty;
        var actions = parts.Length == 3 ? parts[2].Split(',').Where(a => a == "pull").ToArray() : [];
        var token = Sign(repository, user ?? string.Empty, actions);
        _issued.Enqueue(token);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["token"] = token, ["expires_in"] = ExpiresInSeconds, ["issued_at"] = DateTimeOffset.UtcNow.ToString("o") });
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body, 0, body.Length);
    }

    private static (string? User, string? Password) BasicCredentials(string? header)
    {
        const string Scheme = "Basic ";
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        var text = Encoding.UTF8.GetString(Convert.FromBase64String(header.Substring(Scheme.Length).Trim()));
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (text, null) : (text.Substring(0, colon), text.Substring(colon + 1));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
