using Aspire.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Recipes;

/// <summary>The recipes the native runtime knows; a container that none matches fails validation.</summary>
public sealed class NativeRecipes(IReadOnlyList<INativeRecipe> recipes)
{
    /// <summary>PostgreSQL and Redis.</summary>
    public static NativeRecipes Default { get; } = new([new PostgresRecipe(), new RedisRecipe()]);

    /// <summary>All recipes, first match wins.</summary>
    public IReadOnlyList<INativeRecipe> Recipes { get; } = recipes;

    /// <summary>The recipe for <paramref name="container"/>, or null.</summary>
    public INativeRecipe? Find(ContainerResource container) => Recipes.FirstOrDefault(r => r.Matches(container));

    /// <summary>
    /// The image's short name: <c>docker.io/library/redis:8.6</c> → <c>redis</c>, so a recipe matches
    /// <c>AddContainer("cache", "redis")</c> as well as <c>AddRedis</c>.
    /// </summary>
    public static string? ImageNameOf(ContainerResource container)
    {
        if (container.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault() is not { } image) return null;
        var name = image.Image.Split('@')[0];
        var slash = name.LastIndexOf('/');
        var colon = name.IndexOf(':', slash + 1);
        return (colon >= 0 ? name[..colon] : name)[(slash + 1)..];
    }

    /// <summary>The image as users wrote it, for messages.</summary>
    public static string DescribeImage(ContainerResource container) =>
        container.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault() is { } image
            ? $"{(image.Registry is { } registry ? registry + "/" : "")}{image.Image}{(image.Tag is { } tag ? ":" + tag : "")}"
            : "(no image)";
}
