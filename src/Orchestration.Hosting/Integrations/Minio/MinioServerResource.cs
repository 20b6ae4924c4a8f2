using Orchestration.Hosting.Integrations.Minio;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// An S3 server. Locally it is MinIO when a <c>minio</c> binary is on PATH, else the S3-compatible
/// s3rver (see <see cref="S3ServerKind.S3rver"/>); published, it is the pinned MinIO image. Clients connect
/// with <c>Endpoint=http://127.0.0.1:port;AccessKey=...;SecretKey=...</c>.
/// </summary>
internal sealed class MinioServerResource : ExecutableResource, IResourceWithConnectionString
{
    /// <summary>The name of the S3 API endpoint.</summary>
    public const string PrimaryEndpointName = "http";

    private readonly List<MinioBucketResource> _buckets = [];

    internal MinioServerResource(string name, ParameterResource rootUser, ParameterResource rootPassword, string workingDirectory, S3rverInstallation s3rver)
        : base(name, "minio", workingDirectory)
    {
        RootUser = rootUser;
        RootPassword = rootPassword;
        S3rverInstallation = s3rver;
    }

    /// <summary>The access key (MinIO's root user).</summary>
    public ParameterResource RootUser { get; }

    /// <summary>The secret key (MinIO's root password).</summary>
    public ParameterResource RootPassword { get; }

    /// <summary>The S3 API endpoint.</summary>
    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    /// <summary>The buckets created in this server once it is healthy.</summary>
    public IReadOnlyList<MinioBucketResource> Buckets => _buckets;

    /// <summary>The data volume's name when <c>WithDataVolume</c> was called; null keeps the data for one run only.</summary>
    public string? DataVolumeName { get; internal set; }

    /// <summary>Which server runs locally: MinIO when <c>minio</c> is on PATH, else s3rver.</summary>
    public S3ServerKind Server => ExecutableLookup.Find("minio", WorkingDirectory) is null ? S3ServerKind.S3rver : S3ServerKind.Minio;

    /// <summary><c>minio</c>, or <c>node</c> running s3rver.</summary>
    public override string Command => Server == S3ServerKind.Minio ? "minio" : "node";

    /// <summary>A one-line description of the local server, shown in its output and environment.</summary>
    public string ServerDescription => Server == S3ServerKind.Minio
        ? "minio"
        : $"s3rver {S3rverInstallation.Version} (no minio on PATH; a loopback development server: it checks the access key but not SigV4 signatures)";

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint={PrimaryEndpoint.Property(EndpointProperty.Url)};AccessKey={RootUser};SecretKey={RootPassword}");

    internal S3rverInstallation S3rverInstallation { get; }

    internal void AddBucket(MinioBucketResource bucket) => _buckets.Add(bucket);

    /// <summary>
    /// Where the server keeps its objects: the data volume, else a folder of this run. MinIO and s3rver
    /// store objects in different layouts, so each gets its own folder of the volume.
    /// </summary>
    internal string DataDirectory(AppHostDirectories directories)
    {
        var minio = Server == S3ServerKind.Minio;
        if (DataVolumeName is null) return CreateDirectory(Path.Combine(directories.RunFolder(Name), minio ? "data" : "s3rver-data"));
        return directories.DataVolume(Name, minio ? DataVolumeName : $"{DataVolumeName}-s3rver");
    }

    /// <inheritdoc />
    protected internal override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (Annotations.Last<ReplicaAnnotation>() is { Replicas: > 1 })
            yield return $"Resource '{Name}': an S3 server runs as one copy (its data lives in one folder); remove WithReplicas.";
        if (Server == S3ServerKind.S3rver && !S3rverInstallation.IsInstalled && ExecutableLookup.Find("npm", WorkingDirectory) is null)
            yield return $"Resource '{Name}': no minio on PATH, and s3rver (the S3 server used instead) is installed on first use with npm, " +
                         $"which was not found on PATH. Install it: apt-get install npm (or put a minio binary on PATH).";
    }

    private static string CreateDirectory(string path)
    {
        Directory.CreateDirectory(path);
        return path;
    }
}
