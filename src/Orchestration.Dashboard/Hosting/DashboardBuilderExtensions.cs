using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestration.Dashboard;
using Orchestration.Dashboard.Hosting;
using Orchestration.Dashboard.Resources;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting;

/// <summary>Adds the dashboard to an AppHost.</summary>
internal static class DashboardBuilderExtensions
{
    /// <summary>
    /// Runs the dashboard inside the AppHost: it is listening before the first resource starts, its
    /// login link is printed (<c>Dashboard: http://127.0.0.1:18888/login?t=...</c>), and every process
    /// the AppHost starts exports its traces, logs and metrics to it (<c>OTEL_EXPORTER_OTLP_*</c>,
    /// <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>). Options come from the configuration
    /// section <c>Dashboard</c>, then <paramref name="configure"/>; with
    /// <see cref="DistributedApplicationOptions.RandomizePorts"/> (tests) its ports are free ones too.
    /// <code>builder.AddDashboard();</code>
    /// </summary>
    public static IDistributedApplicationBuilder AddDashboard(this IDistributedApplicationBuilder builder, Action<DashboardOptions>? configure = null)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(DashboardServer))) return builder;

        var options = DashboardOptions.FromConfiguration(builder.Configuration, builder.Options.Args);
        if (builder.Options.RandomizePorts) options.Port = options.OtlpGrpcPort = options.OtlpHttpPort = 0;
        configure?.Invoke(options);
        var fastExport = options.FastExport ?? builder.Environment.IsDevelopment();

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IDashboardResourceSource, AppHostResourceSource>();
        builder.Services.AddSingleton(sp =>
        {
            // Dashboard:Persist keeps the file with the AppHost's other state (data volumes, parameters).
            if (options.Persist) options.PersistDirectory ??= sp.GetRequiredService<AppHostDirectories>().State;
            return new DashboardServer(options, sp.GetRequiredService<IDashboardResourceSource>(), sp.GetService<ILoggerFactory>());
        });
        builder.Services.AddHostedService<DashboardHostedService>();
        builder.Services.AddSingleton<IDistributedApplicationLifecycleHook>(sp => new DashboardLifecycleHook(
            sp.GetRequiredService<DashboardServer>(), sp.GetRequiredService<Orchestration.StackConsole>(), fastExport));
        return builder;
    }
}
