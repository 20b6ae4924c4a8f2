using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting;

/// <summary>How a resource is known healthy. One definition: polled locally, written as compose and Kubernetes probes.</summary>
internal static class HealthCheckExtensions
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each check has its own deadline
    };

    /// <summary>
    /// Healthy when GET <paramref name="path"/> on the endpoint answers <paramref name="statusCode"/>.
    /// <code>api.WithHttpHealthCheck("/health")</code>
    /// </summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health", int statusCode = 200, string? endpointName = null)
        where T : IResourceWithEndpoints
    {
        var endpoint = endpointName ?? FirstHttpEndpoint(builder.Resource);
        if (endpoint is null) return builder.WithProblem($"'{builder.Resource.Name}' has no HTTP endpoint to check; call WithHttpEndpoint() before WithHttpHealthCheck().");
        return builder.WithAnnotation(new HealthCheckAnnotation($"GET {path}", async (ctx, ct) =>
        {
            var reference = new EndpointReference(builder.Resource, endpoint);
            // Asked once the port accepts connections: HttpClient's failure on a closed port is the costly part of a start.
            if (await Orchestration.LoopbackPort.NotListeningAsync(reference, ctx.Resolver, ct).ConfigureAwait(false) is { } waiting)
                return HealthCheckResult.Unhealthy(waiting);
            var url = await reference.Property(EndpointProperty.Url).GetValueAsync(ctx.Resolver, ct).ConfigureAwait(false);
            try
            {
                using var response = await Http.GetAsync(url + path, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                return (int)response.StatusCode == statusCode
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"answered {(int)response.StatusCode}, expected {statusCode}");
            }
            catch (HttpRequestException e)
            {
                return HealthCheckResult.Unhealthy(e.InnerException?.Message ?? e.Message);
            }
        }, new HttpHealthProbe(endpoint, path, statusCode)));
    }

    /// <summary>Healthy when the endpoint accepts TCP connections: <c>.WithTcpHealthCheck("tcp")</c>.</summary>
    public static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> builder, string? endpointName = null) where T : IResourceWithEndpoints
    {
        var endpoint = endpointName ?? builder.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault()?.Name;
        if (endpoint is null) return builder.WithProblem($"'{builder.Resource.Name}' has no endpoint to check; add one before WithTcpHealthCheck().");
        return builder.WithAnnotation(new HealthCheckAnnotation($"tcp {endpoint}", async (ctx, ct) =>
        {
            var waiting = await Orchestration.LoopbackPort.NotListeningAsync(new EndpointReference(builder.Resource, endpoint), ctx.Resolver, ct).ConfigureAwait(false);
            return waiting is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(waiting);
        }, new TcpHealthProbe(endpoint)));
    }

    /// <summary>
    /// Healthy when a check registered with Microsoft.Extensions.Diagnostics.HealthChecks passes:
    /// <code>builder.Services.AddHealthChecks().AddCheck&lt;QueueCheck&gt;("queue"); worker.WithHealthCheck("queue");</code>
    /// </summary>
    public static IResourceBuilder<T> WithHealthCheck<T>(this IResourceBuilder<T> builder, string key) where T : IResource
        => builder.WithAnnotation(new HealthCheckAnnotation(key, async (ctx, ct) =>
        {
            var registrations = ctx.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
            var registration = registrations.FirstOrDefault(r => r.Name == key)
                ?? throw new DistributedApplicationException($"No health check named '{key}' is registered; add it with builder.Services.AddHealthChecks().AddCheck(\"{key}\", ...).");
            var check = registration.Factory(ctx.Services);
            return await check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, ct).ConfigureAwait(false);
        }));

    /// <summary>Healthy when the delegate says so: <c>.WithHealthCheck("ready-file", async ct => File.Exists(path) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("no file"))</c>.</summary>
    public static IResourceBuilder<T> WithHealthCheck<T>(this IResourceBuilder<T> builder, string name, Func<CancellationToken, Task<HealthCheckResult>> check) where T : IResource
        => builder.WithAnnotation(new HealthCheckAnnotation(name, (_, ct) => check(ct)));

    /// <summary>Healthy when the delegate says so; it gets the replica and a resolver for local addresses.</summary>
    public static IResourceBuilder<T> WithHealthCheck<T>(this IResourceBuilder<T> builder, string name, Func<HealthCheckContextForResource, CancellationToken, Task<HealthCheckResult>> check, HealthProbe? probe = null) where T : IResource
        => builder.WithAnnotation(new HealthCheckAnnotation(name, check, probe));

    private static string? FirstHttpEndpoint(IResource resource)
        => resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.IsHttp)?.Name;
}
