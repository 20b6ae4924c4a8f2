namespace Orchestration.Hosting.ApplicationModel;

/// <summary>Which S3 server a <see cref="MinioServerResource"/> runs locally.</summary>
internal enum S3ServerKind
{
    /// <summary>The <c>minio</c> binary found on PATH.</summary>
    Minio,

    /// <summary>
    /// The S3-compatible <c>s3rver</c> from the npm registry (pinned), installed on first use. It checks
    /// the access key but not SigV4 signatures: a loopback development server only.
    /// </summary>
    S3rver,
}
