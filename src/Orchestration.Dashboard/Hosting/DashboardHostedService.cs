using Microsoft.Extensions.Hosting;

namespace Orchestration.Dashboard.Hosting;

/// <summary>
/// Ties the dashboard to the AppHost's host. It is normally listening already (the lifecycle hook
/// starts it before validation, so the OTLP endpoint is known when environments are resolved); the
/// host stops it after every resource has stopped, so their last telemetry still arrives.
/// </summary>
internal sealed class DashboardHostedService(DashboardServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
