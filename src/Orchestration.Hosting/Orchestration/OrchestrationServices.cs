using Microsoft.Extensions.DependencyInjection;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

internal static class OrchestrationServices
{
    public static void Add(IServiceCollection services, DistributedApplicationOptions options, string appHostDirectory)
    {
        // Made by a factory so the container disposes it (removing the run folder) with the host.
        services.AddSingleton(_ => new AppHostDirectories(options, appHostDirectory));
        services.AddSingleton<ParameterValues>();
        services.AddSingleton<ResourceNotificationService>();
        services.AddSingleton<ResourceLogService>();
        services.AddSingleton(new StackConsole(options));
        services.AddSingleton<Orchestrator>();
        // What services of the AppHost (the dashboard) may ask of the run, without the whole application.
        services.AddSingleton<IResourceCommands>(sp => sp.GetRequiredService<Orchestrator>());
        services.AddSingleton<IConnectionStringResolver>(sp => sp.GetRequiredService<Orchestrator>());
        services.AddSingleton<IResourceEnvironment>(sp => sp.GetRequiredService<Orchestrator>());
    }
}
