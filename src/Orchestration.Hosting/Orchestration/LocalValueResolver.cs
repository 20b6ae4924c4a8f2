using System.Globalization;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// The ports given to each endpoint of each replica for this run, and the front ports: where a proxy in front of a
/// replicated endpoint listens (see <see cref="ReplicaProxy"/>).
/// </summary>
internal sealed class EndpointAllocations
{
    // Keys are classes, not tuples: generic code over a tuple key is compiled at run time (ReadyToRun cannot precompile
    // it across assemblies), on the way to the first process.
    private sealed record PortKey(string Resource, string Endpoint, int Replica);
    private sealed record FrontKey(string Resource, string Endpoint);

    private readonly Dictionary<PortKey, int> _ports = [];
    private readonly Dictionary<FrontKey, int> _fronts = [];

    public void Set(IResource resource, string endpoint, int replica, int port) => _ports[new(resource.Name, endpoint, replica)] = port;

    public void SetFront(IResource resource, string endpoint, int port) => _fronts[new(resource.Name, endpoint)] = port;

    /// <summary>The port clients of a replicated endpoint use, when a proxy spreads them over the replicas; else null.</summary>
    public int? FrontOf(IResource resource, string endpoint) => _fronts.TryGetValue(new(resource.Name, endpoint), out var port) ? port : null;

    /// <summary>Every front port, with the replicas' ports it spreads connections over.</summary>
    public IEnumerable<FrontPort> Fronts(IEnumerable<IResource> resources)
    {
        foreach (var resource in resources)
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
                if (FrontOf(resource, endpoint.Name) is { } front)
                {
                    var replicas = new int[RunContext.ReplicasOf(resource)];
                    for (var i = 0; i < replicas.Length; i++) replicas[i] = PortOf(resource, endpoint.Name, i);
                    yield return new FrontPort(resource, endpoint.Name, front, replicas);
                }
    }

    public int PortOf(IResource resource, string endpoint, int replica) =>
        _ports.TryGetValue(new(resource.Name, endpoint, replica), out var port)
            ? port
            : throw new DistributedApplicationException($"Resource '{resource.Name}' has no endpoint named '{endpoint}'.");
}

/// <summary>A port a proxy listens on for a replicated endpoint, and the replicas' ports it spreads connections over.</summary>
internal sealed record FrontPort(IResource Resource, string Endpoint, int Front, IReadOnlyList<int> Replicas);

/// <summary>
/// Resolves expressions for the local run: endpoints are 127.0.0.1 and their allocated ports,
/// parameters their configured or generated values. A resource resolving its own endpoints sees
/// its own replica's ports; any other reaches a replicated endpoint through its front port when it has one
/// (Aspire's model: one address per endpoint, whatever the replicas).
/// </summary>
internal sealed class LocalValueResolver(EndpointAllocations allocations, ParameterValues parameters, IResource? self = null, int selfReplica = 0) : ValueResolver
{
    public const string Host = "127.0.0.1";

    public LocalValueResolver For(IResource resource, int replica) => new(allocations, parameters, resource, replica);

    public override ValueTask<string> ResolveEndpointAsync(EndpointReference endpoint, EndpointProperty property, int replica, CancellationToken cancellationToken)
    {
        var annotation = endpoint.Annotation;
        var port = ReferenceEquals(endpoint.Resource, self)
            ? allocations.PortOf(endpoint.Resource, endpoint.EndpointName, selfReplica)
            : allocations.FrontOf(endpoint.Resource, endpoint.EndpointName) ?? allocations.PortOf(endpoint.Resource, endpoint.EndpointName, replica);
        var portText = port.ToString(CultureInfo.InvariantCulture);
        return ValueTask.FromResult(property switch
        {
            EndpointProperty.Url => $"{annotation.UriScheme}://{Host}:{portText}",
            EndpointProperty.Host => Host,
            EndpointProperty.Port or EndpointProperty.TargetPort => portText,
            EndpointProperty.HostAndPort => $"{Host}:{portText}",
            EndpointProperty.Scheme => annotation.UriScheme,
            _ => throw new ArgumentOutOfRangeException(nameof(property)),
        });
    }

    /// <summary>
    /// One replica's own address, past any proxy in front of the endpoint: for a gateway that spreads requests over the
    /// replicas itself (its upstream connections are kept alive, so behind one proxy address they would all stay with the
    /// replica the proxy picked first).
    /// </summary>
    public string ReplicaHostAndPort(EndpointReference endpoint, int replica)
        => $"{Host}:{allocations.PortOf(endpoint.Resource, endpoint.EndpointName, replica).ToString(CultureInfo.InvariantCulture)}";

    public override ValueTask<string?> ResolveParameterAsync(ParameterResource parameter, CancellationToken cancellationToken)
        => ValueTask.FromResult<string?>(parameters.Get(parameter));
}
