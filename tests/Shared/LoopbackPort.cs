using System.Net;
using System.Net.Sockets;

namespace CacheTasks.Testing;

/// <summary>Free ports on 127.0.0.1 for the servers tests start.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on now (another process may take it before the caller binds it).</summary>
    public static int Free()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Starts <paramref name="listener"/> on a free port and returns it; HttpListener takes no port 0, so a taken port is retried.</summary>
    public static int Listen(HttpListener listener)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Free();
            listener.Prefixes.Clear();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return port;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
    }
}
