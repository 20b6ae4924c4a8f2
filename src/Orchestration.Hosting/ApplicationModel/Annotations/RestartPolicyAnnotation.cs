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

/// <summary>A resource's restart policy: backoff doubles from <see cref="InitialBackoff"/> up to <see cref="MaxBackoff"/>, at most <see cref="MaxRestarts"/> times.</summary>
public sealed record RestartPolicyAnnotation(
    RestartPolicy Policy,
    int MaxRestarts = 5,
    TimeSpan? InitialBackoff = null,
    TimeSpan? MaxBackoff = null) : IResourceAnnotation
{
    /// <summary>The policy of resources that say nothing.</summary>
    public static RestartPolicyAnnotation Default { get; } = new(RestartPolicy.OnFailure);

    /// <summary>The wait before restart number <paramref name="restart"/> (1-based).</summary>
    public TimeSpan BackoffFor(int restart)
    {
        var initial = InitialBackoff ?? TimeSpan.FromSeconds(1);
        var max = MaxBackoff ?? TimeSpan.FromSeconds(30);
        var factor = Math.Pow(2, Math.Min(restart - 1, 20));
        return TimeSpan.FromTicks((long)Math.Min(max.Ticks, initial.Ticks * factor));
    }
}
