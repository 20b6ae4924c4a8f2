using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestration.NativeRuntime.Running;

/// <summary>
/// Aspire's start, stop and restart commands on each process the engine runs. DCP adds its own when it creates a
/// resource, wired to its orchestrator; natively nothing would, so <c>ResourceCommandService</c> (and a dashboard)
/// would find no such command. Ours act through the engine: its stop signal, grace period and SIGKILL.
/// </summary>
internal static class NativeLifecycleCommands
{
    public static void Add(IResource resource)
    {
        Add(resource, KnownResourceCommands.StartCommand, "Start", "Play", (commands, name, ct) => commands.StartResourceAsync(name, ct),
            state => IsStopped(state) || state == KnownResourceStates.Waiting ? ResourceCommandState.Enabled : IsStarting(state) ? ResourceCommandState.Disabled : ResourceCommandState.Hidden);
        Add(resource, KnownResourceCommands.StopCommand, "Stop", "Stop", (commands, name, ct) => commands.StopResourceAsync(name, ct),
            state => state == KnownResourceStates.Stopping ? ResourceCommandState.Disabled
                : IsStopped(state) || IsStarting(state) || state == KnownResourceStates.Waiting ? ResourceCommandState.Hidden : ResourceCommandState.Enabled);
        Add(resource, KnownResourceCommands.RestartCommand, "Restart", "ArrowCounterclockwise", (commands, name, ct) => commands.RestartResourceAsync(name, ct),
            state => state == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled);
    }

    private static void Add(IResource resource, string command, string displayName, string icon,
        Func<Hosting.Orchestration.IResourceCommands, string, CancellationToken, Task> act, Func<string?, ResourceCommandState> stateFor)
    {
        if (resource.Annotations.OfType<ResourceCommandAnnotation>().Any(c => c.Name == command)) return;
        resource.Annotations.Add(new ResourceCommandAnnotation(command, displayName,
            updateState: context => stateFor(context.ResourceSnapshot.State?.Text),
            executeCommand: async context =>
            {
                var app = await context.Services.GetRequiredService<NativeRuntimeService>().PrepareAsync(context.CancellationToken).ConfigureAwait(false);
                await act(app.ResourceCommands, resource.Name, context.CancellationToken).ConfigureAwait(false);
                return CommandResults.Success();
            },
            displayDescription: null, arguments: null, confirmationMessage: null, iconName: icon, iconVariant: IconVariant.Regular, isHighlighted: false));
    }

    private static bool IsStopped(string? state) => state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart;

    private static bool IsStarting(string? state) => state == KnownResourceStates.Starting || state == KnownResourceStates.NotStarted || state is null;
}
