using System.Runtime.CompilerServices;
using Orchestration.Hosting;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Dashboard.Resources;

/// <summary>The resources of the AppHost the dashboard runs in: states from its notifications, output from its log service.</summary>
internal sealed class AppHostResourceSource(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLogService logs,
    IConnectionStringResolver connectionStrings,
    IResourceEnvironment environments,
    IResourceCommands commands) : IDashboardResourceSource
{
    /// <summary>Holds the dashboard's own OTLP key (given to every process); no parameter marks it secret.</summary>
    private const string OtlpHeaders = "OTEL_EXPORTER_OTLP_HEADERS";

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
            result.Add(ToDashboard(s) with { ConnectionString = connectionString });
        }
        return result;
    }

    public async IAsyncEnumerable<DashboardResource> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var s in notifications.WatchAsync(cancellationToken).ConfigureAwait(false)) yield return ToDashboard(s);
    }

    private DashboardResource ToDashboard(ResourceSnapshot s)
    {
        var resource = model.Find(s.ResourceName);
        return new DashboardResource
        {
            Name = s.Name,
            ResourceName = s.ResourceName,
            Type = s.Type,
            State = s.State,
            Health = s.Health,
            HealthMessage = s.HealthMessage,
            Endpoints = s.Endpoints,
            Pid = s.Pid,
            ExitCode = s.ExitCode,
            RestartCount = s.RestartCount,
            Message = s.Message,
            WaitingAt = s.WaitingAt,
            StartedAt = s.StartedAt,
            ReadyAt = s.ReadyAt,
            StoppedAt = s.StoppedAt,
            Parent = (resource as IResourceWithParent)?.Parent.Name,
            WaitsFor = resource is null ? [] : [.. resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Target.Name).Distinct()],
        };
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

    public IAsyncEnumerable<LogLine> WatchConsoleAsync(string name, CancellationToken cancellationToken) => logs.WatchAsync(name, cancellationToken);

    public async Task<IReadOnlyList<EnvironmentVariableSnapshot>?> GetEnvironmentAsync(string name, CancellationToken cancellationToken)
    {
        if (notifications.Get(name) is null) return null;
        try
        {
            var environment = await environments.GetEnvironmentAsync(name, cancellationToken).ConfigureAwait(false);
            return environment?.Select(v => v.Name == OtlpHeaders ? v with { IsSecret = true } : v).ToList() ?? []; // a database inside its server has none
        }
        catch (Exception e) when (e is DistributedApplicationException or InvalidOperationException)
        {
            return null;
        }
    }

    public Task RunCommandAsync(string name, ResourceCommand command, CancellationToken cancellationToken) => command switch
    {
        ResourceCommand.Start => commands.StartResourceAsync(name, cancellationToken),
        ResourceCommand.Stop => commands.StopResourceAsync(name, cancellationToken),
        ResourceCommand.Restart => commands.RestartResourceAsync(name, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };
}
