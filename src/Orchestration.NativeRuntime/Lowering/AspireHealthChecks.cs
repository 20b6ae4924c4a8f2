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
    private readonly ConcurrentDictionary<string, RegisteredCheck> _checks = new(StringComparer.Ordinal);

    /// <summary>A class, not a tuple: a dictionary of tuples is generic code compiled at run time, on the way to the first process.</summary>
    private sealed record RegisteredCheck(HealthCheckRegistration Registration, IHealthCheck Check);

    /// <summary>
    /// Runs the check. With <paramref name="listeningPort"/> (a recipe's server, or the endpoint of Aspire's HTTP check),
    /// only once the port accepts a connection: until then the client's attempt is the costly part of a start
    /// (StackExchange.Redis and Npgsql take hundreds of milliseconds over a server not listening yet; Aspire's HTTP check
    /// goes through HttpClient's handlers and an exception every poll).
    /// </summary>
    public async Task<HealthCheckResult> CheckAsync(string key, int? listeningPort, CancellationToken cancellationToken)
    {
        if (listeningPort is { } port
            && await Orchestration.Hosting.Orchestration.LoopbackPort.NotListeningAsync(port, cancellationToken).ConfigureAwait(false) is { } waiting)
            return HealthCheckResult.Unhealthy(waiting);
        var (registration, check) = _checks.GetOrAdd(key, Create);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (registration.Timeout != Timeout.InfiniteTimeSpan) timeout.CancelAfter(registration.Timeout);
        return await check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, timeout.Token).ConfigureAwait(false);
    }

    private RegisteredCheck Create(string key)
    {
        var registration = aspireServices.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.FirstOrDefault(r => r.Name == key)
            ?? throw new Orchestration.Hosting.DistributedApplicationException($"No health check named '{key}' is registered; add it with builder.Services.AddHealthChecks().AddCheck(\"{key}\", ...).");
        return new(registration, registration.Factory(aspireServices));
    }
}
