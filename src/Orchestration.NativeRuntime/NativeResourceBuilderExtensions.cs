using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.NativeRuntime.Lowering;
using Native = Orchestration.Hosting;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// What Aspire has no annotation for, and the native runtime honours: stop signal and grace period, restart
/// policy, install hints. Carried on Aspire's resources; ignored by DCP.
/// </summary>
public static class NativeResourceBuilderExtensions
{
    /// <summary>
    /// How the process is asked to stop: <paramref name="signal"/> to its process group, SIGKILL after
    /// <paramref name="gracePeriod"/> (default 10 s).
    /// <code>builder.AddPythonApp("worker", "../worker", "worker.py").WithStopSignal(gracePeriod: TimeSpan.FromSeconds(30))</code>
    /// </summary>
    public static IResourceBuilder<T> WithStopSignal<T>(this IResourceBuilder<T> builder, int signal = NativeModel.StopAnnotation.SigTerm, TimeSpan? gracePeriod = null)
        where T : IResource
        => builder.WithAnnotation(new NativeAnnotation(new NativeModel.StopAnnotation(gracePeriod, signal)));

    /// <summary>
    /// When a process that ended is started again, with doubling backoff from <paramref name="initialBackoff"/> (1 s) up to
    /// <paramref name="maxBackoff"/> (30 s); <paramref name="maxRestarts"/> gives up after that many restarts in a row
    /// (default: never). See the README for the numbers.
    /// <code>worker.WithRestartPolicy(RestartPolicy.OnFailure, maxRestarts: 5)</code>
    /// </summary>
    public static IResourceBuilder<T> WithRestartPolicy<T>(this IResourceBuilder<T> builder, NativeModel.RestartPolicy policy,
        int? maxRestarts = null, TimeSpan? initialBackoff = null, TimeSpan? maxBackoff = null) where T : IResource
        => builder.WithRestartPolicy(new NativeModel.RestartPolicyAnnotation(policy, maxRestarts, initialBackoff, maxBackoff));

    /// <summary>
    /// A restart policy with all its windows (<c>BackoffResetAfter</c>, <c>CountResetAfter</c>):
    /// <code>worker.WithRestartPolicy(new RestartPolicyAnnotation(RestartPolicy.OnFailure) { CountResetAfter = TimeSpan.FromMinutes(1) })</code>
    /// </summary>
    public static IResourceBuilder<T> WithRestartPolicy<T>(this IResourceBuilder<T> builder, NativeModel.RestartPolicyAnnotation policy) where T : IResource
        => builder.WithAnnotation(new NativeAnnotation(policy));

    /// <summary>
    /// How to install the program when it is missing from PATH, named by the validation before anything starts:
    /// <code>builder.AddExecutable("cache", "redis-server", ".").WithInstallHint("apt-get install redis-server")</code>
    /// </summary>
    public static IResourceBuilder<T> WithInstallHint<T>(this IResourceBuilder<T> builder, string hint) where T : IResource
        => builder.WithAnnotation(new NativeAnnotation(new NativeModel.InstallHintAnnotation(hint)));

    /// <summary>
    /// Healthy when the endpoint accepts a TCP connection (Aspire has HTTP checks only); published as a compose
    /// <c>healthcheck</c> where the image has a tool to test a port with, and as Kubernetes <c>tcpSocket</c> probes.
    /// <code>builder.AddContainer("cache", "memcached", "1.6.39").WithEndpoint(targetPort: 11211, name: "tcp").WithTcpHealthCheck()</code>
    /// </summary>
    public static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> builder, string? endpointName = null) where T : IResourceWithEndpoints
    {
        var endpoint = endpointName ?? builder.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault()?.Name
            ?? throw new DistributedApplicationException($"'{builder.Resource.Name}' has no endpoint to check; add one before WithTcpHealthCheck().");
        return builder.WithAnnotation(new TcpHealthCheckAnnotation(endpoint));
    }

    /// <summary>
    /// Configures the engine's own model before it runs, for what only the engine has (its dashboard):
    /// <code>builder.ConfigureNativeRuntime(native => native.AddDashboard());</code>
    /// </summary>
    internal static IDistributedApplicationBuilder ConfigureNativeRuntime(this IDistributedApplicationBuilder builder, Action<Native.IDistributedApplicationBuilder> configure)
    {
        builder.Services.AddSingleton(new NativeBuilderConfiguration(configure));
        return builder;
    }
}

/// <summary>A TCP health check on an endpoint (<see cref="NativeResourceBuilderExtensions.WithTcpHealthCheck{T}"/>), run by the engine.</summary>
public sealed record TcpHealthCheckAnnotation(string EndpointName) : IResourceAnnotation;

/// <summary>An annotation of the engine's own, carried by an Aspire resource and copied to its native counterpart.</summary>
internal sealed class NativeAnnotation(NativeModel.IResourceAnnotation annotation) : IResourceAnnotation
{
    /// <summary>The engine's annotation.</summary>
    public NativeModel.IResourceAnnotation Annotation { get; } = annotation;
}
