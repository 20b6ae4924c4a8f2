using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Orchestration.Dashboard;

/// <summary>Which of the dashboard's three ports an endpoint answers on.</summary>
internal enum DashboardListener
{
    Browser,
    OtlpGrpc,
    OtlpHttp,
}

/// <summary>
/// The three Kestrel listeners. Kestrel writes the bound port back into each listener's options, so
/// with port 0 the real port is known as soon as it is bound. Every endpoint is tagged with its
/// listener and answers only there: the JSON API is not reachable on the OTLP ports, nor OTLP on the page's.
/// </summary>
internal sealed class DashboardListeners
{
    private readonly Dictionary<DashboardListener, ListenOptions> _listeners = [];
    private readonly Dictionary<DashboardListener, int> _reserved = [];

    public void Set(DashboardListener listener, ListenOptions options) => _listeners[listener] = options;

    public int PortOf(DashboardListener listener) =>
        _listeners.TryGetValue(listener, out var options) && options.IPEndPoint?.Port is > 0 and var bound ? bound : _reserved.GetValueOrDefault(listener);

    /// <summary>Whether the ports were checked before listening (<see cref="Reserve"/>).</summary>
    public bool Reserved => _reserved.Count > 0;

    /// <summary>
    /// Checks a fixed port free before Kestrel starts and remembers it. A taken port throws
    /// <see cref="System.Net.Sockets.SocketException"/> now, before anything depends on the dashboard.
    /// </summary>
    public void Reserve(DashboardListener listener, int port)
    {
        // Bound and never listened on, so closing it leaves nothing behind (no TIME_WAIT) for Kestrel to trip on.
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
        _reserved[listener] = port;
    }

    /// <summary>Middleware: a request for an endpoint of another listener is answered 404, as if the route did not exist.</summary>
    public async Task EnforceAsync(HttpContext context, Func<Task> next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<DashboardListenerMetadata>() is { } wanted
            && PortOf(wanted.Listener) != context.Connection.LocalPort)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await next();
    }
}

/// <summary>Endpoint metadata: the listener the endpoint belongs to.</summary>
internal sealed record DashboardListenerMetadata(DashboardListener Listener);
