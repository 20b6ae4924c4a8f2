using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Integrations.Minio;

/// <summary>
/// MinIO in its image: <c>server /data</c>, the key pair from its variables, no web console; its buckets
/// made by a one-shot <c>mc</c> container once it is healthy, as the AppHost makes them locally.
/// </summary>
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
        Setup = () => server.Buckets.Count == 0 ? null : Setup(server),
    };

    // mc keeps its aliases in a config folder: a scratch one under /tmp (the root filesystem may be read-only).
    private const string Mc = "mc --config-dir /tmp/.mc";

    /// <summary>
    /// <c>mc mb --ignore-existing</c> for each bucket (idempotent: a rerun keeps what exists). The key pair comes
    /// from the same secret parameters as the server's, as variables the shell reads: no secret in the command.
    /// </summary>
    private static ContainerSetup Setup(MinioServerResource server)
    {
        var buckets = server.Buckets.Select(b => b.BucketName).ToList(); // validated names: [a-z0-9.-], safe in a shell line
        var alias = ReferenceExpression.Create(
            $"{Mc} alias set local {server.PrimaryEndpoint.Property(EndpointProperty.Url)} \"$MINIO_ROOT_USER\" \"$MINIO_ROOT_PASSWORD\"");
        var create = string.Join(" && ", buckets.Select(b => $"{Mc} mb --ignore-existing local/{b}"));
        var exist = string.Join(" && ", buckets.Select(b => $"{Mc} stat local/{b} >/dev/null 2>&1"));
        return new ContainerSetup(new ContainerImageAnnotation(MinioContainerImageTags.ClientImage, MinioContainerImageTags.ClientTag),
            ["/bin/sh", "-ec", ReferenceExpression.Create($"{alias} && {create}")])
        {
            Environment = env =>
            {
                env["MINIO_ROOT_USER"] = server.RootUser;
                env["MINIO_ROOT_PASSWORD"] = server.RootPassword;
            },
            // Kubernetes dependents check the buckets themselves rather than the Job's status (which needs API
            // access a pod does not have): what they need is the bucket, and this also holds after a Job is cleaned up.
            ReadyCheck = ["/bin/sh", "-c", ReferenceExpression.Create(
                $"until {alias} >/dev/null 2>&1 && {exist}; do echo waiting for buckets {string.Join(' ', buckets)}; sleep 2; done")],
            RunAsUser = 1000,
        };
    }
}
