namespace Orchestration.Hosting.Integrations.Minio;

/// <summary>The image publishers write for an S3 server: a dated MinIO release, never <c>latest</c>.</summary>
internal static class MinioContainerImageTags
{
    public const string Image = "minio/minio";
    public const string Tag = "RELEASE.2025-04-22T22-12-26Z";

    /// <summary>The MinIO client image that makes buckets in published stacks: the release paired with the server's, never <c>latest</c>.</summary>
    public const string ClientImage = "minio/mc";
    public const string ClientTag = "RELEASE.2025-04-16T18-13-26Z";

    /// <summary>The S3 API port inside the container.</summary>
    public const int ApiPort = 9000;

    /// <summary>Where the container keeps its data.</summary>
    public const string DataPath = "/data";
}
