namespace Orchestration.Hosting.Integrations.Nginx;

/// <summary>The image publishers write for a gateway: a pinned nginx release.</summary>
internal static class NginxContainerImageTags
{
    public const string Image = "nginx";
    public const string Tag = "1.27.5-alpine";

    /// <summary>The port nginx listens on inside the container: above 1024, since it runs as a non-root user without NET_BIND_SERVICE.</summary>
    public const int Port = 8080;

    /// <summary>Where the image serves static files from.</summary>
    public const string StaticFilesPath = "/usr/share/nginx/html";
}
