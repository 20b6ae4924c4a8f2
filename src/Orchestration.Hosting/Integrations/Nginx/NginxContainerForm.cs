using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Integrations.Nginx;

/// <summary>
/// The gateway in the nginx image: its configuration generated for containers (upstreams are service
/// names) and mounted over the image's, the static files mounted read-only.
/// </summary>
internal static class NginxContainerForm
{
    public static ContainerRuntimeAnnotation For(NginxResource nginx) => new()
    {
        ConfigFiles = () =>
        [
            new ContainerConfigFile("nginx-conf", "/etc/nginx/nginx.conf", (resolver, ct) => NginxConfigWriter.WriteForContainerAsync(nginx, resolver, ct)),
        ],
        // The image's busybox has wget; nothing else to fetch a URL with.
        HttpProbeCommand = url => ["wget", "-q", "-O", "/dev/null", url],
        TcpProbeCommand = port => ["nc", "-z", "-w", "2", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        RunAsUser = 101, // the image's nginx user
    };
}
