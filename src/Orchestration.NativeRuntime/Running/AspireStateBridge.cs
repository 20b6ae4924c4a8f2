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
            // Aspire has one state per resource: with replicas, the first one speaks for it.
            if (snapshot.Replica != 0 || !resources.TryGetValue(snapshot.ResourceName, out var resource)) continue;
            await aspire.PublishUpdateAsync(resource, previous => previous with
            {
                State = StateOf(snapshot),
                ExitCode = snapshot.ExitCode,
                StartTimeStamp = snapshot.StartedAt?.UtcDateTime,
                StopTimeStamp = snapshot.StoppedAt?.UtcDateTime,
                // Natively a container runs as a process too: what it runs as is worth showing (and inspecting) all the same.
                Properties = snapshot.Pid is { } pid
                    ? [.. previous.Properties.Where(p => p.Name != PidProperty), new ResourcePropertySnapshot(PidProperty, pid)]
                    : [.. previous.Properties.Where(p => p.Name != PidProperty)],
            }).ConfigureAwait(false);
        }
    }

    public static async Task ForwardLogsAsync(Native.ResourceLogService native, ResourceLoggerService aspire, IResource resource, CancellationToken cancellationToken)
    {
        var logger = aspire.GetLogger(resource);
        await foreach (var line in native.WatchAsync(resource.Name, cancellationToken).ConfigureAwait(false))
        {
            if (line.IsError) logger.LogError("{Line}", line.Text);
            else logger.LogInformation("{Line}", line.Text);
        }
    }

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
