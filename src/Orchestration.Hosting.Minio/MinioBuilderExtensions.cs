using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestration.NativeRuntime.Recipes;
using Tags = Orchestration.Hosting.Integrations.Minio.MinioContainerImageTags;

namespace Aspire.Hosting;

/// <summary>MinIO (S3) for an Aspire AppHost.</summary>
public static class MinioBuilderExtensions
{
    /// <summary>
    /// An S3 server: the pinned <c>minio/minio</c> image in a container; natively <c>minio server</c> when a
    /// <c>minio</c> binary is on PATH, else the pinned <c>s3rver</c> (a loopback development server).
    /// <code>var documents = builder.AddMinio("minio").WithDataVolume().AddBucket("documents");</code>
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="rootUser">The access key; default a generated <c>{name}-root-user</c>.</param>
    /// <param name="rootPassword">The secret key; default a generated <c>{name}-root-password</c>.</param>
    /// <param name="port">A fixed host port for the S3 API; default a free one.</param>
    public static IResourceBuilder<MinioServerResource> AddMinio(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? rootUser = null, IResourceBuilder<ParameterResource>? rootPassword = null, int? port = null)
    {
        var user = rootUser?.Resource ?? ParameterResourceBuilderExtensions.CreateGeneratedParameter(builder, $"{name}-root-user", secret: true,
            new GenerateParameterDefault { MinLength = 20, Special = false });
        var password = rootPassword?.Resource ?? ParameterResourceBuilderExtensions.CreateGeneratedParameter(builder, $"{name}-root-password", secret: true,
            new GenerateParameterDefault { MinLength = 40, Special = false });
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INativeRecipe, MinioRecipe>());
        return builder.AddResource(new MinioServerResource(name, user, password))
            .WithImage(Tags.Image, Tags.Tag)
            .WithHttpEndpoint(port: port, targetPort: Tags.ApiPort, name: MinioServerResource.PrimaryEndpointName)
            .WithEnvironment("MINIO_ROOT_USER", user)
            .WithEnvironment("MINIO_ROOT_PASSWORD", password)
            .WithArgs("server", Tags.DataPath);
    }

    /// <summary>
    /// A bucket, created once the server is ready (kept when it exists), healthy while it exists.
    /// <code>api.WithReference(minio.AddBucket("uploads")).WaitFor(minio)</code>
    /// </summary>
    public static IResourceBuilder<MinioBucketResource> AddBucket(this IResourceBuilder<MinioServerResource> builder, string name, string? bucketName = null)
        => builder.ApplicationBuilder.AddResource(new MinioBucketResource(name, bucketName ?? name, builder.Resource));

    /// <summary>
    /// Keeps the objects across runs: a named volume at <c>/data</c> in a container, a folder in the AppHost's
    /// state folder natively.
    /// <code>builder.AddMinio("minio").WithDataVolume()</code>
    /// </summary>
    public static IResourceBuilder<MinioServerResource> WithDataVolume(this IResourceBuilder<MinioServerResource> builder, string? name = null)
        => builder.WithVolume(name ?? $"{builder.Resource.Name}-data", Tags.DataPath);
}
