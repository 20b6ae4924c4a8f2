namespace Orchestration.Hosting.Orchestration;

/// <summary>One endpoint as the local run resolved it.</summary>
internal sealed record EndpointSnapshot(string Name, string Url);

/// <summary>
/// The state of one running copy of a resource at one moment. With one replica, <see cref="Name"/>
/// equals <see cref="ResourceName"/>; with more, copies are named <c>api-0</c>, <c>api-1</c>, ...
/// </summary>
internal sealed record ResourceSnapshot
{
    /// <summary>The copy's name.</summary>
    public required string Name { get; init; }
    /// <summary>The resource's name in the model.</summary>
    public required string ResourceName { get; init; }
    /// <summary>The replica index (0 for the first).</summary>
    public int Replica { get; init; }
    /// <summary>The resource type ("Executable", "Project", ...).</summary>
    public required string Type { get; init; }
    /// <summary>The lifecycle state.</summary>
    public ResourceState State { get; init; } = ResourceState.NotStarted;
    /// <summary>What the health checks say.</summary>
    public ResourceHealth Health { get; init; } = ResourceHealth.Unknown;
    /// <summary>The last failing check's description, when unhealthy.</summary>
    public string? HealthMessage { get; init; }
    /// <summary>Endpoints with their local URLs.</summary>
    public IReadOnlyList<EndpointSnapshot> Endpoints { get; init; } = [];
    /// <summary>The process id while it runs.</summary>
    public int? Pid { get; init; }
    /// <summary>The exit code of the last run.</summary>
    public int? ExitCode { get; init; }
    /// <summary>How often it was restarted.</summary>
    public int RestartCount { get; init; }
    /// <summary>Why it failed, naming the root cause; or null.</summary>
    public string? Message { get; init; }
    /// <summary>When it began waiting for dependencies.</summary>
    public DateTimeOffset? WaitingAt { get; init; }
    /// <summary>When its process started.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it became healthy and its ready callbacks finished: dependents start from here.</summary>
    public DateTimeOffset? ReadyAt { get; init; }
    /// <summary>When its process last exited.</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>Exited, and about to be started again by its restart policy.</summary>
    public bool Restarting { get; init; }

    /// <summary>Whether the state will not change without a command.</summary>
    public bool IsTerminal => !Restarting && State is ResourceState.Exited or ResourceState.Finished or ResourceState.FailedToStart;
}
