// The dashboard on its own, as an OTLP viewer for any application:
//   dotnet run --project src/Orchestration.Dashboard [-- --unsecured] [--Dashboard:Port=18888 ...] [--Dashboard:Persist=true]
// Inside an AppHost it is started by builder.AddDashboard() instead.
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orchestration.Dashboard;
using Orchestration.Hosting;

// --unsecured is a switch without a value; the command-line provider would take the next argument as its value.
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables()
    .AddCommandLine([.. args.Where(a => a != "--unsecured")])
    .Build();

DashboardServer dashboard;
try
{
    dashboard = new DashboardServer(DashboardOptions.FromConfiguration(configuration, args), resources: null,
        LoggerFactory.Create(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning)));
    await dashboard.StartAsync();
}
catch (DistributedApplicationException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

await using (dashboard)
{
    var key = dashboard.Unsecured ? "" : $" OTEL_EXPORTER_OTLP_HEADERS=x-otlp-api-key={dashboard.OtlpApiKey}";
    Console.WriteLine($"Dashboard: {dashboard.LoginUrl}");
    Console.WriteLine($"Send telemetry with: OTEL_EXPORTER_OTLP_ENDPOINT={dashboard.OtlpGrpcUrl.GetLeftPart(UriPartial.Authority)} OTEL_EXPORTER_OTLP_PROTOCOL=grpc{key}");
    Console.WriteLine($"  (OTLP/HTTP: {dashboard.OtlpHttpUrl.GetLeftPart(UriPartial.Authority)}, protobuf or JSON). Ctrl+C stops.");
    if (dashboard.PersistFile is { } file) Console.WriteLine($"Telemetry is kept across runs in {file} (Dashboard:Persist).");

    var stop = new TaskCompletionSource();
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
    await stop.Task;
}
return 0;

/// <summary>Not public: AppHosts and tests referencing the dashboard have a Program of their own.</summary>
internal partial class Program;
