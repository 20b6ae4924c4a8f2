namespace Aspire.Hosting;

/// <summary>
/// The native runtime's run options, for an Aspire AppHost: bound from configuration section <c>Orchestration</c>
/// (<c>--Orchestration:WaitTimeout=00:00:30</c>, <c>Orchestration__StateDirectory</c>, appsettings.json), and
/// settable in code, where also the console can be redirected:
/// <code>builder.Services.Configure&lt;NativeRuntimeOptions&gt;(o => o.StopGracePeriod = TimeSpan.FromSeconds(5));</code>
/// Unset values keep the engine's defaults.
/// </summary>
public sealed class NativeRuntimeOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Orchestration";

    /// <summary>Where per-machine state lives (generated parameter values, data volumes). Default: outside the repository, per AppHost.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>How long a resource waits for a dependency before it gives up and names the cause. Default 2 minutes.</summary>
    public TimeSpan? WaitTimeout { get; set; }

    /// <summary>How long a process has after its stop signal before SIGKILL, unless the resource says otherwise. Default 10 s.</summary>
    public TimeSpan? StopGracePeriod { get; set; }

    /// <summary>Give every endpoint a free port, also those the model fixes: a stack beside a running one.</summary>
    public bool? RandomizePorts { get; set; }

    /// <summary>Color the resource prefixes on the console. Default: when the output is a terminal and NO_COLOR is unset.</summary>
    public bool? UseColor { get; set; }

    /// <summary>Where the prefixed output of all resources and the runner's own lines go (code only). Default: standard output.</summary>
    public TextWriter? Output { get; set; }

    internal void ApplyTo(Orchestration.Hosting.DistributedApplicationOptions options)
    {
        if (StateDirectory is { } state) options.StateDirectory = state;
        if (WaitTimeout is { } wait) options.WaitTimeout = wait;
        if (StopGracePeriod is { } grace) options.StopGracePeriod = grace;
        if (RandomizePorts is { } randomize) options.RandomizePorts = randomize;
        if (UseColor is { } color) options.UseColor = color;
        if (Output is { } output) options.Output = output;
    }
}
