using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Integrations.Minio;

namespace Orchestration.Hosting;

/// <summary>S3 storage: <c>builder.AddMinio("storage").AddBucket("uploads")</c>.</summary>
internal static partial class MinioBuilderExtensions
{
    /// <summary>
    /// An S3 server. Locally: <c>minio</c> when it is on PATH, else s3rver@3.7.1 from the npm registry,
    /// installed on first use into the AppHost's git-ignored <c>.tools</c> folder and started with the
    /// stack's key (s3rver checks the access key but not SigV4 signatures: a loopback development server
    /// only). Published: the pinned <c>minio/minio</c> image. Its connection string is
    /// <c>Endpoint=http://127.0.0.1:port;AccessKey=...;SecretKey=...</c>.
    /// <code>var storage = builder.AddMinio("storage").WithDataVolume();</code>
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="rootUser">The access key; default a generated <c>{name}-root-user</c>, kept per machine.</param>
    /// <param name="rootPassword">The secret key; default a generated <c>{name}-root-password</c>, kept per machine.</param>
    /// <param name="port">A fixed local port for the S3 API; default a free one.</param>
    public static IResourceBuilder<MinioServerResource> AddMinio(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? rootUser = null, IResourceBuilder<ParameterResource>? rootPassword = null, int? port = null)
    {
        var user = rootUser?.Resource ?? builder.AddParameter($"{name}-root-user", new GenerateParameterDefault { MinLength = 20 }, secret: true).Resource;
        var password = rootPassword?.Resource ?? builder.AddParameter($"{name}-root-password", new GenerateParameterDefault { MinLength = 40 }, secret: true).Resource;
        builder.Services.TryAddSingleton<S3ClientCache>();

        var server = new MinioServerResource(name, user, password, builder.AppHostDirectory, new S3rverInstallation(builder.Configuration, builder.AppHostDirectory));
        return builder.AddResource(server)
            .WithHttpEndpoint(port: port, targetPort: MinioContainerImageTags.ApiPort, name: MinioServerResource.PrimaryEndpointName)
            .WithAnnotation(new ContainerImageAnnotation(MinioContainerImageTags.Image, MinioContainerImageTags.Tag))
            .WithInstallHint("apt-get install nodejs npm (s3rver, the S3 server used when no minio binary is on PATH, runs on Node.js)")
            .WithAnnotation(MinioContainerForm.For(server))
            .WithEnvironment(ctx => MinioLocalRun.AddEnvironment(server, ctx))
            .WithArgs(ctx => MinioLocalRun.AddArgs(server, ctx))
            .OnBeforeResourceStarted((_, ctx) => MinioLocalRun.PrepareAsync(server, ctx))
            .WithHealthCheck("s3 ListBuckets", (ctx, ct) => MinioLocalRun.CheckServerAsync(server, ctx, ct),
                new HttpHealthProbe(MinioServerResource.PrimaryEndpointName, "/minio/health/live"))
            .OnResourceReady((_, ctx) => MinioLocalRun.CreateBucketsAsync(server, ctx));
    }

    /// <summary>
    /// A bucket, created once the server is healthy (kept when it already exists), healthy while it
    /// exists. Its connection string is the server's plus <c>;Bucket={bucketName}</c>.
    /// <code>api.WithReference(storage.AddBucket("uploads")).WaitFor(storage)</code>
    /// </summary>
    /// <param name="builder">The server.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="bucketName">The bucket's name in S3; default <paramref name="name"/>.</param>
    public static IResourceBuilder<MinioBucketResource> AddBucket(this IResourceBuilder<MinioServerResource> builder, string name, string? bucketName = null)
    {
        bucketName ??= name;
        var bucket = new MinioBucketResource(name, bucketName, builder.Resource);
        var result = builder.ApplicationBuilder.AddResource(bucket);
        if (!BucketNamePattern().IsMatch(bucketName) || bucketName.Contains("..", StringComparison.Ordinal))
            return result.WithProblem(
                $"Bucket name '{bucketName}' is invalid: S3 wants 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit.");
        if (builder.Resource.Buckets.FirstOrDefault(b => b.BucketName == bucketName) is { } existing)
            return result.WithProblem($"Server '{builder.Resource.Name}' already has bucket '{bucketName}' (resource '{existing.Name}').");

        builder.Resource.AddBucket(bucket);
        return result.WithHealthCheck($"bucket {bucketName} exists", (ctx, ct) => MinioLocalRun.CheckBucketAsync(bucket, ctx, ct));
    }

    /// <summary>
    /// Keeps the objects across runs in a data volume under the AppHost's state folder (a named volume
    /// at <c>/data</c> when published). Without it, data lives in the run folder and is gone at stop.
    /// <code>builder.AddMinio("storage").WithDataVolume()</code>
    /// </summary>
    public static IResourceBuilder<MinioServerResource> WithDataVolume(this IResourceBuilder<MinioServerResource> builder, string? name = null)
    {
        var volume = name ?? "data";
        builder.Resource.DataVolumeName = volume;
        return builder.WithAnnotation(new ContainerMountAnnotation($"{builder.Resource.Name}-{volume}", MinioContainerImageTags.DataPath, IsVolume: true));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketNamePattern();
}
