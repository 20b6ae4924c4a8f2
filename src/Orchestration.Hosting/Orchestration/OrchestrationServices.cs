using Microsoft.Extensions.DependencyInjection;

namespace Orchestration.Hosting.Orchestration;

internal static class OrchestrationServices
{
    public static void Add(IServiceCollection services, DistributedApplicationOptions options, string appHostDirectory)
    {
        services.AddSingleton(new StateDirectory(options, appHostDirectory));
        services.AddSingleton<ParameterValues>();
        services.AddSingleton<ResourceNotificationService>();
        services.AddSingleton<ResourceLogService>();
        services.AddSingleton(new StackConsole(options));
        services.AddSingleton<Orchestrator>();
    }
}
