using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestration.NativeRuntime.Recipes;
using Orchestration.NativeRuntime.Running;

namespace Aspire.Hosting;

/// <summary>Runs an Aspire AppHost on Orchestration's native engine instead of DCP.</summary>
public static class NativeRuntimeBuilderExtensions
{
    /// <summary>The configuration key (command line <c>--runtime dcp</c>) that keeps Aspire's own orchestrator.</summary>
    public const string RuntimeKey = "runtime";

    private const string AspireHealthServiceName = "ResourceHealthCheckService";

    /// <summary>
    /// Runs this model natively: executables and projects as processes, containers that have a native
    /// recipe (PostgreSQL, Redis, ...) as the native server, no DCP and no container engine. With
    /// <c>--runtime dcp</c> on the command line (configuration <c>runtime=dcp</c>), Aspire's own
    /// orchestrator runs the model instead, for machines with a container engine.
    /// <code>var builder = DistributedApplication.CreateBuilder(args).UseNativeRuntime();</code>
    /// </summary>
    public static IDistributedApplicationBuilder UseNativeRuntime(this IDistributedApplicationBuilder builder)
    {
        ConfigurationWatch.StopPassingOn();
        if (!builder.ExecutionContext.IsRunMode) return builder;
        if (string.Equals(builder.Configuration[RuntimeKey], "dcp", StringComparison.OrdinalIgnoreCase)) return builder;

        StartupJitProfile.Start(builder.Environment.ApplicationName);
        AppHostProcess.TakeOver(builder.Environment.ApplicationName);

        // Aspire's run-mode services start DCP, its dashboard and its CLI back channel; ours replace them, so
        // none of Aspire.Hosting's hosted services runs but one: its health service, the only public-facing
        // way to a healthy snapshot (HealthReports and the ready event in a snapshot are internal to set),
        // which WaitForResourceHealthyAsync and the testing builder wait for. The types are internal: which
        // assembly registered a service, and the health service's name, are the only handles on them.
        var aspire = typeof(DistributedApplication).Assembly;
        foreach (var hosted in builder.Services.Where(d => d.ServiceType == typeof(IHostedService)).ToList())
        {
            var type = hosted.ImplementationType ?? hosted.ImplementationInstance?.GetType() ?? hosted.ImplementationFactory?.Method.ReturnType;
            if (type?.Assembly == aspire && type.Name != AspireHealthServiceName) builder.Services.Remove(hosted);
        }
        // Aspire's dashboard host reads this flag when it is built; ours serves resources and telemetry.
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(DistributedApplicationOptions))?.ImplementationInstance is DistributedApplicationOptions options)
            options.DisableDashboard = true;

        // Aspire still names resources the way DCP would (BeforeStartEvent), which validates DCP's options.
        // An AppHost built with the Aspire SDK has them; one without (a test's model) needs none natively.
        foreach (var key in (string[])["DcpPublisher:CliPath", "DcpPublisher:DashboardPath"])
            builder.Configuration[key] ??= "(not used by the native runtime)";

        // Every failed poll while a server starts would be logged as an error with a stack trace; the
        // runner reports health itself.
        builder.Services.AddLogging(logging => logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        // An invalid model stops the host from starting, on purpose and with its problems printed: not a
        // "Hosting failed to start" error with a stack trace.
        builder.Services.AddLogging(logging => logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INativeRecipe, PostgresRecipe>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INativeRecipe, RedisRecipe>());
        builder.Services.AddOptions<NativeRuntimeOptions>().BindConfiguration(NativeRuntimeOptions.SectionName);
        builder.Services.AddSingleton(new NativeRuntimeSettings(builder.AppHostDirectory, builder.Configuration));
        builder.Services.AddSingleton<NativeRuntimeService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NativeRuntimeService>());
        return builder;
    }
}
