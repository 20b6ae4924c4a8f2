namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A port a resource listens on. Locally the process listens on <see cref="Port"/>, else
/// <see cref="TargetPort"/>, else a free loopback port chosen at start; it learns which through
/// <see cref="EnvironmentVariable"/>. Publishers use <see cref="TargetPort"/> as the container port.
/// </summary>
public sealed record EndpointAnnotation(
    string Name,
    string UriScheme,
    int? Port = null,
    int? TargetPort = null,
    string? EnvironmentVariable = null,
    bool IsExternal = false) : IResourceAnnotation
{
    /// <summary>The fixed local port, when one was given.</summary>
    public int? FixedLocalPort => Port ?? TargetPort;

    /// <summary>Whether clients speak HTTP to it.</summary>
    public bool IsHttp => UriScheme is "http" or "https";
}
