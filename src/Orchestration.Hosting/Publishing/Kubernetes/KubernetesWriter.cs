namespace Orchestration.Hosting.Publishing.Kubernetes;

internal static class KubernetesWriter
{
    public static Task WriteAsync(PublishedModel model, PublishOutput output, CancellationToken cancellationToken)
        => throw new DistributedApplicationException("The kubernetes target is not written yet.");
}
