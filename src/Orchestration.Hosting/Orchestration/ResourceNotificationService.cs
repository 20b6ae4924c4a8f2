using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// The live state of every resource: a snapshot, a change stream (for the dashboard), and waits
/// (for tests and dependents). Every state change goes through <see cref="Publish"/>.
/// </summary>
internal sealed class ResourceNotificationService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly List<Channel<ResourceSnapshot>> _watchers = [];
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The current state of every resource copy, in the order they were added.</summary>
    public IReadOnlyList<ResourceSnapshot> GetSnapshots()
    {
        lock (_gate) return [.. _snapshots.Values];
    }

    /// <summary>The current state of one copy (by its name), or null.</summary>
    public ResourceSnapshot? Get(string name)
    {
        lock (_gate) return _snapshots.GetValueOrDefault(name);
    }

    /// <summary>The copies of one resource in the model.</summary>
    public IReadOnlyList<ResourceSnapshot> GetReplicas(string resourceName)
    {
        lock (_gate) return [.. _snapshots.Values.Where(s => s.ResourceName == resourceName)];
    }

    internal void Publish(ResourceSnapshot snapshot)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _snapshots[snapshot.Name] = snapshot;
            foreach (var watcher in _watchers) watcher.Writer.TryWrite(snapshot);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    internal ResourceSnapshot Update(string name, Func<ResourceSnapshot, ResourceSnapshot> change)
    {
        ResourceSnapshot next;
        lock (_gate) next = change(_snapshots[name]);
        Publish(next);
        return next;
    }

    /// <summary>Every snapshot now, then every change as it happens.</summary>
    public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<ResourceSnapshot>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            foreach (var s in _snapshots.Values) channel.Writer.TryWrite(s);
            _watchers.Add(channel);
        }
        try
        {
            await foreach (var s in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return s;
        }
        finally
        {
            lock (_gate) _watchers.Remove(channel);
        }
    }

    /// <summary>Completes on the next change of any resource.</summary>
    internal Task NextChangeAsync()
    {
        lock (_gate) return _changed.Task;
    }

    /// <summary>Waits until <paramref name="predicate"/> holds for the copy named <paramref name="name"/>.</summary>
    public async Task<ResourceSnapshot> WaitForResourceAsync(string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var changed = NextChangeAsync();
            if (Get(name) is { } s && predicate(s)) return s;
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the copy named <paramref name="name"/> is in <paramref name="state"/>.</summary>
    public Task<ResourceSnapshot> WaitForResourceAsync(string name, ResourceState state, CancellationToken cancellationToken = default)
        => WaitForResourceAsync(name, s => s.State == state, cancellationToken);

    /// <summary>
    /// Waits until every copy of a resource is healthy and ready; throws <see cref="DistributedApplicationException"/>
    /// with the cause as soon as one fails instead.
    /// </summary>
    public async Task WaitForResourceHealthyAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var changed = NextChangeAsync();
            var replicas = GetReplicas(resourceName);
            if (replicas.Count > 0 && replicas.All(r => r.ReadyAt is not null && r.State == ResourceState.Running)) return;
            if (replicas.FirstOrDefault(r => r.IsTerminal) is { } failed)
                throw new DistributedApplicationException($"Resource '{failed.Name}' is {failed.State}{(failed.Message is null ? "" : $": {failed.Message}")}");
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
