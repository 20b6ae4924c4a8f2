using Orchestration.Hosting;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Dashboard.Hosting;

/// <summary>
/// Before the model is validated: settles the dashboard's ports (a taken one fails the start before anything
/// runs), starts the dashboard beside the resources, prints the login link, and gives every process its OTLP
/// settings. Kestrel's start (~100 ms of CPU) is off the path to the first spawn: an exporter only sends once
/// its process is well under way, and the start returns only once the dashboard listens.
/// </summary>
internal sealed class DashboardLifecycleHook(DashboardServer server, StackConsole console, bool fastExport) : IDistributedApplicationLifecycleHook
{
    private Task _started = Task.CompletedTask;

    public Task BeforeStartAsync(DistributedApplicationModel model, CancellationToken cancellationToken)
    {
        server.ReservePorts();
        _started = Task.Run(() => server.StartAsync(cancellationToken), cancellationToken);
        console.WriteInfo($"Dashboard: {server.LoginUrl}");
        foreach (var resource in model.Resources.OfType<IProcessResource>())
            resource.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                AddOtlpEnvironment(context);
                return Task.CompletedTask;
            }));
        return Task.CompletedTask;
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
