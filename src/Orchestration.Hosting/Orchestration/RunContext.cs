using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>What every runner shares for one run of the stack.</summary>
internal sealed class RunContext(
    DistributedApplicationOptions options,
    IServiceProvider services,
    ResourceNotificationService notifications,
    ResourceLogService logs,
    StackConsole console,
    LocalValueResolver resolver,
    ProcessReaper reaper)
{
    public DistributedApplicationOptions Options { get; } = options;
    public IServiceProvider Services { get; } = services;
    public ResourceNotificationService Notifications { get; } = notifications;
    public ResourceLogService Logs { get; } = logs;
    public StackConsole Console { get; } = console;
    public LocalValueResolver Resolver { get; } = resolver;
    public ProcessReaper Reaper { get; } = reaper;
    public PollTicker StartupPoll { get; } = new(options.StartupPollInterval);

    /// <summary>Replicas of a resource (1 unless <c>WithReplicas</c>).</summary>
    public static int ReplicasOf(IResource resource) => resource.Annotations.Last<ReplicaAnnotation>()?.Replicas ?? 1;

    /// <summary>The name of one copy: the resource's own name when there is one copy.</summary>
    public static string InstanceName(IResource resource, int replica) => ReplicasOf(resource) == 1 ? resource.Name : $"{resource.Name}-{replica}";
}
