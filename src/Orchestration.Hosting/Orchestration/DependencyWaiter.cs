using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// Waits for what a resource depends on: healthy and ready, or completed with an exit code. Never
/// hangs: a dependency that fails fails the wait at once, one that stays unready fails it after the
/// timeout, and either way the message names the root cause.
/// </summary>
internal static class DependencyWaiter
{
    /// <summary>Null when every dependency is satisfied; else why not.</summary>
    public static async Task<string?> WaitAllAsync(RunContext run, IReadOnlyList<WaitAnnotation> waits, CancellationToken cancellationToken)
    {
        if (waits.Count == 0) return null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = waits.Select(w => WaitOneAsync(run, w, cts.Token)).ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (await done.ConfigureAwait(false) is { } failure)
            {
                await cts.CancelAsync().ConfigureAwait(false);
                return failure;
            }
        }
        return null;
    }

    private static async Task<string?> WaitOneAsync(RunContext run, WaitAnnotation wait, CancellationToken cancellationToken)
    {
        var timeout = wait.Timeout ?? run.Options.WaitTimeout;
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var changed = run.Notifications.NextChangeAsync();
            var (satisfied, failure) = Evaluate(run, wait);
            if (satisfied) return null;
            if (failure is not null) return failure;
            var remaining = deadline - DateTimeOffset.UtcNow;
            try
            {
                if (remaining <= TimeSpan.Zero) throw new TimeoutException();
                await changed.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return $"gave up waiting for '{wait.Target.Name}' after {Describe(timeout)}: {DescribeState(run, wait.Target)}";
            }
        }
    }

    private static (bool Satisfied, string? Failure) Evaluate(RunContext run, WaitAnnotation wait)
    {
        var replicas = run.Notifications.GetReplicas(wait.Target.Name);
        if (replicas.Count == 0) return (true, null); // a value, not a process (a parameter): nothing to wait for

        if (wait.Type == WaitType.UntilCompleted)
        {
            if (replicas.All(r => r.IsTerminal && r.State != ResourceState.FailedToStart))
            {
                var wrong = replicas.FirstOrDefault(r => r.ExitCode != wait.ExitCode);
                return wrong is null
                    ? (true, null)
                    : (false, $"'{wrong.Name}' exited with code {wrong.ExitCode}, not {wait.ExitCode}{Detail(wrong)}");
            }
            var failedToStart = replicas.FirstOrDefault(r => r.State == ResourceState.FailedToStart);
            return failedToStart is null ? (false, null) : (false, $"'{failedToStart.Name}' failed to start{Detail(failedToStart)}");
        }

        if (replicas.All(r => r.State == ResourceState.Running && r.ReadyAt is not null)) return (true, null);
        var failed = replicas.FirstOrDefault(r => r.IsTerminal);
        if (failed is null) return (false, null);
        return failed.State switch
        {
            ResourceState.FailedToStart => (false, $"'{failed.Name}' failed to start{Detail(failed)}"),
            ResourceState.Finished => (false, $"'{failed.Name}' finished (exit code 0) without becoming healthy; use WaitForCompletion for a job"),
            _ => (false, $"'{failed.Name}' exited with code {failed.ExitCode} before it became healthy{Detail(failed)}"),
        };
    }

    private static string Detail(ResourceSnapshot s) => s.Message is null ? "" : $": {s.Message}";

    private static string DescribeState(RunContext run, IResource target)
    {
        var parts = run.Notifications.GetReplicas(target.Name).Select(r =>
            $"'{r.Name}' is {r.State}" +
            (r.State == ResourceState.Running ? $", health {r.Health}" : "") +
            (r.HealthMessage is { } h && r.Health != ResourceHealth.Healthy ? $" ({h})" : "") +
            (r.Message is { } m ? $" ({m})" : ""));
        return string.Join("; ", parts);
    }

    internal static string Describe(TimeSpan t) =>
        t.TotalMinutes >= 1 && t.TotalSeconds % 60 == 0 ? $"{t.TotalMinutes:0} min"
        : t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#} s"
        : $"{t.TotalMilliseconds:0} ms";
}
