using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;
using Native = Orchestration.Hosting.Orchestration;

namespace Orchestration.NativeRuntime.Running;

/// <summary>The one Aspire state of a replicated resource, from the states of its replicas.</summary>
internal static class ReplicaStates
{
    /// <summary>The property that lists the replicas: each copy's name, state and addresses.</summary>
    public const string ReplicasProperty = "resource.replicas";

    /// <summary>
    /// The replica that speaks for the resource: while any runs or starts, the one furthest behind (the resource is
    /// ready, and Aspire checks its health, once every replica is); once all have ended, a failed one before a finished one.
    /// </summary>
    public static Native.ResourceSnapshot Representative(IReadOnlyList<Native.ResourceSnapshot> replicas)
    {
        var live = replicas.Where(r => !r.IsTerminal).ToList();
        return live.Count > 0
            ? live.MinBy(Progress)!
            : replicas.FirstOrDefault(r => r.State != Native.ResourceState.Finished) ?? replicas[0];
    }

    /// <summary>How far a live replica is on its way to ready; one that exited and waits to be restarted is furthest behind.</summary>
    private static int Progress(Native.ResourceSnapshot s) => s.State switch
    {
        Native.ResourceState.NotStarted => 1,
        Native.ResourceState.Waiting => 2,
        Native.ResourceState.Stopping => 3,
        Native.ResourceState.Starting => 4,
        Native.ResourceState.Running when s.ReadyAt is null => 5,
        Native.ResourceState.Running => 6,
        _ => 0,
    };

    public static ImmutableArray<ResourcePropertySnapshot> WithReplicas(ImmutableArray<ResourcePropertySnapshot> properties, IReadOnlyList<Native.ResourceSnapshot> replicas)
    {
        var listed = string.Join("; ", replicas.Select(r =>
            $"{r.Name} {r.State}{(r.ReadyAt is null ? "" : " ready")} {string.Join(" ", r.Endpoints.Select(e => e.Url))}"));
        return [.. properties.Where(p => p.Name != ReplicasProperty), new ResourcePropertySnapshot(ReplicasProperty, listed)];
    }
}
