using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// How a resource is known healthy. The local runner calls <see cref="CheckAsync"/>; publishers turn
/// <see cref="Probe"/> (when set) into a compose <c>healthcheck</c> and Kubernetes probes, so one
/// definition serves all three.
/// </summary>
internal sealed class HealthCheckAnnotation(
    string name,
    Func<HealthCheckContextForResource, CancellationToken, Task<HealthCheckResult>> check,
    HealthProbe? probe = null) : IResourceAnnotation
{
    /// <summary>A name for messages ("http /health", "postgres query", ...).</summary>
    public string Name { get; } = name;

    /// <summary>The portable form of the check, or null when it only exists locally (a delegate).</summary>
    public HealthProbe? Probe { get; } = probe;

    /// <summary>Runs the check once against one running replica.</summary>
    public Task<HealthCheckResult> CheckAsync(HealthCheckContextForResource context, CancellationToken cancellationToken)
        => check(context, cancellationToken);
}

/// <summary>What a health check gets: the resource, which replica, and how to resolve its values locally.</summary>
internal sealed class HealthCheckContextForResource(IResource resource, int replica, ValueResolver resolver, IServiceProvider services)
{
    /// <summary>The resource being checked.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>Which replica (0 for the first).</summary>
    public int Replica { get; } = replica;

    /// <summary>Resolves endpoints and parameters to their local values.</summary>
    public ValueResolver Resolver { get; } = resolver;

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; } = services;
}

/// <summary>The portable description of a health check, read by publishers.</summary>
internal abstract record HealthProbe;

/// <summary>An HTTP GET that must answer <paramref name="StatusCode"/>.</summary>
internal sealed record HttpHealthProbe(string EndpointName, string Path, int StatusCode = 200) : HealthProbe;

/// <summary>The endpoint accepts TCP connections.</summary>
internal sealed record TcpHealthProbe(string EndpointName) : HealthProbe;

/// <summary>A command inside the container that exits 0 when healthy (<c>pg_isready</c>, <c>redis-cli ping</c>).</summary>
internal sealed record ExecHealthProbe(IReadOnlyList<string> Command) : HealthProbe;
