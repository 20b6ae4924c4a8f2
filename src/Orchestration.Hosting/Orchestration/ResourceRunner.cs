using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// Runs one copy of one resource through its lifecycle: wait for dependencies, start, watch health,
/// run ready callbacks, and stop on request. Subclasses say what "start" means.
/// </summary>
internal abstract class ResourceRunner(RunContext run, IResource resource, int replica)
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _cts;
    private Task _task = Task.CompletedTask;
    private DateTimeOffset? _healthySince;
    private TimeSpan _longestHealthy;

    public IResource Resource { get; } = resource;
    public int Replica { get; } = replica;
    public string Name { get; } = RunContext.InstanceName(resource, replica);
    protected RunContext Run { get; } = run;
    public ResourceSnapshot Snapshot => Run.Notifications.Get(Name)!;

    public ResourceSnapshot InitialSnapshot(IReadOnlyList<EndpointSnapshot> endpoints) => new()
    {
        Name = Name,
        ResourceName = Resource.Name,
        Replica = Replica,
        Type = (Resource as Resource)?.TypeName ?? Resource.GetType().Name,
        Endpoints = endpoints,
    };

    /// <summary>Begins the lifecycle in the background (no-op when it already runs).</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (!_task.IsCompleted) return;
            _cts = new CancellationTokenSource();
            var token = _cts.Token;
            // Not terminal from this moment on, so a waiter that looks right after a start command does not see the old exit.
            Publish(s => s with { State = ResourceState.NotStarted, Restarting = false, Message = null });
            _task = Task.Run(async () =>
            {
                try
                {
                    await RunAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    // stopped while waiting, preparing or backing off
                    if (!Snapshot.IsTerminal)
                        Publish(s => s with { State = ResourceState.Exited, Health = ResourceHealth.Unknown, Restarting = false, Message = "stopped" });
                }
                catch (Exception e)
                {
                    Report($"failed: {e.Message}");
                    Publish(s => s with { State = ResourceState.FailedToStart, Health = ResourceHealth.Unknown, Message = e.Message });
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>Stops this copy (cancelling its lifecycle stops its process) and waits until it is down.</summary>
    public async Task StopAsync()
    {
        Task task;
        CancellationTokenSource? cts;
        lock (_gate) (task, cts) = (_task, _cts);
        if (cts is not null) await cts.CancelAsync().ConfigureAwait(false);
        await task.ConfigureAwait(false);
    }

    protected abstract Task RunAsync(CancellationToken cancellationToken);

    protected ResourceSnapshot Publish(Func<ResourceSnapshot, ResourceSnapshot> change) => Run.Notifications.Update(Name, change);

    protected void Report(string text) => Run.Console.WriteStatus(Name, text);

    /// <summary>Waits for dependencies; null when they are satisfied, else the reason (already published as FailedToStart).</summary>
    protected async Task<bool> WaitForDependenciesAsync(IReadOnlyList<WaitAnnotation> waits, CancellationToken cancellationToken)
    {
        if (waits.Count == 0) return true;
        Publish(s => s with { State = ResourceState.Waiting, WaitingAt = DateTimeOffset.UtcNow, Message = null });
        Report($"waiting for {string.Join(", ", waits.Select(w => w.Target.Name).Distinct())}");
        var failure = await DependencyWaiter.WaitAllAsync(Run, waits, cancellationToken).ConfigureAwait(false);
        if (failure is null) return true;
        cancellationToken.ThrowIfCancellationRequested();
        Report($"not started: {failure}");
        Publish(s => s with { State = ResourceState.FailedToStart, Message = $"not started: {failure}" });
        return false;
    }

    /// <summary>How long after its start a resource counts as just started for the poll's beat (see <see cref="PollTicker"/>).</summary>
    private static readonly TimeSpan QuickPollWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Polls the health checks until cancelled: fast while starting (so dependents start within a few
    /// milliseconds of readiness), slower for a slow starter, every few seconds once healthy. The
    /// first healthy result runs the ready callbacks, then marks the copy ready.
    /// </summary>
    protected async Task MonitorHealthAsync(CancellationToken cancellationToken)
    {
        var checks = Resource.Annotations.OfType<HealthCheckAnnotation>().ToList();
        var started = DateTimeOffset.UtcNow;
        var context = new HealthCheckContextForResource(Resource, Replica, Run.Resolver.For(Resource, Replica), Run.Services);
        var ready = false;
        ResourceHealth last = ResourceHealth.Unknown;
        string? lastMessage = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var (healthy, message) = await CheckOnceAsync(checks, context, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested) return; // a check that failed because we are stopping says nothing
            if (healthy && !ready)
            {
                ready = await RunReadyCallbacksAsync(cancellationToken).ConfigureAwait(false);
                if (!ready) (healthy, message) = (false, "its ready callback failed (see its output)");
            }
            var health = healthy ? ResourceHealth.Healthy : ResourceHealth.Unhealthy;
            if (health != last || message != lastMessage)
            {
                var becameReady = healthy && Snapshot.ReadyAt is null;
                Publish(s => s with { Health = health, HealthMessage = message, ReadyAt = becameReady ? DateTimeOffset.UtcNow : s.ReadyAt });
                if (becameReady) Report($"healthy ({(DateTimeOffset.UtcNow - started).TotalMilliseconds:0} ms after start)");
                else if (health != last && last != ResourceHealth.Unknown) Report(healthy ? "healthy again" : $"unhealthy: {message}");
                if (health != last) NoteHealth(healthy);
                (last, lastMessage) = (health, message);
            }
            if (checks.Count == 0 && healthy) return; // nothing to watch
            if (ready && healthy) await Task.Delay(Run.Options.HealthyPollInterval, cancellationToken).ConfigureAwait(false);
            else if (ready || DateTimeOffset.UtcNow - started > Run.Options.FastPollWindow) await Task.Delay(Run.Options.SlowStartupPollInterval, cancellationToken).ConfigureAwait(false);
            else await Run.StartupPoll.WaitAsync(quick: DateTimeOffset.UtcNow - started < QuickPollWindow, cancellationToken).ConfigureAwait(false);
        }
    }

    private void NoteHealth(bool healthy)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (healthy) _healthySince ??= now;
            else if (_healthySince is { } since)
            {
                _longestHealthy = Max(_longestHealthy, now - since);
                _healthySince = null;
            }
        }
    }

    /// <summary>
    /// The longest unbroken healthy stretch since the last call, ending now: what tells a crash loop
    /// from a service that ran fine for a while and then crashed once.
    /// </summary>
    protected TimeSpan TakeLongestHealthyStretch()
    {
        lock (_gate)
        {
            var longest = _healthySince is { } since ? Max(_longestHealthy, DateTimeOffset.UtcNow - since) : _longestHealthy;
            (_healthySince, _longestHealthy) = (null, TimeSpan.Zero);
            return longest;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task<(bool Healthy, string? Message)> CheckOnceAsync(List<HealthCheckAnnotation> checks, HealthCheckContextForResource context, CancellationToken cancellationToken)
    {
        foreach (var check in checks)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Run.Options.HealthCheckTimeout);
            HealthCheckResult result;
            try
            {
                result = await check.CheckAsync(context, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = HealthCheckResult.Unhealthy($"no answer within {DependencyWaiter.Describe(Run.Options.HealthCheckTimeout)}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result = HealthCheckResult.Unhealthy(e.Message, e);
            }
            if (result.Status != HealthStatus.Healthy)
                return (false, $"{check.Name}: {result.Description ?? result.Exception?.Message ?? result.Status.ToString()}");
        }
        return (true, null);
    }

    private async Task<bool> RunReadyCallbacksAsync(CancellationToken cancellationToken)
    {
        var context = new ResourceEventContext(Resource, Run.Resolver.For(Resource, Replica), Run.Services, cancellationToken);
        try
        {
            foreach (var callback in Resource.Annotations.OfType<ResourceReadyAnnotation>())
                await callback.Callback(context).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Report($"ready callback failed: {e.Message}");
            return false;
        }
    }
}
