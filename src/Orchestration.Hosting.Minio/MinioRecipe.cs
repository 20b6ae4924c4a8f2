using Aspire.Hosting.ApplicationModel;
using Orchestration.Hosting;
using Orchestration.NativeRuntime.Recipes;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>MinIO (<c>AddMinio</c>, or any <c>minio/minio</c> image) as the engine's native S3 server, with its buckets.</summary>
internal sealed class MinioRecipe : INativeRecipe
{
    /// <inheritdoc />
    public string Name => "minio (or s3rver)";

    /// <inheritdoc />
    public bool Matches(IResource resource) => resource is MinioServerResource || NativeRecipes.ImageNameOf(resource) == "minio";

    /// <inheritdoc />
    public NativeModel.IResourceBuilder<NativeModel.IResource> Lower(RecipeContext context)
    {
        // The official image's settings: MINIO_ROOT_USER and MINIO_ROOT_PASSWORD.
        var name = context.Resource.Name;
        var server = context.Builder.AddMinio(name,
            rootUser: context.ParameterFromEnvironment("MINIO_ROOT_USER", $"{name}-root-user"),
            rootPassword: context.ParameterFromEnvironment("MINIO_ROOT_PASSWORD", $"{name}-root-password"),
            port: context.PrimaryPort);
        if (context.HasDataVolume) server.WithDataVolume();
        // Buckets are the engine's to create (when the server is ready) and to check.
        foreach (var bucket in context.Children.OfType<MinioBucketResource>())
            context.Claim(bucket, server.AddBucket(bucket.Name, bucket.BucketName).Resource);
        return server;
    }
}
