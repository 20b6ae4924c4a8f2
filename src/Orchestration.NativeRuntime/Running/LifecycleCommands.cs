using Aspire.Hosting.ApplicationModel;
using Native = Orchestration.Hosting.Orchestration;

namespace Orchestration.NativeRuntime.Running;

/// <summary>
/// Aspire's start, stop and restart commands (<see cref="KnownResourceCommands"/>), carried out by the engine. DCP's
/// side adds them to each resource it creates; natively nothing would, so <c>ResourceCommandService.ExecuteCommandAsync</c>
/// (a test, Aspire's CLI) would find no such command.
/// </summary>
internal static class LifecycleCommands
{
    public static void Add(IEnumerable<IResource> resources, Native.IResourceCommands engine)
    {
        foreach (var resource in resources)
        {
            // A child (a database, a bucket) follows its server; a resource that brings its own commands keeps them.
            if (resource is IResourceWithParent) continue;
            Add(resource, KnownResourceCommands.StartCommand, "Start", "Play", engine.StartResourceAsync);
            Add(resource, KnownResourceCommands.StopCommand, "Stop", "Stop", engine.StopResourceAsync);
            Add(resource, KnownResourceCommands.RestartCommand, "Restart", "ArrowCounterclockwise", engine.RestartResourceAsync);
        }
    }

    private static void Add(IResource resource, string name, string displayName, string icon, Func<string, CancellationToken, Task> run)
    {
        if (resource.Annotations.OfType<ResourceCommandAnnotation>().Any(c => c.Name == name)) return;
        resource.Annotations.Add(new ResourceCommandAnnotation(name, displayName,
            updateState: _ => ResourceCommandState.Enabled,
            executeCommand: async context =>
            {
                await run(resource.Name, context.CancellationToken).ConfigureAwait(false);
                return CommandResults.Success();
            },
            displayDescription: null, parameter: null, confirmationMessage: null, iconName: icon, iconVariant: IconVariant.Regular, isHighlighted: false));
    }
}
