using Aspire.Hosting.ApplicationModel;
using Orchestration.Hosting;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Recipes;

/// <summary>Redis (<c>AddRedis</c>, or any <c>redis</c> image) as a native <c>redis-server</c>.</summary>
internal sealed class RedisRecipe : INativeRecipe
{
    /// <inheritdoc />
    public string Name => "redis-server";

    /// <inheritdoc />
    public bool Matches(IResource resource) => resource is RedisResource || NativeRecipes.ImageNameOf(resource) == "redis";

    /// <inheritdoc />
    public NativeModel.IResourceBuilder<NativeModel.IResource> Lower(RecipeContext context)
    {
        // Aspire's Redis hands its password to the container as REDIS_PASSWORD (the entrypoint passes it on as --requirepass).
        var name = context.Resource.Name;
        var redis = context.Builder.AddRedis(name, context.PrimaryPort, context.ParameterFromEnvironment("REDIS_PASSWORD", $"{name}-password"));
        if (context.HasDataVolume) redis.WithDataVolume();
        return redis;
    }
}
