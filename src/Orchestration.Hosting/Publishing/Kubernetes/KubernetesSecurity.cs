using k8s.Models;

namespace Orchestration.Hosting.Publishing.Kubernetes;

/// <summary>The "restricted" Pod Security Standard, on every pod and container we write.</summary>
internal static class KubernetesSecurity
{
    public static V1PodSecurityContext Pod(long user) => new()
    {
        RunAsNonRoot = true,
        RunAsUser = user,
        RunAsGroup = user,
        // Volumes (claims, scratch) are made writable for the process's group.
        FsGroup = user,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1SecurityContext Container() => new()
    {
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
    };
}
