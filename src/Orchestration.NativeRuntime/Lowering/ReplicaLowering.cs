using Aspire.Hosting.ApplicationModel;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Lowering;

/// <summary>
/// Aspire's <c>WithReplicas(n)</c> as the engine's replicas. Under DCP a replicated resource keeps one allocated
/// endpoint, a proxy spreading connections over the replicas, each on a port of its own. Natively the same: the port
/// Aspire was told (<see cref="AllocatedEndpoint"/>) is where the engine's proxy listens, so <c>WithReference</c>,
/// <c>CreateHttpClient</c> and connection strings reach some replica; each replica binds its own loopback port, which
/// its own environment (<c>PORT</c>, <c>ASPNETCORE_URLS</c>) names. The proxy rather than "the first replica" because a
/// client then survives any one replica stopping, and load spreads as a model written for Aspire expects.
/// </summary>
internal static class ReplicaLowering
{
    public static void Lower(IResource aspire, NativeModel.IResource native, bool recipeMade, List<string> problems)
    {
        var replicas = aspire.GetReplicaCount();
        if (replicas == 1 || native is LoweredChildResource) return;
        if (replicas < 1)
        {
            problems.Add($"Resource '{aspire.Name}' asks for {replicas} replicas; at least 1 is needed.");
            return;
        }
        // The engine's server a recipe made refuses copies itself, naming the resource and the fix (its data is its own).
        native.Annotations.Add(new NativeModel.ReplicaAnnotation(replicas));
        if (recipeMade && aspire is ContainerResource) return;
        foreach (var endpoint in aspire.Annotations.OfType<EndpointAnnotation>())
        {
            // DCP refuses both, for the same reason: replicas cannot share one port. Refused here too, so a model that
            // runs natively also runs with --runtime dcp.
            if (!endpoint.IsProxied)
                problems.Add($"Resource '{aspire.Name}' runs {replicas} replicas but its endpoint '{endpoint.Name}' is not proxied (isProxied: false), " +
                             "so they would share one port; make the endpoint proxied, or run one replica.");
            else if (endpoint.TargetPort is { } targetPort)
                problems.Add($"Resource '{aspire.Name}' runs {replicas} replicas but its endpoint '{endpoint.Name}' has the target port {targetPort}, " +
                             "which they cannot share; leave the target port unset so each replica gets its own.");
        }
    }

    /// <summary>Whether the engine runs more than one copy of the resource.</summary>
    public static bool IsReplicated(NativeModel.IResource native) => native.Annotations.OfType<NativeModel.ReplicaAnnotation>().LastOrDefault() is { Replicas: > 1 };
}
