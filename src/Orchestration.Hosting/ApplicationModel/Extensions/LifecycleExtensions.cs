using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting;

/// <summary>Restart policy, stop behaviour and lifecycle callbacks.</summary>
internal static class LifecycleExtensions
{
    /// <summary>
    /// When to start an exited process again. Backoff doubles from <paramref name="initialBackoff"/>
    /// (1 s) up to <paramref name="maxBackoff"/> (30 s) and starts over after 10 s of health. By default
    /// a process is restarted for as long as it takes; <paramref name="maxRestarts"/> gives up after that
    /// many restarts in a row (10 minutes of health break the row).
    /// <code>worker.WithRestartPolicy(RestartPolicy.Always)</code>
    /// </summary>
    public static IResourceBuilder<T> WithRestartPolicy<T>(this IResourceBuilder<T> builder, RestartPolicy policy, int? maxRestarts = null, TimeSpan? initialBackoff = null, TimeSpan? maxBackoff = null)
        where T : IProcessResource
        => builder.WithAnnotation(new RestartPolicyAnnotation(policy, maxRestarts, initialBackoff, maxBackoff));

    /// <summary>
    /// How the process is stopped: <paramref name="signal"/> to its process group (SIGTERM by
    /// default), SIGKILL after <paramref name="gracePeriod"/> (10 s by default).
    /// <code>pg.WithStopSignal(StopAnnotation.SigInt, TimeSpan.FromSeconds(30))</code>
    /// </summary>
    public static IResourceBuilder<T> WithStopSignal<T>(this IResourceBuilder<T> builder, int signal = StopAnnotation.SigTerm, TimeSpan? gracePeriod = null)
        where T : IProcessResource
        => builder.WithAnnotation(new StopAnnotation(gracePeriod, signal));

    /// <summary>Runs just before each start of the process, once its dependencies are ready.</summary>
    public static IResourceBuilder<T> OnBeforeResourceStarted<T>(this IResourceBuilder<T> builder, Func<T, ResourceEventContext, Task> callback) where T : IResource
        => builder.WithAnnotation(new BeforeStartAnnotation(ctx => callback(builder.Resource, ctx)));

    /// <summary>Runs when the resource first becomes healthy after a start, before its dependents start (create databases, buckets).</summary>
    public static IResourceBuilder<T> OnResourceReady<T>(this IResourceBuilder<T> builder, Func<T, ResourceEventContext, Task> callback) where T : IResource
        => builder.WithAnnotation(new ResourceReadyAnnotation(ctx => callback(builder.Resource, ctx)));
}
