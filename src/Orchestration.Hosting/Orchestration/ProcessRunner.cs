using System.ComponentModel;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>One replica of a process resource: launched, watched, restarted by its policy, stopped by signal.</summary>
internal sealed class ProcessRunner(RunContext run, IProcessResource resource, int replica) : ResourceRunner(run, resource, replica)
{
    private const int TailLines = 5;
    private readonly Queue<string> _tail = new();

    private new IProcessResource Resource => (IProcessResource)base.Resource;

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await WaitForDependenciesAsync([.. Resource.Annotations.OfType<WaitAnnotation>()], cancellationToken).ConfigureAwait(false)) return;

        var policy = Resource.Annotations.Last<RestartPolicyAnnotation>() ?? RestartPolicyAnnotation.Default;
        var total = 0;   // every restart, as the dashboard shows it
        var inARow = 0;  // restarts counted toward MaxRestarts: a long healthy run starts a new row
        var step = 0;    // the backoff's doubling: a short healthy run starts it over
        while (true)
        {
            var exitCode = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            if (exitCode is null) return; // failed to start: already published

            var healthyFor = TakeLongestHealthyStretch();
            if (healthyFor >= policy.CountResetAfter) inARow = 0;
            if (healthyFor >= policy.BackoffResetAfter) step = 0;

            var stopping = cancellationToken.IsCancellationRequested;
            var wanted = !stopping && policy.Policy switch
            {
                RestartPolicy.Always => true,
                RestartPolicy.OnFailure => exitCode != 0,
                _ => false,
            };
            var limitReached = policy.MaxRestarts is { } max && inARow >= max;

            var tail = LastOutput();
            if (!wanted || limitReached)
            {
                var finished = exitCode == 0 && !stopping;
                var message = stopping ? null
                    : exitCode == 0 ? null
                    : $"exited with code {exitCode}{(total > 0 ? $" after {total} restart{(total == 1 ? "" : "s")}" : "")}"
                      + (wanted ? $" (its limit of {policy.MaxRestarts} restarts in a row, WithRestartPolicy maxRestarts)" : "") + tail;
                Publish(s => s with
                {
                    State = finished ? ResourceState.Finished : ResourceState.Exited, Health = ResourceHealth.Unknown,
                    Pid = null, ExitCode = exitCode, StoppedAt = DateTimeOffset.UtcNow, Restarting = false, Message = message,
                });
                Report(stopping ? $"stopped (exit code {exitCode})" : finished ? "finished (exit code 0)" : $"exited with code {exitCode}");
                return;
            }

            (total, inARow, step) = (total + 1, inARow + 1, step + 1);
            var backoff = policy.BackoffFor(step);
            var row = policy.MaxRestarts is { } limit ? $", {inARow} of {limit} in a row" : "";
            Publish(s => s with
            {
                State = ResourceState.Exited, Health = ResourceHealth.Unknown, Pid = null, ExitCode = exitCode,
                StoppedAt = DateTimeOffset.UtcNow, Restarting = true,
                Message = $"exited with code {exitCode}; restart {total}{row} in {DependencyWaiter.Describe(backoff)}{tail}",
            });
            Report($"exited with code {exitCode}; restarting in {DependencyWaiter.Describe(backoff)} (restart {total}{row})");
            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            Publish(s => s with { RestartCount = total });
        }
    }

    /// <summary>One launch of the process; its exit code, or null when it could not be launched.</summary>
    private async Task<int?> RunOnceAsync(CancellationToken cancellationToken)
    {
        Publish(s => s with { State = ResourceState.Starting, Health = ResourceHealth.Unknown, HealthMessage = null, ReadyAt = null, ExitCode = null, Message = null });
        var resolver = Run.Resolver.For(Resource, Replica);
        var eventContext = new ResourceEventContext(Resource, resolver, Run.Services, cancellationToken);
        foreach (var callback in Resource.Annotations.OfType<BeforeStartAnnotation>())
            await callback.Callback(eventContext).ConfigureAwait(false);

        var spec = await LaunchSpecBuilder.BuildAsync(Resource, Replica, resolver, Run.Services, cancellationToken).ConfigureAwait(false);
        var stop = Resource.Annotations.Last<StopAnnotation>();
        ManagedProcess process;
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            lock (_tail) _tail.Clear();
            process = ManagedProcess.Start(spec, Run.Reaper, stop?.Signal ?? StopAnnotation.SigTerm, OnLine);
        }
        catch (Win32Exception e)
        {
            var message = $"could not start '{spec.Command}' in '{spec.WorkingDirectory}': {e.Message}";
            Report(message);
            Publish(s => s with { State = ResourceState.FailedToStart, Message = message });
            return null;
        }

        Publish(s => s with { State = ResourceState.Running, Pid = process.Pid, StartedAt = DateTimeOffset.UtcNow });
        Report($"running (pid {process.Pid})");

        using var healthCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var health = MonitorHealthAsync(healthCts.Token);
        int exitCode;
        try
        {
            exitCode = await process.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A stop: its signal to the whole group, SIGKILL after the grace period.
            Publish(s => s with { State = ResourceState.Stopping });
            Report("stopping");
            exitCode = await process.StopAsync(stop?.Signal ?? StopAnnotation.SigTerm, stop?.GracePeriod ?? Run.Options.StopGracePeriod).ConfigureAwait(false);
        }
        await healthCts.CancelAsync().ConfigureAwait(false);
        try { await health.ConfigureAwait(false); } catch (OperationCanceledException) { }
        process.Dispose();
        return exitCode;
    }

    private void OnLine(string line, bool isError)
    {
        Run.Logs.Append(Name, line, isError);
        Run.Console.WriteOutput(Name, line);
        lock (_tail)
        {
            if (_tail.Count == TailLines) _tail.Dequeue();
            _tail.Enqueue(line);
        }
    }

    /// <summary>The last lines of output, for failure messages: usually the actual cause.</summary>
    private string LastOutput()
    {
        lock (_tail)
        {
            return _tail.Count == 0 ? "" : "; last output: " + string.Join(" / ", _tail.Select(l => ControlCharacters.Escape(l.Length > 200 ? l[..200] + "…" : l)));
        }
    }
}
