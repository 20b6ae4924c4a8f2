using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Lowering;

/// <summary>Runs a resource's Aspire environment and argument callbacks: what the resource would be given at start.</summary>
internal static class AspireCallbacks
{
    public static async Task<Dictionary<string, object>> EnvironmentAsync(IResource resource, DistributedApplicationExecutionContext execution, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, object>(StringComparer.Ordinal);
        if (resource.TryGetAnnotationsOfType<EnvironmentCallbackAnnotation>(out var callbacks))
        {
            var context = new EnvironmentCallbackContext(execution, resource, environment, cancellationToken);
            foreach (var callback in callbacks) await callback.Callback(context).ConfigureAwait(false);
        }
        return environment;
    }

    public static async Task<List<object>> ArgsAsync(IResource resource, CancellationToken cancellationToken)
    {
        var args = new List<object>();
        if (resource.TryGetAnnotationsOfType<CommandLineArgsCallbackAnnotation>(out var callbacks))
        {
            var context = new CommandLineArgsCallbackContext(args, resource, cancellationToken);
            foreach (var callback in callbacks) await callback.Callback(context).ConfigureAwait(false);
        }
        return args;
    }
}
