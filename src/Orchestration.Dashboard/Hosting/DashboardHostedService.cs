using Microsoft.Extensions.Hosting;

namespace Orchestration.Dashboard.Hosting;

/// <summary>
/// Ties the dashboard to the AppHost's host: the host stops it after every resource has stopped, so their last
/// telemetry still arrives. The lifecycle hook starts it (beside the resources), not the host's start.
/// </summary>
internal sealed class DashboardHostedService(DashboardServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
