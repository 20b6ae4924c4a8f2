using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting;

/// <summary>Start order: <c>WaitFor</c> and <c>WaitForCompletion</c>.</summary>
internal static class WaitExtensions
{
    /// <summary>
    /// Start only once <paramref name="dependency"/> is running and healthy. If it fails, or is not
    /// healthy within the wait timeout (2 minutes unless <paramref name="timeout"/> says otherwise),
    /// this resource fails to start with a message naming the cause — it never hangs.
    /// <code>api.WaitFor(db)</code>
    /// </summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency, TimeSpan? timeout = null)
        where T : IResourceWithWaitSupport
        => builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitType.UntilHealthy, 0, timeout));

    /// <summary>
    /// Start only once <paramref name="dependency"/> (a migration or seed job) has run to completion
    /// with <paramref name="exitCode"/>.
    /// <code>api.WaitForCompletion(migrate)</code>
    /// </summary>
    public static IResourceBuilder<T> WaitForCompletion<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency, int exitCode = 0, TimeSpan? timeout = null)
        where T : IResourceWithWaitSupport
        => builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitType.UntilCompleted, exitCode, timeout));
}
