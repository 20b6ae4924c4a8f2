using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Orchestration.NativeRuntime.Lowering;

/// <summary>
/// Runs the health checks Aspire's integrations registered (<c>HealthCheckAnnotation</c> keys), so Aspire's own
/// Npgsql and Redis checks decide health. Each check is made once and reused: their factories build clients
/// and connection pools. Run directly rather than through <see cref="HealthCheckService"/>, which logs every
/// failed poll of a starting server as an error.
/// </summary>
internal sealed class AspireHealthChecks(IServiceProvider aspireServices)
{
    private readonly ConcurrentDictionary<string, (HealthCheckRegistration Registration, IHealthCheck Check)> _checks = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs the check. With <paramref name="listeningPort"/> (a server a recipe runs), only once the port accepts a
    /// connection: a client's connect to a server not listening yet costs it hundreds of milliseconds (StackExchange.Redis,
    /// Npgsql), a refused TCP connect well under one.
    /// </summary>
    public async Task<HealthCheckResult> CheckAsync(string key, int? listeningPort, CancellationToken cancellationToken)
    {
        if (listeningPort is { } port && !await IsListeningAsync(port, cancellationToken).ConfigureAwait(false))
            return HealthCheckResult.Unhealthy($"not listening on port {port} yet");
        var (registration, check) = _checks.GetOrAdd(key, Create);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (registration.Timeout != Timeout.InfiniteTimeSpan) timeout.CancelAfter(registration.Timeout);
        return await check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, timeout.Token).ConfigureAwait(false);
    }

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private (HealthCheckRegistration, IHealthCheck) Create(string key)
    {
        var registration = aspireServices.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.FirstOrDefault(r => r.Name == key)
            ?? throw new Orchestration.Hosting.DistributedApplicationException($"No health check named '{key}' is registered; add it with builder.Services.AddHealthChecks().AddCheck(\"{key}\", ...).");
        return (registration, registration.Factory(aspireServices));
    }
}
