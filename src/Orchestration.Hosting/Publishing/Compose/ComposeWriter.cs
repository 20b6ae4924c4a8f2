namespace Orchestration.Hosting.Publishing.Compose;

internal static class ComposeWriter
{
    public static Task WriteAsync(PublishedModel model, PublishOutput output, CancellationToken cancellationToken)
        => throw new DistributedApplicationException("The compose target is not written yet.");
}
