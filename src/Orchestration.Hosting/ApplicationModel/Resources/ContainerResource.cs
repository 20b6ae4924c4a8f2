namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A container image with its ports, volumes and environment. Publishers write it out; the local
/// runner needs a container engine for it, which it does not drive yet.
/// </summary>
internal sealed class ContainerResource(string name) : Resource(name),
    IResourceWithEnvironment, IResourceWithArgs, IResourceWithEndpoints, IResourceWithWaitSupport
{
    /// <summary>The image.</summary>
    public ContainerImageAnnotation Image => Annotations.Last<ContainerImageAnnotation>()!;

    /// <inheritdoc />
    protected internal override IEnumerable<string> Validate()
    {
        yield return $"Resource '{Name}' is a container ({Image.Reference}); the local runner starts native processes only. " +
                     "Use the integration's native form (AddPostgres, AddRedis, AddExecutable, ...) to run it locally; " +
                     "containers are still written by the publishers.";
    }
}
