using Microsoft.Extensions.Diagnostics.HealthChecks;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Lowering;

/// <summary>
/// Aspire's <c>WithHttpHealthCheck</c> for one replica: the same GET, status and endpoint, sent to the replica's own
/// port (the check's resolver resolves the resource's own endpoint to the replica being checked). Aspire's registered
/// check would ask the one allocated address, which is the proxy, and so whichever replica is next.
/// </summary>
internal static class ReplicaHealthCheck
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(5), // a replica that hangs must not stall its own polling
    };

    public static void Add(NativeModel.IResourceWithEndpoints resource, string key, NativeModel.HttpHealthProbe probe) =>
        resource.Annotations.Add(new NativeModel.HealthCheckAnnotation(key, async (context, cancellationToken) =>
        {
            var url = await new NativeModel.EndpointReference(resource, probe.EndpointName).Property(NativeModel.EndpointProperty.Url)
                .GetValueAsync(context.Resolver, cancellationToken).ConfigureAwait(false);
            try
            {
                using var response = await Http.GetAsync(url + probe.Path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                return (int)response.StatusCode == probe.StatusCode
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"replica {context.Replica} answered {(int)response.StatusCode}, expected {probe.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                return HealthCheckResult.Unhealthy($"replica {context.Replica}: {e.InnerException?.Message ?? e.Message}");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"replica {context.Replica}: no answer within {Http.Timeout.TotalSeconds:0} s");
            }
        }, probe));
}
