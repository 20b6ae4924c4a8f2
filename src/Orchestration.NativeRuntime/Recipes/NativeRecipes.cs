using Aspire.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Recipes;

/// <summary>What recipes have in common: reading a container's image.</summary>
internal static class NativeRecipes
{
    /// <summary>
    /// The image's short name: <c>docker.io/library/redis:8.6</c> → <c>redis</c>, <c>minio/minio</c> → <c>minio</c>,
    /// so a recipe matches <c>AddContainer("cache", "redis")</c> as well as <c>AddRedis</c>.
    /// </summary>
    public static string? ImageNameOf(IResource resource)
    {
        if (resource is not ContainerResource || resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault() is not { } image) return null;
        var name = image.Image.Split('@')[0];
        var slash = name.LastIndexOf('/');
        var colon = name.IndexOf(':', slash + 1);
        return (colon >= 0 ? name[..colon] : name)[(slash + 1)..];
    }

    /// <summary>The image as users wrote it, for messages.</summary>
    public static string DescribeImage(IResource resource) =>
        resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault() is { } image
            ? $"{(image.Registry is { } registry ? registry + "/" : "")}{image.Image}{(image.Tag is { } tag ? ":" + tag : "")}"
            : "(no image)";
}
