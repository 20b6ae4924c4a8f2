using Orchestration.Dashboard;

namespace Aspire.Hosting;

/// <summary>Adds Orchestration's dashboard to an Aspire AppHost run by the native runtime.</summary>
public static class AspireDashboardBuilderExtensions
{
    /// <summary>
    /// Runs the dashboard inside the AppHost (resources, console, structured logs, traces, metrics), listening
    /// before the first resource starts; every process exports its telemetry to it. Options come from the
    /// configuration section <c>Dashboard</c>, then <paramref name="configure"/>.
    /// <code>DistributedApplication.CreateBuilder(args).UseNativeRuntime().AddDashboard();</code>
    /// </summary>
    public static IDistributedApplicationBuilder AddDashboard(this IDistributedApplicationBuilder builder, Action<DashboardOptions>? configure = null)
        => builder.ConfigureNativeRuntime(native => Orchestration.Hosting.DashboardBuilderExtensions.AddDashboard(native, configure));
}
