using System.Globalization;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>The ports given to each endpoint of each replica for this run.</summary>
internal sealed class EndpointAllocations
{
    private readonly Dictionary<(string Resource, string Endpoint, int Replica), int> _ports = [];

    public void Set(IResource resource, string endpoint, int replica, int port) => _ports[(resource.Name, endpoint, replica)] = port;

    public int PortOf(IResource resource, string endpoint, int replica) =>
        _ports.TryGetValue((resource.Name, endpoint, replica), out var port)
            ? port
            : throw new DistributedApplicationException($"Resource '{resource.Name}' has no endpoint named '{endpoint}'.");
}

/// <summary>
/// Resolves expressions for the local run: endpoints are 127.0.0.1 and their allocated ports,
/// parameters their configured or generated values. A resource resolving its own endpoints sees
/// its own replica's ports.
/// </summary>
internal sealed class LocalValueResolver(EndpointAllocations allocations, ParameterValues parameters, IResource? self = null, int selfReplica = 0) : ValueResolver
{
    public const string Host = "127.0.0.1";

    public LocalValueResolver For(IResource resource, int replica) => new(allocations, parameters, resource, replica);

    public override ValueTask<string> ResolveEndpointAsync(EndpointReference endpoint, EndpointProperty property, int replica, CancellationToken cancellationToken)
    {
        var annotation = endpoint.Annotation;
        var port = allocations.PortOf(endpoint.Resource, endpoint.EndpointName, ReferenceEquals(endpoint.Resource, self) ? selfReplica : replica);
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

    public override ValueTask<string?> ResolveParameterAsync(ParameterResource parameter, CancellationToken cancellationToken)
        => ValueTask.FromResult<string?>(parameters.Get(parameter));
}
