using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Integrations.Minio;

/// <summary>MinIO in its image: <c>server /data</c>, the key pair from its variables, no web console.</summary>
internal static class MinioContainerForm
{
    public static ContainerRuntimeAnnotation For(MinioServerResource server) => new()
    {
        // Certificates folder under /tmp: MinIO makes one at start, and the root filesystem may be read-only.
        Args = ["server", MinioContainerImageTags.DataPath, "--address", $":{MinioContainerImageTags.ApiPort}", "--certs-dir", "/tmp/minio-certs"],
        Environment = env =>
        {
            env["MINIO_ROOT_USER"] = server.RootUser;
            env["MINIO_ROOT_PASSWORD"] = server.RootPassword;
            env["MINIO_BROWSER"] = "off";
            env["MINIO_UPDATE"] = "off";
        },
        // The image has neither curl nor wget; its mc client checks the server's readiness on the default alias.
        // mc keeps its configuration in a writable scratch folder (the root filesystem may be read-only).
        HttpProbeCommand = _ => ["mc", "--config-dir", "/tmp/.mc", "ready", "local"],
        RunAsUser = 1000,
        Resources = ContainerResources.Medium,
    };
}
