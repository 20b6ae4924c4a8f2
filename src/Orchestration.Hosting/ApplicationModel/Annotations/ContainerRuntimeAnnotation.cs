namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// How a resource runs as a container when published (compose, Kubernetes). Its native launch (argument
/// and environment callbacks naming local folders and ports) means nothing inside an image, so each
/// integration declares its container form here, in its own folder; the writers read only this.
/// <code>.WithAnnotation(new ContainerRuntimeAnnotation { Environment = env => env["POSTGRES_PASSWORD"] = password })</code>
/// </summary>
internal sealed class ContainerRuntimeAnnotation : IResourceAnnotation
{
    /// <summary>The container's command line (strings or deferred values); null runs the image's own command.</summary>
    public IReadOnlyList<object>? Args { get; init; }

    /// <summary>Replaces the image's entrypoint (compose <c>entrypoint</c>, Kubernetes <c>command</c>); null keeps it.</summary>
    public IReadOnlyList<object>? Entrypoint { get; init; }

    /// <summary>Fills in the container's environment (values are strings or deferred values). Called at publish time, so it sees databases added later.</summary>
    public Action<IDictionary<string, object>>? Environment { get; init; }

    /// <summary>
    /// Whether the resource's environment callbacks apply in the container too. True for apps, whose
    /// callbacks carry references (connection strings, service discovery); false for servers, whose callbacks describe their native run.
    /// </summary>
    public bool KeepsEnvironmentCallbacks { get; init; }

    /// <summary>Files the container reads, generated at publish time (an nginx.conf, init scripts).</summary>
    public Func<IReadOnlyList<ContainerConfigFile>>? ConfigFiles { get; init; }

    /// <summary>Folders the process writes to besides its data volumes: an empty scratch volume each when the root filesystem is read-only.</summary>
    public IReadOnlyList<string> WritablePaths { get; init; } = ["/tmp"];

    /// <summary>The numeric user the image's process runs as (non-root), so a pod can require it.</summary>
    public long RunAsUser { get; init; } = 10001;

    /// <summary>
    /// A command that GETs a URL inside this image and exits 0 on success: compose has no HTTP health
    /// check of its own and images rarely ship curl, so each image says what it has (busybox wget, python, mc).
    /// </summary>
    public Func<string, IReadOnlyList<string>>? HttpProbeCommand { get; init; }

    /// <summary>
    /// A command that exits 0 once something accepts TCP connections on a port inside this image (busybox
    /// <c>nc -z</c>, python's socket). Null: the image has nothing sound for it, so compose cannot check a TCP
    /// health check and dependents wait only for the service to start (Kubernetes has tcpSocket probes of its own).
    /// </summary>
    public Func<int, IReadOnlyList<string>>? TcpProbeCommand { get; init; }

    /// <summary>The one-shot setup that runs once the resource is healthy (see <see cref="ContainerSetup"/>); null when there is none.</summary>
    public Func<ContainerSetup?>? Setup { get; init; }

    private Lazy<ContainerBuild?>? _build;

    /// <summary>How the image is built from source, when it is not pulled (projects, Python apps).</summary>
    public ContainerBuild? Build { get => _build?.Value; init => _build = new(value); }

    /// <summary>
    /// <see cref="Build"/>, made when a writer first reads it: a local run never does, and a project's reads its
    /// project files.
    /// </summary>
    public Func<ContainerBuild?> BuildWhenRead { init => _build = new(value); }

    /// <summary>CPU and memory the container asks for and may use at most.</summary>
    public ContainerResources Resources { get; init; } = ContainerResources.Small;
}

/// <summary>A file mounted read-only into a container; <see cref="Content"/> resolves its expressions with the publisher's resolver.</summary>
/// <param name="Name">A short name, unique in the resource (<c>nginx-conf</c>): the compose config and ConfigMap key.</param>
/// <param name="Target">The absolute path in the container.</param>
/// <param name="Content">Makes the file's text.</param>
internal sealed record ContainerConfigFile(string Name, string Target, Func<ValueResolver, CancellationToken, Task<string>> Content);

/// <summary>An image built from source: a generated Dockerfile and the folder it is built in.</summary>
/// <param name="ContextDirectory">The build context (absolute; written relative to the manifest).</param>
/// <param name="Dockerfile">The Dockerfile's text.</param>
/// <param name="Image">The image the build produces.</param>
/// <param name="Tag">Its tag.</param>
internal sealed record ContainerBuild(string ContextDirectory, string Dockerfile, string Image, string Tag = "local");

/// <summary>Requests and limits in Kubernetes notation (<c>250m</c>, <c>256Mi</c>).</summary>
internal sealed record ContainerResources(string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit)
{
    /// <summary>A small service or gateway.</summary>
    public static ContainerResources Small { get; } = new("100m", "128Mi", "500m", "256Mi");

    /// <summary>An app server or a data store.</summary>
    public static ContainerResources Medium { get; } = new("250m", "256Mi", "1", "512Mi");
}
