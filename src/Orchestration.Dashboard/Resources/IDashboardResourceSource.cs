using Orchestration.Hosting.Orchestration;

namespace Orchestration.Dashboard.Resources;

/// <summary>
/// Where the dashboard learns about resources: the AppHost's run when hosted in one; none standalone,
/// where it shows only telemetry.
/// </summary>
internal interface IDashboardResourceSource
{
    /// <summary>Every copy of every resource, in model order; connection strings only with <paramref name="includeSecrets"/>.</summary>
    Task<IReadOnlyList<DashboardResource>> GetResourcesAsync(bool includeSecrets, CancellationToken cancellationToken);

    /// <summary>Every copy now, then each copy again whenever its state changes (connection strings never).</summary>
    IAsyncEnumerable<DashboardResource> WatchAsync(CancellationToken cancellationToken);

    /// <summary>The console lines kept for one copy, oldest first; null when there is no such copy.</summary>
    IReadOnlyList<LogLine>? GetConsoleLines(string name);

    /// <summary>The kept console lines of one copy, then new ones as they come.</summary>
    IAsyncEnumerable<LogLine> WatchConsoleAsync(string name, CancellationToken cancellationToken);

    /// <summary>The environment of one copy, secret values marked; null when there is no such process.</summary>
    Task<IReadOnlyList<EnvironmentVariableSnapshot>?> GetEnvironmentAsync(string name, CancellationToken cancellationToken);

    /// <summary>Starts, stops or restarts a resource (all its copies) or one copy.</summary>
    Task RunCommandAsync(string name, ResourceCommand command, CancellationToken cancellationToken);
}

/// <summary>What the resources page's buttons ask for.</summary>
internal enum ResourceCommand
{
    /// <summary>Start a stopped resource.</summary>
    Start,
    /// <summary>Stop a running resource.</summary>
    Stop,
    /// <summary>Stop, then start.</summary>
    Restart,
}
