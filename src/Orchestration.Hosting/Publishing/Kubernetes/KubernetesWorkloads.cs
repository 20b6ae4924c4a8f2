using k8s;
using k8s.Models;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Publishing.Kubernetes;

/// <summary>
/// One service's objects: a StatefulSet with a headless Service and volume claims for a data store, a Job
/// for a one-shot (a setup, a WaitForCompletion target), a Deployment with a Service otherwise, its config
/// files as a ConfigMap, an init container per WaitFor and WaitForCompletion.
/// </summary>
internal static class KubernetesWorkloads
{
    public const string NameLabel = "app.kubernetes.io/name";
    public const string PartOfLabel = "app.kubernetes.io/part-of";

    public static async Task<List<IKubernetesObject<V1ObjectMeta>>> CreateAsync(PublishedModel model, PublishedService service, KubernetesEnvironment environment, string partOf, PublishOutput output, CancellationToken cancellationToken)
    {
        var objects = new List<IKubernetesObject<V1ObjectMeta>>();
        var labels = Labels(service.Name, partOf);
        var (env, command, args) = await environment.RenderAsync(service, cancellationToken).ConfigureAwait(false);
        var runtime = service.Runtime;
        var oneShot = model.RunsToCompletion(service);

        var container = new V1Container
        {
            Name = service.Name,
            Image = service.Image,
            ImagePullPolicy = "IfNotPresent",
            Command = command,
            Args = args,
            Env = env.Count > 0 ? env : null,
            Ports = service.Endpoints.Count == 0 ? null : service.Endpoints.Select(e => new V1ContainerPort { ContainerPort = PublishingValueResolver.TargetPortOf(e), Name = e.Name, Protocol = "TCP" }).ToList(),
            Resources = Resources(runtime.Resources),
            SecurityContext = KubernetesSecurity.Container(),
            VolumeMounts = [],
        };
        // A one-shot is done when it exits: no probes (a Job's pod is never behind a Service).
        if (!oneShot && KubernetesProbes.For(service) is var (startup, readiness, liveness))
            (container.StartupProbe, container.ReadinessProbe, container.LivenessProbe) = (startup, readiness, liveness);

        var volumes = new List<V1Volume>();
        // Scratch folders: the root filesystem is read-only.
        for (var i = 0; i < runtime.WritablePaths.Count; i++)
        {
            var name = $"scratch-{i}";
            volumes.Add(new V1Volume { Name = name, EmptyDir = new V1EmptyDirVolumeSource() });
            container.VolumeMounts.Add(new V1VolumeMount { MountPath = runtime.WritablePaths[i], Name = name });
        }
        var configFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in service.ConfigFiles)
        {
            configFiles[file.Name] = await file.Content(environment.Resolver, cancellationToken).ConfigureAwait(false);
            container.VolumeMounts.Add(new V1VolumeMount { MountPath = file.Target, Name = "config", ReadOnlyProperty = true, SubPath = file.Name });
        }
        if (configFiles.Count > 0)
        {
            objects.Add(new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = Meta($"{service.Name}-config", labels), Data = configFiles });
            volumes.Add(new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = $"{service.Name}-config" } });
        }
        var claims = new List<V1PersistentVolumeClaim>();
        foreach (var mount in service.Mounts)
        {
            if (mount.IsVolume)
            {
                var claim = mount.Source ?? $"{service.Name}-data";
                claims.Add(new V1PersistentVolumeClaim
                {
                    Metadata = new V1ObjectMeta { Name = claim },
                    Spec = new V1PersistentVolumeClaimSpec
                    {
                        AccessModes = ["ReadWriteOnce"],
                        Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                    },
                });
                container.VolumeMounts.Add(new V1VolumeMount { MountPath = mount.Target, Name = claim, ReadOnlyProperty = mount.IsReadOnly ? true : null });
            }
            else
            {
                // A host folder has no place in a cluster: its files travel in a ConfigMap.
                var (configMap, volume) = FolderConfigMap(service, mount, labels);
                objects.Add(configMap);
                volumes.Add(volume);
                container.VolumeMounts.Add(new V1VolumeMount { MountPath = mount.Target, Name = volume.Name, ReadOnlyProperty = true });
            }
        }

        var waits = await KubernetesWaits.CreateAsync(model, service, environment, partOf, cancellationToken).ConfigureAwait(false);
        volumes.AddRange(waits.Volumes);
        objects.AddRange(waits.Objects);
        var pod = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = labels },
            Spec = new V1PodSpec
            {
                AutomountServiceAccountToken = false,
                ServiceAccountName = waits.ServiceAccount,
                SecurityContext = KubernetesSecurity.Pod(runtime.RunAsUser),
                InitContainers = waits.Containers.Count > 0 ? waits.Containers : null,
                Containers = [container],
                Volumes = volumes.Count > 0 ? volumes : null,
                RestartPolicy = oneShot ? "OnFailure" : null,
                TerminationGracePeriodSeconds = service.Resource.Annotations.Last<StopAnnotation>()?.GracePeriod is { } grace ? (long)grace.TotalSeconds : null,
            },
        };
        var selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [NameLabel] = service.Name } };

        if (oneShot)
        {
            // Runs once per apply of a new Job; its pod template is immutable, so a changed one (a new image tag)
            // is applied after `kubectl delete job <name>`. No TTL: a dependent that waits on the Job itself
            // must still find it complete when its pod restarts later.
            objects.Add(new V1Job
            {
                ApiVersion = "batch/v1", Kind = "Job", Metadata = Meta(service.Name, labels),
                Spec = new V1JobSpec { Template = pod, BackoffLimit = 6, ActiveDeadlineSeconds = 900 },
            });
        }
        else if (service.IsDataStore)
        {
            objects.Add(new V1StatefulSet
            {
                ApiVersion = "apps/v1", Kind = "StatefulSet", Metadata = Meta(service.Name, labels),
                Spec = new V1StatefulSetSpec { Selector = selector, ServiceName = service.Name, Template = pod, Replicas = service.Replicas, VolumeClaimTemplates = claims },
            });
        }
        else
        {
            objects.Add(new V1Deployment
            {
                ApiVersion = "apps/v1", Kind = "Deployment", Metadata = Meta(service.Name, labels),
                Spec = new V1DeploymentSpec { Selector = selector, Template = pod, Replicas = service.Replicas },
            });
        }
        if (service.Endpoints.Count > 0 && !oneShot)
        {
            objects.Add(new V1Service
            {
                ApiVersion = "v1", Kind = "Service", Metadata = Meta(service.Name, labels),
                Spec = new V1ServiceSpec
                {
                    // Headless for a StatefulSet: clients reach the pod itself, by a stable name.
                    ClusterIP = service.IsDataStore ? "None" : null,
                    Selector = new Dictionary<string, string> { [NameLabel] = service.Name },
                    Ports = service.Endpoints.Select(e => new V1ServicePort { Port = PublishingValueResolver.TargetPortOf(e), Name = e.Name, Protocol = "TCP", TargetPort = e.Name }).ToList(),
                },
            });
        }
        return objects;
    }

    public static Dictionary<string, string> Labels(string name, string partOf) => new() { [NameLabel] = name, [PartOfLabel] = partOf };

    public static V1ObjectMeta Meta(string name, IDictionary<string, string> labels) => new() { Name = name, Labels = new Dictionary<string, string>(labels) };

    public static V1ResourceRequirements Resources(ContainerResources resources) => new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(resources.CpuRequest), ["memory"] = new(resources.MemoryRequest) },
        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(resources.CpuLimit), ["memory"] = new(resources.MemoryLimit) },
    };

    /// <summary>A folder's files as a ConfigMap (keys cannot hold '/', so each key maps back to its path).</summary>
    private static (V1ConfigMap, V1Volume) FolderConfigMap(PublishedService service, ContainerMountAnnotation mount, IDictionary<string, string> labels)
    {
        var name = $"{service.Name}-{new DirectoryInfo(mount.Source!).Name.ToLowerInvariant()}";
        var data = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var items = new List<V1KeyToPath>();
        foreach (var file in Directory.EnumerateFiles(mount.Source!, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var path = Path.GetRelativePath(mount.Source!, file).Replace('\\', '/');
            var key = path.Replace('/', '_');
            data[key] = File.ReadAllText(file).ReplaceLineEndings("\n");
            items.Add(new V1KeyToPath { Key = key, Path = path });
        }
        return (new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = Meta(name, labels), Data = new Dictionary<string, string>(data) },
                new V1Volume { Name = name.Length > 63 ? name[..63] : name, ConfigMap = new V1ConfigMapVolumeSource { Items = items, Name = name } });
    }
}
