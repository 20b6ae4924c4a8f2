using k8s;
using k8s.Models;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Publishing.Kubernetes;

/// <summary>What a pod needs to wait for its dependencies: init containers, their volumes, and any RBAC objects.</summary>
internal sealed record PodWaits(List<V1Container> Containers, List<V1Volume> Volumes, List<IKubernetesObject<V1ObjectMeta>> Objects, string? ServiceAccount);

/// <summary>
/// An init container per start-order edge, named <c>wait-for-{dependency}</c>:
/// <list type="bullet">
/// <item>WaitFor: busybox's <c>nc</c> until the dependency's Service accepts connections (readiness gates its endpoints).</item>
/// <item>a setup that says how to see its effect (the bucket exists): that check, in the setup's image with its environment, until it passes.</item>
/// <item>any other WaitForCompletion: <c>kubectl wait</c> until the Job is complete. Seeing a Job's status needs the
/// API, so the pod gets a service account that may only read Jobs, and its token is mounted into this init container
/// alone (the app's containers get none).</item>
/// </list>
/// </summary>
internal static class KubernetesWaits
{
    /// <summary>The image that waits for a port: busybox's nc, pinned.</summary>
    public const string WaitImage = "docker.io/library/busybox:1.37.0";

    /// <summary>The image that waits for a Job: the Kubernetes project's kubectl, pinned.</summary>
    public const string KubectlImage = "registry.k8s.io/kubectl:v1.33.5";

    private const string TokenVolume = "kube-api-access";
    private const string ScratchVolume = "wait-scratch";

    private static readonly ContainerResources Tiny = new("10m", "16Mi", "100m", "32Mi");
    private static readonly ContainerResources KubectlResources = new("10m", "32Mi", "200m", "128Mi");

    public static async Task<PodWaits> CreateAsync(PublishedModel model, PublishedService service, KubernetesEnvironment environment, string partOf, CancellationToken cancellationToken)
    {
        var waits = new PodWaits([], [], [], null);
        var jobs = new List<string>();
        foreach (var wait in service.Waits)
        {
            if (model.Find(wait.Service) is not { } target) continue;
            if (wait.Type == WaitType.UntilHealthy)
            {
                if (target.Endpoints is not [var endpoint, ..]) continue;
                var port = PublishingValueResolver.TargetPortOf(endpoint);
                waits.Containers.Add(Container(wait.Service, WaitImage,
                    ["sh", "-c", $"until nc -z -w 2 {wait.Service} {port}; do echo waiting for {wait.Service}:{port}; sleep 2; done"], null, Tiny));
            }
            else if (target.ReadyCheck is { } check)
            {
                var (env, _, _) = await environment.RenderAsync(target, cancellationToken).ConfigureAwait(false);
                var command = await environment.Renderer.RenderAllAsync(check, cancellationToken).ConfigureAwait(false);
                var container = Container(wait.Service, target.Image, command!, env, target.Runtime.Resources);
                container.VolumeMounts = [new V1VolumeMount { Name = ScratchVolume, MountPath = "/tmp" }];
                waits.Containers.Add(container);
            }
            else
            {
                var container = Container(wait.Service, KubectlImage,
                    ["kubectl", "wait", "--for=condition=complete", $"job/{wait.Service}", "--timeout=15m"],
                    [new V1EnvVar { Name = "HOME", Value = "/tmp" }], KubectlResources);
                container.VolumeMounts =
                [
                    new V1VolumeMount { Name = ScratchVolume, MountPath = "/tmp" },
                    new V1VolumeMount { Name = TokenVolume, MountPath = "/var/run/secrets/kubernetes.io/serviceaccount", ReadOnlyProperty = true },
                ];
                waits.Containers.Add(container);
                jobs.Add(wait.Service);
            }
        }
        if (waits.Containers.Any(c => c.VolumeMounts?.Any(m => m.Name == ScratchVolume) == true))
            waits.Volumes.Add(new V1Volume { Name = ScratchVolume, EmptyDir = new V1EmptyDirVolumeSource() });
        if (jobs.Count == 0) return waits;

        var name = $"{service.Name}-waits";
        var labels = KubernetesWorkloads.Labels(service.Name, partOf);
        waits.Volumes.Add(TokenProjection());
        waits.Objects.Add(new V1ServiceAccount
        {
            ApiVersion = "v1", Kind = "ServiceAccount", Metadata = KubernetesWorkloads.Meta(name, labels), AutomountServiceAccountToken = false,
        });
        waits.Objects.Add(new V1Role
        {
            ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "Role", Metadata = KubernetesWorkloads.Meta(name, labels),
            Rules =
            [
                new V1PolicyRule { ApiGroups = ["batch"], Resources = ["jobs"], ResourceNames = jobs, Verbs = ["get"] },
                // kubectl wait lists and watches by name; list and watch cannot be narrowed to names on every cluster version.
                new V1PolicyRule { ApiGroups = ["batch"], Resources = ["jobs"], Verbs = ["list", "watch"] },
            ],
        });
        waits.Objects.Add(new V1RoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "RoleBinding", Metadata = KubernetesWorkloads.Meta(name, labels),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = name },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = name }],
        });
        return waits with { ServiceAccount = name };
    }

    private static V1Container Container(string dependency, string image, List<string> command, List<V1EnvVar>? env, ContainerResources resources) => new()
    {
        Name = $"wait-for-{dependency}",
        Image = image,
        ImagePullPolicy = "IfNotPresent",
        Command = command,
        Env = env is { Count: > 0 } ? env : null,
        Resources = KubernetesWorkloads.Resources(resources),
        SecurityContext = KubernetesSecurity.Container(),
    };

    /// <summary>What automountServiceAccountToken would mount, for one container only: a short-lived token, the cluster CA, the namespace.</summary>
    private static V1Volume TokenProjection() => new()
    {
        Name = TokenVolume,
        Projected = new V1ProjectedVolumeSource
        {
            Sources =
            [
                new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { Path = "token", ExpirationSeconds = 3607 } },
                new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "kube-root-ca.crt", Items = [new V1KeyToPath { Key = "ca.crt", Path = "ca.crt" }] } },
                new V1VolumeProjection
                {
                    DownwardAPI = new V1DownwardAPIProjection
                    {
                        Items = [new V1DownwardAPIVolumeFile { Path = "namespace", FieldRef = new V1ObjectFieldSelector { ApiVersion = "v1", FieldPath = "metadata.namespace" } }],
                    },
                },
            ],
        },
    };
}
