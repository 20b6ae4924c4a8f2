using Orchestration.Hosting.Orchestration;

namespace Orchestration.Dashboard.Resources;

/// <summary>One running copy of a resource, as <c>GET /api/resources</c> lists it.</summary>
internal sealed record DashboardResource
{
    /// <summary>The copy's name (<c>api</c>, or <c>api-0</c>, <c>api-1</c> with replicas).</summary>
    public required string Name { get; init; }
    /// <summary>The resource's name in the model.</summary>
    public required string ResourceName { get; init; }
    /// <summary>Executable, Project, Postgres, ...</summary>
    public required string Type { get; init; }
    /// <summary>NotStarted, Waiting, Starting, Running, Stopping, Exited, Finished or FailedToStart.</summary>
    public required ResourceState State { get; init; }
    /// <summary>Unknown, Healthy or Unhealthy.</summary>
    public required ResourceHealth Health { get; init; }
    /// <summary>Why it is unhealthy.</summary>
    public string? HealthMessage { get; init; }
    /// <summary>Its endpoints and their local URLs.</summary>
    public required IReadOnlyList<EndpointSnapshot> Endpoints { get; init; }
    /// <summary>Its connection string, only when asked for with <c>?secrets=true</c>: it usually holds a password.</summary>
    public string? ConnectionString { get; init; }
    /// <summary>The process id while it runs.</summary>
    public int? Pid { get; init; }
    /// <summary>The last exit code.</summary>
    public int? ExitCode { get; init; }
    /// <summary>How often it was restarted.</summary>
    public int RestartCount { get; init; }
    /// <summary>Why it failed.</summary>
    public string? Message { get; init; }
    /// <summary>When it began waiting for its dependencies.</summary>
    public DateTimeOffset? WaitingAt { get; init; }
    /// <summary>When its process started.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it became healthy and ready.</summary>
    public DateTimeOffset? ReadyAt { get; init; }
    /// <summary>When its process last exited.</summary>
    public DateTimeOffset? StoppedAt { get; init; }
    /// <summary>The resource that hosts it (a database's server), or null.</summary>
    public string? Parent { get; init; }
    /// <summary>The resources it waits for before it starts (the startup graph's edges).</summary>
    public IReadOnlyList<string> WaitsFor { get; init; } = [];
}
