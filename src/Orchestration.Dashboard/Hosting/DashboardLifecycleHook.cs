using Orchestration.Hosting;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Dashboard.Hosting;

/// <summary>
/// Before the model is validated: starts the dashboard, prints the login link, and gives every process its OTLP
/// settings. With fixed ports (the default) they are checked free first (a taken one fails the start before anything
/// runs) and Kestrel starts beside the resources, off the path to the first spawn (~100 ms of CPU): an exporter only
/// sends once its process is well under way, and the start returns only once the dashboard listens. With free ports
/// (tests) it starts first, as its ports are known only once bound.
/// </summary>
internal sealed class DashboardLifecycleHook(DashboardServer server, StackConsole console, bool fastExport) : IDistributedApplicationLifecycleHook
{
    private Task _started = Task.CompletedTask;

    public async Task BeforeStartAsync(DistributedApplicationModel model, CancellationToken cancellationToken)
    {
        if (server.TryReservePorts()) _started = Task.Run(() => server.StartAsync(cancellationToken), cancellationToken);
        else await server.StartAsync(cancellationToken).ConfigureAwait(false);
        console.WriteInfo($"Dashboard: {server.LoginUrl}");
        foreach (var resource in model.Resources.OfType<IProcessResource>())
            resource.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                AddOtlpEnvironment(context);
                return Task.CompletedTask;
            }));
    }

    public Task AfterStartAsync(CancellationToken cancellationToken) => _started;

    private void AddOtlpEnvironment(EnvironmentCallbackContext context)
    {
        // TryAdd: what the model sets itself (another collector, another service name) wins.
        var env = context.EnvironmentVariables;
        env.TryAdd("OTEL_EXPORTER_OTLP_ENDPOINT", server.OtlpGrpcUrl.GetLeftPart(UriPartial.Authority));
        env.TryAdd("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
        if (!server.Unsecured) env.TryAdd("OTEL_EXPORTER_OTLP_HEADERS", $"x-otlp-api-key={server.OtlpApiKey}");
        env.TryAdd("OTEL_SERVICE_NAME", context.Resource.Name);
        env.TryAdd("OTEL_RESOURCE_ATTRIBUTES", $"service.instance.id={context.InstanceName}");
        if (fastExport)
        {
            // The SDKs' defaults (5 s for spans and logs, 60 s for metrics) make a dashboard look broken.
            env.TryAdd("OTEL_BSP_SCHEDULE_DELAY", "1000");
            env.TryAdd("OTEL_BLRP_SCHEDULE_DELAY", "1000");
            env.TryAdd("OTEL_METRIC_EXPORT_INTERVAL", "1000");
        }
    }
}
