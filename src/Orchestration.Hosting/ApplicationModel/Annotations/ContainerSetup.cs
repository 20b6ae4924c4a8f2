namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A one-shot container that finishes a resource's setup once the resource is healthy: in compose and
/// Kubernetes what its ready callback does locally (create buckets, databases). Published as the service
/// <c>{resource}-setup</c> (a compose service with <c>restart: "no"</c>, a Kubernetes Job); whatever waits
/// for the resource also waits for it to complete, as locally nothing that waits starts before the callback ran.
/// <code>Setup = () => new ContainerSetup(new("minio/mc", "RELEASE.2025-04-16T18-13-26Z"), ["/bin/sh", "-c", "mc mb ..."])</code>
/// </summary>
/// <param name="Image">The pinned image the setup runs in.</param>
/// <param name="Command">Its command line (the image's entrypoint is replaced): strings or deferred values.</param>
internal sealed record ContainerSetup(ContainerImageAnnotation Image, IReadOnlyList<object> Command)
{
    /// <summary>Fills in the container's environment (secrets as parameters, never values).</summary>
    public Action<IDictionary<string, object>>? Environment { get; init; }

    /// <summary>
    /// A command in the same image, with the same environment, that exits 0 once the setup's effect is there
    /// (the bucket exists). Kubernetes dependents poll it in an init container: a pod cannot see a Job's
    /// status without API access, but it can check what the Job made. Null: dependents wait on the Job itself.
    /// </summary>
    public IReadOnlyList<object>? ReadyCheck { get; init; }

    /// <summary>The numeric non-root user the setup runs as.</summary>
    public long RunAsUser { get; init; } = 10001;

    /// <summary>CPU and memory it asks for and may use at most.</summary>
    public ContainerResources Resources { get; init; } = ContainerResources.Small;
}
