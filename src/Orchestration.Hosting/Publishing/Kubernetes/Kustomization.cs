namespace Orchestration.Hosting.Publishing.Kubernetes;

// The kustomization.yaml fields we write (kustomize's own types are Go): serialized with camelCase names.

internal sealed class Kustomization
{
    public string ApiVersion { get; } = "kustomize.config.k8s.io/v1beta1";
    public string Kind { get; } = "Kustomization";
    public string? Namespace { get; init; }
    public List<string> Resources { get; init; } = [];
    public List<KustomizeGenerator> SecretGenerator { get; init; } = [];
    public List<KustomizeGenerator> ConfigMapGenerator { get; init; } = [];
    public List<KustomizeReplicas> Replicas { get; init; } = [];
    public List<KustomizeImage> Images { get; init; } = [];
}

internal sealed class KustomizeGenerator
{
    public required string Name { get; init; }
    public List<string> Envs { get; init; } = [];
    public List<string> Literals { get; init; } = [];
}

internal sealed class KustomizeReplicas
{
    public required string Name { get; init; }
    public required int Count { get; init; }
}

internal sealed class KustomizeImage
{
    public required string Name { get; init; }
    public required string NewName { get; init; }
    public required string NewTag { get; init; }
}
