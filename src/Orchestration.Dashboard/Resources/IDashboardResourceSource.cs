using Orchestration.Hosting.Orchestration;

namespace Orchestration.Dashboard.Resources;

/// <summary>
/// Where the dashboard learns about resources: the AppHost's run when hosted in one; none standalone,
/// where it shows only telemetry.
/// </summary>
public interface IDashboardResourceSource
{
    /// <summary>Every copy of every resource, in model order; connection strings only with <paramref name="includeSecrets"/>.</summary>
    Task<IReadOnlyList<DashboardResource>> GetResourcesAsync(bool includeSecrets, CancellationToken cancellationToken);

    /// <summary>The console lines kept for one copy, oldest first; null when there is no such copy.</summary>
    IReadOnlyList<LogLine>? GetConsoleLines(string name);
}
