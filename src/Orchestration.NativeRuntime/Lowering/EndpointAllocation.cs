using Aspire.Hosting.ApplicationModel;
using PortAllocator = Orchestration.Hosting.Orchestration.PortAllocator;

namespace Orchestration.NativeRuntime.Lowering;

/// <summary>
/// Gives every endpoint of the model a loopback port and tells Aspire (<see cref="AllocatedEndpoint"/>), so
/// its endpoint references, connection strings and health checks resolve to where the native process
/// listens. No proxy: a process binds its own port, which is also its target port.
/// </summary>
internal static class EndpointAllocation
{
    public const string Host = "127.0.0.1";

    public static void Allocate(IEnumerable<IResource> resources, bool randomizePorts)
    {
        var ports = new PortAllocator();
        var endpoints = resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>()).ToList();
        int? Fixed(EndpointAnnotation e) => randomizePorts ? null : e.Port;
        foreach (var endpoint in endpoints)
            if (Fixed(endpoint) is { } port) ports.Reserve(port);
        foreach (var endpoint in endpoints)
        {
            var port = Fixed(endpoint) ?? ports.Allocate();
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, Host, port, targetPortExpression: port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
