using k8s;
using k8s.Models;

namespace Orchestration.Publishing.Tests;

/// <summary>
/// Each overlay renders with `kubectl kustomize`, every object deserializes strictly into KubernetesClient's
/// models, and our lint holds: probes, limits and the restricted securityContext on every container,
/// selectors that match, referenced Secret and ConfigMap keys that exist, an init container per WaitFor.
/// </summary>
public class KubernetesValidationTests
{
    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Overlay_renders_into_valid_objects_that_pass_the_lint(string overlay)
    {
        var objects = await RenderAsync(overlay);
        var workloads = objects.OfType<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template, d.Spec.Selector))
            .Concat(objects.OfType<V1StatefulSet>().Select(s => (s.Metadata.Name, s.Spec.Template, s.Spec.Selector))).ToList();
        Assert.Equal(["api", "gateway", "minio", "postgres", "redis", "worker"], workloads.Select(w => w.Name).Order());
        Assert.Equal(["minio", "postgres", "redis"], objects.OfType<V1StatefulSet>().Select(s => s.Metadata.Name).Order());
        // One-shots (the bucket setup) are Jobs; they are linted like every pod, but have no probes (done when they exit).
        var jobs = objects.OfType<V1Job>().Select(j => (j.Metadata.Name, j.Spec.Template)).ToList();
        Assert.Equal(["minio-setup"], jobs.Select(j => j.Name));
        var pods = workloads.Select(w => (w.Name, w.Template)).Concat(jobs).ToList();

        var secrets = objects.OfType<V1Secret>().ToDictionary(s => s.Metadata.Name);
        var configMaps = objects.OfType<V1ConfigMap>().ToDictionary(c => c.Metadata.Name);
        foreach (var (_, template, selector) in workloads)
            Assert.All(selector.MatchLabels, l => Assert.Equal(l.Value, template.Metadata.Labels[l.Key]));
        foreach (var (name, template) in pods)
        {
            var pod = template.Spec;
            Assert.True(pod.SecurityContext.RunAsNonRoot, $"{name}: runAsNonRoot");
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
            foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []))
            {
                var where = $"{name}/{container.Name}";
                Assert.False(container.SecurityContext.AllowPrivilegeEscalation ?? true, $"{where}: allowPrivilegeEscalation");
                Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
                Assert.True(container.SecurityContext.ReadOnlyRootFilesystem, $"{where}: readOnlyRootFilesystem");
                Assert.True(container.Resources.Requests.ContainsKey("cpu") && container.Resources.Requests.ContainsKey("memory"), $"{where}: requests");
                Assert.True(container.Resources.Limits.ContainsKey("cpu") && container.Resources.Limits.ContainsKey("memory"), $"{where}: limits");
                foreach (var env in container.Env ?? [])
                {
                    if (env.ValueFrom?.SecretKeyRef is { } secretRef)
                        Assert.True(secrets.TryGetValue(secretRef.Name, out var secret) && secret.Data.ContainsKey(secretRef.Key), $"{where}: secret {secretRef.Name}/{secretRef.Key} missing");
                    if (env.ValueFrom?.ConfigMapKeyRef is { } configRef)
                        Assert.True(configMaps.TryGetValue(configRef.Name, out var map) && map.Data.ContainsKey(configRef.Key), $"{where}: config {configRef.Name}/{configRef.Key} missing");
                }
            }
            foreach (var container in jobs.Any(j => j.Name == name) ? [] : pod.Containers)
                Assert.True(container.StartupProbe is not null && container.ReadinessProbe is not null && container.LivenessProbe is not null, $"{name}: probes");
            foreach (var volume in pod.Volumes ?? [])
            {
                if (volume.ConfigMap is { } source)
                    Assert.True(configMaps.ContainsKey(source.Name), $"{name}: ConfigMap {source.Name} missing");
            }
        }
        foreach (var service in objects.OfType<V1Service>())
            Assert.Contains(workloads, w => service.Spec.Selector.All(l => w.Template.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
        AssertIngressBackendsExist(objects);

        // WaitFor → an init container per dependency, as the model says.
        await using var lowered = await SampleModel.BuildAsync();
        var model = await Orchestration.Hosting.Publishing.PublishedModel.CreateAsync(
            lowered.Services.GetService(typeof(Orchestration.Hosting.DistributedApplicationModel)) as Orchestration.Hosting.DistributedApplicationModel ?? throw new InvalidOperationException(),
            lowered.Services, SampleModel.RepositoryRoot, default);
        foreach (var service in model.Services)
        {
            var pod = pods.Single(w => w.Name == service.Name).Template.Spec;
            foreach (var wait in service.Waits)
                Assert.Contains(pod.InitContainers ?? [], c => c.Name == $"wait-for-{wait.Service}");
        }
        if (overlay == "prod")
        {
            // The edge: an Ingress for the gateway, whose Service stays ClusterIP.
            var ingress = Assert.Single(objects.OfType<V1Ingress>());
            Assert.Equal("gateway", ingress.Spec.Rules.Single().Http.Paths.Single().Backend.Service.Name);
            Assert.Equal("apphost.example.com", ingress.Spec.Rules.Single().Host);
            Assert.Equal(["apphost.example.com"], ingress.Spec.Tls.Single().Hosts);
            Assert.False(string.IsNullOrEmpty(ingress.Spec.Tls.Single().SecretName));
            Assert.Null(objects.OfType<V1Service>().Single(s => s.Metadata.Name == "gateway").Spec.Type);
            Assert.Contains(objects.OfType<V1PodDisruptionBudget>(), p => p.Metadata.Name == "api");
            Assert.Contains(objects.OfType<V2HorizontalPodAutoscaler>(), h => h.Spec.ScaleTargetRef.Name == "api");
            Assert.True(objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "api").Spec.Replicas > 1);
        }
    }

    /// <summary>Lint: every Ingress backend is a Service of the output, on a port that Service has (by name or number).</summary>
    internal static void AssertIngressBackendsExist(List<object> objects)
    {
        var services = objects.OfType<V1Service>().ToDictionary(s => s.Metadata.Name);
        foreach (var ingress in objects.OfType<V1Ingress>())
        {
            var backends = (ingress.Spec.Rules ?? []).SelectMany(r => r.Http?.Paths ?? []).Select(p => p.Backend)
                .Append(ingress.Spec.DefaultBackend).OfType<V1IngressBackend>().ToList();
            Assert.NotEmpty(backends);
            foreach (var backend in backends)
            {
                var where = $"Ingress {ingress.Metadata.Name}";
                Assert.True(services.TryGetValue(backend.Service.Name, out var service), $"{where}: Service {backend.Service.Name} missing");
                Assert.True(service.Spec.Ports.Any(p => backend.Service.Port.Name is { } name ? p.Name == name : p.Port == backend.Service.Port.Number),
                    $"{where}: Service {backend.Service.Name} has no port {backend.Service.Port.Name ?? backend.Service.Port.Number?.ToString()}");
            }
        }
    }

    [Fact]
    public async Task Data_stores_are_reached_only_by_the_services_that_reference_them()
    {
        var policies = (await RenderAsync("dev")).OfType<V1NetworkPolicy>().ToDictionary(p => p.Metadata.Name);
        Assert.Contains("default-deny-ingress", policies.Keys);
        string[] Clients(string name) => [.. policies[$"allow-to-{name}"].Spec.Ingress.Single().FromProperty.Select(f => f.PodSelector.MatchLabels["app.kubernetes.io/name"]).Order()];
        Assert.Equal(["api", "worker"], Clients("postgres"));
        Assert.Equal(["api", "worker"], Clients("redis"));
        Assert.Equal(["api", "minio-setup", "worker"], Clients("minio"));
        Assert.Equal(["gateway"], Clients("api"));
        Assert.Null(policies["allow-to-gateway"].Spec.Ingress.Single().FromProperty); // public: from anywhere
    }

    /// <summary>`kubectl kustomize` on a copy of manifests/kubernetes (or <paramref name="source"/>) with the example secrets filled in, read strictly.</summary>
    internal static async Task<List<object>> RenderAsync(string overlay, string? source = null)
    {
        var kubectl = SampleModel.Find("kubectl") ?? throw new InvalidOperationException("kubectl is not installed.");
        var copy = Directory.CreateTempSubdirectory("kustomize-").FullName;
        try
        {
            source ??= Path.Combine(SampleModel.RepositoryRoot, "manifests", "kubernetes");
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
                if (file.EndsWith("secrets.env.example", StringComparison.Ordinal)) File.Copy(file, target[..^".example".Length]);
            }
            var (exitCode, output, errors) = await SampleModel.RunAsync(kubectl, "kustomize", Path.Combine(copy, "overlays", overlay));
            Assert.True(exitCode == 0, errors);
            // Strict: a field KubernetesClient's models do not know (a typo, a wrong level) fails here.
            return KubernetesYaml.LoadAllFromString(output, strict: true).ToList();
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
