using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Publishing;

/// <summary>
/// One resource as every deployment target sees it: its container form, environment (still expressions),
/// ports, volumes, health probe and start-order edges, with databases and buckets folded into their servers.
/// </summary>
internal sealed record PublishedService(
    IResource Resource,
    string Image,
    ContainerRuntimeAnnotation Runtime,
    IReadOnlyList<KeyValuePair<string, object>> Environment,
    IReadOnlyList<EndpointAnnotation> Endpoints,
    IReadOnlyList<ContainerMountAnnotation> Mounts,
    IReadOnlyList<ContainerConfigFile> ConfigFiles,
    HealthProbe? Probe,
    IReadOnlyList<PublishedWait> Waits,
    IReadOnlyList<string> References,
    int Replicas)
{
    public string Name => Resource.Name;

    /// <summary>Whether the host reaches it: the model fixed a port or marked an endpoint external (the gateway).</summary>
    public bool IsPublic => Endpoints.Any(e => e.Port is not null || e.IsExternal);

    /// <summary>
    /// A data store: clients reach it by connection string (a database, a cache, object storage). In
    /// Kubernetes a StatefulSet with a stable name behind a headless Service, whether or not it keeps a volume.
    /// </summary>
    public bool IsDataStore => Resource is IResourceWithConnectionString || Mounts.Any(m => m.IsVolume);

    /// <summary>For a setup container: the resource it finishes setting up.</summary>
    public string? SetupOf { get; init; }

    /// <summary>For a setup container: the command (in its image, with its environment) that exits 0 once its effect is there.</summary>
    public IReadOnlyList<object>? ReadyCheck { get; init; }
}

/// <summary>Start after <see cref="Service"/> is healthy, or has completed.</summary>
internal sealed record PublishedWait(string Service, WaitType Type);
