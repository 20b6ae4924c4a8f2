using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// A resource inside another (a database in a server): no process of its own. It runs while its
/// parent is ready, and is healthy when its own checks pass.
/// </summary>
internal sealed class ChildRunner(RunContext run, IResourceWithParent resource) : ResourceRunner(run, resource, 0)
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var parent = ((IResourceWithParent)Resource).Parent;
        IReadOnlyList<WaitAnnotation> waits = [new WaitAnnotation(parent, WaitType.UntilHealthy), .. Resource.Annotations.OfType<WaitAnnotation>()];
        if (!await WaitForDependenciesAsync(waits, cancellationToken).ConfigureAwait(false)) return;

        while (true)
        {
            Publish(s => s with { State = ResourceState.Running, StartedAt = DateTimeOffset.UtcNow, ReadyAt = null, Health = ResourceHealth.Unknown, Message = null });
            using var healthCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var health = MonitorHealthAsync(healthCts.Token);
            try
            {
                // Follow the parent: when it goes down, so does this; when it is back, so is this.
                await WaitForParentAsync(parent, up: false, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Also on a stop: no check may reach the parent once this copy counts as stopped.
                await healthCts.CancelAsync().ConfigureAwait(false);
                try { await health.ConfigureAwait(false); } catch (OperationCanceledException) { }
            }
            Publish(s => s with { State = ResourceState.Exited, Health = ResourceHealth.Unknown, ReadyAt = null, StoppedAt = DateTimeOffset.UtcNow, Message = $"its parent '{parent.Name}' stopped" });
            await WaitForParentAsync(parent, up: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForParentAsync(IResource parent, bool up, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = Run.Notifications.NextChangeAsync();
            var replicas = Run.Notifications.GetReplicas(parent.Name);
            var isUp = replicas.All(r => r.State == ResourceState.Running && r.ReadyAt is not null);
            if (isUp == up) return;
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
