namespace Orchestration.Hosting.Publishing;

/// <summary>What <c>publish --target</c> writes.</summary>
public enum PublishTarget
{
    /// <summary>A JSON description of the model (resources, env as expressions, endpoints, health, dependencies).</summary>
    Manifest,
    /// <summary>compose.yaml, .env.example and Dockerfiles.</summary>
    Compose,
    /// <summary>A kustomize base with dev and prod overlays.</summary>
    Kubernetes,
}
