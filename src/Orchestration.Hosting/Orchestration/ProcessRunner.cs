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
        var restarts = 0;
        while (true)
        {
            var exitCode = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            if (exitCode is null) return; // failed to start: already published

            var stopping = cancellationToken.IsCancellationRequested;
            var restart = !stopping && policy.Policy switch
            {
                RestartPolicy.Always => true,
                RestartPolicy.OnFailure => exitCode != 0,
                _ => false,
            } && restarts < policy.MaxRestarts;

            var tail = LastOutput();
            if (!restart)
            {
                var finished = exitCode == 0 && !stopping;
                var message = stopping ? null
                    : exitCode == 0 ? null
                    : $"exited with code {exitCode}{(restarts > 0 ? $" after {restarts} restart{(restarts == 1 ? "" : "s")}" : "")}{tail}";
                Publish(s => s with
                {
                    State = finished ? ResourceState.Finished : ResourceState.Exited, Health = ResourceHealth.Unknown,
                    Pid = null, ExitCode = exitCode, StoppedAt = DateTimeOffset.UtcNow, Restarting = false, Message = message,
                });
                Report(stopping ? $"stopped (exit code {exitCode})" : finished ? "finished (exit code 0)" : $"exited with code {exitCode}");
                return;
            }

            restarts++;
            var backoff = policy.BackoffFor(restarts);
            Publish(s => s with
            {
                State = ResourceState.Exited, Health = ResourceHealth.Unknown, Pid = null, ExitCode = exitCode,
                StoppedAt = DateTimeOffset.UtcNow, Restarting = true,
                Message = $"exited with code {exitCode}; restart {restarts} of {policy.MaxRestarts} in {DependencyWaiter.Describe(backoff)}{tail}",
            });
            Report($"exited with code {exitCode}; restarting in {DependencyWaiter.Describe(backoff)} ({restarts}/{policy.MaxRestarts})");
            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            Publish(s => s with { RestartCount = restarts });
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
            return _tail.Count == 0 ? "" : "; last output: " + string.Join(" / ", _tail.Select(l => l.Length > 200 ? l[..200] + "…" : l));
        }
    }
}
