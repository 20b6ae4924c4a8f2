using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using Native = Orchestration.Hosting.Orchestration;

namespace Orchestration.NativeRuntime.Running;

/// <summary>
/// Publishes the engine's states on Aspire's <see cref="ResourceNotificationService"/> and its output on
/// <see cref="ResourceLoggerService"/>, so code written for Aspire (<c>WaitForResourceHealthyAsync</c>,
/// the testing builder, integrations that watch states) sees the run as if DCP ran it.
/// </summary>
internal static class AspireStateBridge
{
    /// <summary>The property Aspire's own runtime (DCP) gives an executable's snapshot for its process id; its dashboard shows it.</summary>
    public const string PidProperty = "executable.pid";

    public static async Task ForwardStatesAsync(Native.ResourceNotificationService native, ResourceNotificationService aspire,
        IReadOnlyDictionary<string, IResource> resources, CancellationToken cancellationToken)
    {
        await foreach (var snapshot in native.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!resources.TryGetValue(snapshot.ResourceName, out var resource)) continue;
            // One Aspire entry per resource, also with replicas. DCP shows one per replica, but under names only its
            // own (internal) instance annotation declares: Aspire's health monitor and ResourceReadyEvent write to those
            // names alone, so an entry per replica published here would read healthy and never ready, and
            // WaitForResourceHealthyAsync would wait for it forever. The replicas are listed in the entry's properties.
            var replicas = native.GetReplicas(snapshot.ResourceName);
            var speaking = replicas.Count > 1 ? ReplicaStates.Representative(replicas) : snapshot;
            try
            {
                await aspire.PublishUpdateAsync(resource, previous => previous with
                {
                    State = StateOf(speaking),
                    ExitCode = speaking.ExitCode,
                    StartTimeStamp = replicas.Count > 1 ? replicas.Min(r => r.StartedAt)?.UtcDateTime : speaking.StartedAt?.UtcDateTime,
                    StopTimeStamp = speaking.StoppedAt?.UtcDateTime,
                    Properties = WithPid(replicas.Count > 1 ? ReplicaStates.WithReplicas(previous.Properties, replicas) : previous.Properties, speaking.Pid),
                }).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The AppHost's container is being disposed (a stop's last states arrive while it goes): nobody is left to tell.
                return;
            }
        }
    }

    /// <summary>Forwards the output of each copy of <paramref name="resource"/> (<c>api-0</c>, <c>api-1</c> with replicas) to its Aspire logger.</summary>
    public static async Task ForwardLogsAsync(Native.ResourceLogService native, ResourceLoggerService aspire, IResource resource, string copyName, CancellationToken cancellationToken)
    {
        var logger = aspire.GetLogger(resource);
        await foreach (var line in native.WatchAsync(copyName, cancellationToken).ConfigureAwait(false))
        {
            if (line.IsError) logger.LogError("{Line}", line.Text);
            else logger.LogInformation("{Line}", line.Text);
        }
    }

    /// <summary>The process the resource runs as (with replicas, the one that speaks for it); natively a container runs as a process too.</summary>
    private static System.Collections.Immutable.ImmutableArray<ResourcePropertySnapshot> WithPid(System.Collections.Immutable.ImmutableArray<ResourcePropertySnapshot> properties, int? pid)
        => pid is { } value
            ? [.. properties.Where(p => p.Name != PidProperty), new ResourcePropertySnapshot(PidProperty, value)]
            : [.. properties.Where(p => p.Name != PidProperty)];

    private static ResourceStateSnapshot StateOf(Native.ResourceSnapshot s) => s.State switch
    {
        Native.ResourceState.NotStarted => new(KnownResourceStates.NotStarted, KnownResourceStateStyles.Info),
        Native.ResourceState.Waiting => new(KnownResourceStates.Waiting, KnownResourceStateStyles.Info),
        Native.ResourceState.Starting => new(KnownResourceStates.Starting, KnownResourceStateStyles.Info),
        // Running for Aspire once the engine found it ready: Aspire's health service then checks it at once
        // (and publishes ResourceReadyEvent), instead of retrying a starting server once a second.
        Native.ResourceState.Running when s.ReadyAt is null => new(KnownResourceStates.Starting, KnownResourceStateStyles.Info),
        Native.ResourceState.Running => new(KnownResourceStates.Running, KnownResourceStateStyles.Success),
        Native.ResourceState.Stopping => new(KnownResourceStates.Stopping, KnownResourceStateStyles.Info),
        Native.ResourceState.Finished => new(KnownResourceStates.Finished, KnownResourceStateStyles.Success),
        Native.ResourceState.FailedToStart => new(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error),
        _ => new(KnownResourceStates.Exited, s.ExitCode is 0 or null ? KnownResourceStateStyles.Info : KnownResourceStateStyles.Error),
    };
}
