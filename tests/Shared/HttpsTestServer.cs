using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CacheTasks.Testing;

/// <summary>
/// A real HTTPS server for one test: ASP.NET Core's Kestrel on 127.0.0.1 (a free port), with a
/// certificate a <see cref="TestCertificateAuthority"/> issued, answering every request with the
/// test's handler. HttpListener, the tests' plain-http server, has no TLS on Linux. Every request is
/// recorded with the host it was sent to and its Authorization header, so a test sees which server
/// was sent which credentials.
/// </summary>
public sealed class HttpsTestServer : IDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<HttpsTestRequest> _requests = new();

    public HttpsTestServer(X509Certificate2 certificate, Func<HttpContext, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        _app = builder.Build();
        _app.Run(async context =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            _requests.Enqueue(new HttpsTestRequest(context.Request.Host.Host, context.Request.Path.Value ?? string.Empty, authorization.Length == 0 ? null : authorization));
            await handle(context);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    public int Port { get; }

    /// <summary>The server as <c>https://127.0.0.1:port</c>; <see cref="Url"/> with another host name for the same server.</summary>
    public string BaseUrl => Url("127.0.0.1");

    public string Url(string host) => $"https://{host}:{Port}";

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<HttpsTestRequest> Requests => [.. _requests];

    /// <summary>Stops answering: the server is down from now on.</summary>
    public void Stop() => _app.StopAsync().GetAwaiter().GetResult();

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
