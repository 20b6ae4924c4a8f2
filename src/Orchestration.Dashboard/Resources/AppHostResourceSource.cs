using Orchestration.Hosting;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Dashboard.Resources;

/// <summary>The resources of the AppHost the dashboard runs in: states from its notifications, output from its log service.</summary>
internal sealed class AppHostResourceSource(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLogService logs,
    IConnectionStringResolver connectionStrings) : IDashboardResourceSource
{
    public async Task<IReadOnlyList<DashboardResource>> GetResourcesAsync(bool includeSecrets, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, string?>(StringComparer.Ordinal);
        var result = new List<DashboardResource>();
        foreach (var s in notifications.GetSnapshots())
        {
            string? connectionString = null;
            if (includeSecrets && model.Find(s.ResourceName) is IResourceWithConnectionString
                && !resolved.TryGetValue(s.ResourceName, out connectionString))
                resolved[s.ResourceName] = connectionString = await ResolveAsync(s.ResourceName, cancellationToken).ConfigureAwait(false);
            result.Add(new DashboardResource
            {
                Name = s.Name,
                ResourceName = s.ResourceName,
                Type = s.Type,
                State = s.State,
                Health = s.Health,
                HealthMessage = s.HealthMessage,
                Endpoints = s.Endpoints,
                ConnectionString = connectionString,
                Pid = s.Pid,
                ExitCode = s.ExitCode,
                RestartCount = s.RestartCount,
                Message = s.Message,
                WaitingAt = s.WaitingAt,
                StartedAt = s.StartedAt,
                ReadyAt = s.ReadyAt,
                StoppedAt = s.StoppedAt,
            });
        }
        return result;
    }

    private async Task<string?> ResolveAsync(string resourceName, CancellationToken cancellationToken)
    {
        try
        {
            return await connectionStrings.GetConnectionStringAsync(resourceName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DistributedApplicationException or InvalidOperationException)
        {
            return null; // not resolvable yet (before validation) or a parameter without a value: the state says why
        }
    }

    public IReadOnlyList<LogLine>? GetConsoleLines(string name) => notifications.Get(name) is null ? null : logs.GetLines(name);
}
