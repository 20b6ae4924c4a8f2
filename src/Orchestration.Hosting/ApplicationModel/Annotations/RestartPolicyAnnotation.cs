namespace Orchestration.Hosting.ApplicationModel;

/// <summary>When a process that exited is started again.</summary>
public enum RestartPolicy
{
    /// <summary>Never: an exit is final.</summary>
    Never,
    /// <summary>Only when it exited with a non-zero code (the default for services).</summary>
    OnFailure,
    /// <summary>Whenever it exits, unless the stack is stopping.</summary>
    Always,
}

/// <summary>
/// A resource's restart policy, like Kubernetes' CrashLoopBackOff: the wait before a restart doubles from
/// <see cref="InitialBackoff"/> up to <see cref="MaxBackoff"/>, and starts over once the process has been
/// healthy for <see cref="BackoffResetAfter"/>. A service is never given up on unless the model sets
/// <see cref="MaxRestarts"/>: then it stays down after that many restarts in a row, a row being broken by
/// <see cref="CountResetAfter"/> of health.
/// <code>worker.WithAnnotation(new RestartPolicyAnnotation(RestartPolicy.Always) { BackoffResetAfter = TimeSpan.FromSeconds(30) })</code>
/// </summary>
public sealed record RestartPolicyAnnotation(
    RestartPolicy Policy,
    int? MaxRestarts = null,
    TimeSpan? InitialBackoff = null,
    TimeSpan? MaxBackoff = null) : IResourceAnnotation
{
    /// <summary>The policy of resources that say nothing: restart on failure, for as long as it takes.</summary>
    public static RestartPolicyAnnotation Default { get; } = new(RestartPolicy.OnFailure);

    /// <summary>
    /// How long a run must stay healthy for the next crash to be treated as a first one again (backoff
    /// back to <see cref="InitialBackoff"/>). Default 10 s: a service that ran fine and then crashed once
    /// is back at once, not after the 30 s its last crash loop had reached.
    /// </summary>
    public TimeSpan BackoffResetAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a run must stay healthy for its earlier restarts to stop counting toward
    /// <see cref="MaxRestarts"/>. Default 10 minutes, Kubernetes' figure for a container that "runs fine".
    /// </summary>
    public TimeSpan CountResetAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The wait before the <paramref name="step"/>-th restart of a crash loop (1-based).</summary>
    public TimeSpan BackoffFor(int step)
    {
        var initial = InitialBackoff ?? TimeSpan.FromSeconds(1);
        var max = MaxBackoff ?? TimeSpan.FromSeconds(30);
        var factor = Math.Pow(2, Math.Min(Math.Max(step, 1) - 1, 20));
        return TimeSpan.FromTicks((long)Math.Min(max.Ticks, initial.Ticks * factor));
    }
}
