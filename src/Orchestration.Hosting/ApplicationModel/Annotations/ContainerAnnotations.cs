namespace Orchestration.Hosting.ApplicationModel;

/// <summary>The image a resource runs as in a container (compose, Kubernetes, or a container engine locally).</summary>
internal sealed record ContainerImageAnnotation(string Image, string Tag, string? Registry = null) : IResourceAnnotation
{
    /// <summary><c>registry/image:tag</c>.</summary>
    public string Reference => Registry is null ? $"{Image}:{Tag}" : $"{Registry}/{Image}:{Tag}";
}

/// <summary>A volume or bind mount of a container.</summary>
internal sealed record ContainerMountAnnotation(string? Source, string Target, bool IsVolume, bool IsReadOnly = false) : IResourceAnnotation;
