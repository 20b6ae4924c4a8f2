using k8s;
using k8s.Models;
using Orchestration.Hosting.ApplicationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Orchestration.Hosting.Publishing.Kubernetes;

/// <summary>
/// A kustomize base (one file per service, network policies) and two overlays: dev (one replica each) and
/// prod (more replicas, a PodDisruptionBudget and a HorizontalPodAutoscaler for the api, images from a
/// registry). Secrets come from each overlay's <c>secrets.env</c>, never committed; <c>secrets.env.example</c> is.
/// </summary>
internal static class KubernetesWriter
{
    private const string SecretsFile = "secrets.env";

    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .WithQuotingNecessaryStrings(quoteYaml1_1Strings: true)
        .DisableAliases()
        .Build();

    public static async Task WriteAsync(PublishedModel model, PublishOutput output, CancellationToken cancellationToken)
    {
        var partOf = Path.GetFileName(model.AppHostDirectory.TrimEnd('/')).ToLowerInvariant();
        var environment = new KubernetesEnvironment();
        var resources = new List<string>();
        foreach (var service in model.Services)
        {
            var objects = await KubernetesWorkloads.CreateAsync(model, service, environment, partOf, output, cancellationToken).ConfigureAwait(false);
            Add(output, $"base/{service.Name}.yaml", objects);
            resources.Add($"{service.Name}.yaml");
        }
        Add(output, "base/network-policies.yaml", KubernetesNetworkPolicies.Create(model, partOf));
        resources.Add("network-policies.yaml");

        var publicParameters = model.Parameters.Where(p => !p.Secret).ToList();
        output.Add("base/kustomization.yaml", Header("base: every service of the stack") + Yaml.Serialize(new Kustomization
        {
            Resources = resources,
            ConfigMapGenerator = publicParameters.Count == 0 ? [] :
            [
                new KustomizeGenerator
                {
                    Name = KubernetesEnvironment.ConfigMapName,
                    Literals = [.. publicParameters.Select(p => $"{KubernetesEnvironment.KeyOf(p)}={(p.Default as ConstantParameterDefault)?.GetDefaultValue()}")],
                },
            ],
        }));

        var secrets = SecretsExample(model);
        foreach (var overlay in new[] { "dev", "prod" })
            output.Add($"overlays/{overlay}/{SecretsFile}.example", secrets);
        output.Add("overlays/dev/kustomization.yaml", Header("dev: one replica of each, local images (api:local, worker:local)") + Yaml.Serialize(new Kustomization
        {
            Namespace = $"{partOf}-dev",
            Resources = ["../../base"],
            SecretGenerator = [Secrets()],
        }));

        var prodResources = new List<string> { "../../base" };
        var replicas = new List<KustomizeReplicas>();
        foreach (var service in model.Services.Where(s => !s.IsDataStore && s.Probe is HttpHealthProbe))
        {
            // Stateless services with a readiness probe scale out: more replicas, kept through node drains.
            // An app server built from source that others route to (the api) also scales with load.
            var autoscaled = service.Runtime.Build is not null && model.Services.Any(s => s.References.Contains(service.Name));
            var count = Math.Max(service.Replicas, autoscaled ? 3 : 2);
            replicas.Add(new KustomizeReplicas { Name = service.Name, Count = count });
            Add(output, $"overlays/prod/{service.Name}-pdb.yaml", [KubernetesScaling.DisruptionBudget(service, partOf)]);
            prodResources.Add($"{service.Name}-pdb.yaml");
            if (autoscaled)
            {
                Add(output, $"overlays/prod/{service.Name}-hpa.yaml", [KubernetesScaling.Autoscaler(service, partOf, count)]);
                prodResources.Add($"{service.Name}-hpa.yaml");
            }
        }
        output.Add("overlays/prod/kustomization.yaml", Header("prod: replicas, disruption budgets, autoscaling; images from your registry") + Yaml.Serialize(new Kustomization
        {
            Namespace = partOf,
            Resources = prodResources,
            SecretGenerator = [Secrets()],
            Replicas = replicas,
            Images = [.. model.Services.Where(s => s.Runtime.Build is not null).Select(s => new KustomizeImage
            {
                Name = s.Runtime.Build!.Image,
                NewName = $"registry.example.com/{partOf}/{s.Runtime.Build.Image}",
                NewTag = "1.0.0",
            })],
        }));
    }

    // The generator keeps its hash suffix: a changed secret renames the Secret, and the pods roll.
    private static KustomizeGenerator Secrets() => new() { Name = KubernetesEnvironment.SecretName, Envs = [SecretsFile] };

    private static string SecretsExample(PublishedModel model)
    {
        var lines = new List<string>
        {
            "# The stack's secrets. Copy to secrets.env in this folder (never committed) and set every value:",
            "#   cp secrets.env.example secrets.env && $EDITOR secrets.env      (a strong secret: openssl rand -hex 24)",
        };
        foreach (var parameter in model.Parameters.Where(p => p.Secret))
            lines.Add($"{KubernetesEnvironment.KeyOf(parameter)}=change-me");
        return string.Join('\n', lines) + "\n";
    }

    private static string Header(string what) =>
        $"# Generated by Orchestration from the AppHost model (publish --target kubernetes): {what}. Regenerate rather than edit.\n";

    private static void Add(PublishOutput output, string path, IEnumerable<object> objects)
        => output.Add(path, Header(Path.GetFileNameWithoutExtension(path)) + string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n")));
}
