namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A port a resource listens on. Locally the process listens on <see cref="Port"/>, or on a free
/// loopback port chosen at start when none is given; it learns which through
/// <see cref="EnvironmentVariable"/> or arguments that reference the endpoint. <see cref="TargetPort"/>
/// is the port inside a container, read by the publishers: declaring it never pins a local port.
/// </summary>
internal sealed record EndpointAnnotation(
    string Name,
    string UriScheme,
    int? Port = null,
    int? TargetPort = null,
    string? EnvironmentVariable = null,
    bool IsExternal = false) : IResourceAnnotation
{
    /// <summary>The fixed local port, when one was given.</summary>
    public int? FixedLocalPort => Port;

    /// <summary>Whether clients speak HTTP to it.</summary>
    public bool IsHttp => UriScheme is "http" or "https";

    /// <summary>
    /// The local port another orchestrator's model already gave this endpoint (an Aspire model run natively): the
    /// local run uses it whatever <see cref="DistributedApplicationOptions.RandomizePorts"/> says; publishers
    /// never see it, they keep <see cref="Port"/>. With replicas it is the one address of the endpoint: a proxy listens
    /// there and spreads connections over the replicas, each on a port of its own (Aspire's model under DCP).
    /// </summary>
    internal int? PreallocatedPort { get; set; }
}
