using Aspire.Hosting.ApplicationModel;
using Orchestration.Hosting;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Recipes;

/// <summary>PostgreSQL (<c>AddPostgres</c>, or any <c>postgres</c> image) as native <c>initdb</c> + <c>postgres</c>.</summary>
public sealed class PostgresRecipe : INativeRecipe
{
    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    public bool Matches(IResource resource) => resource is PostgresServerResource || NativeRecipes.ImageNameOf(resource) == "postgres";

    /// <inheritdoc />
    public NativeModel.IResourceBuilder<NativeModel.IResource> Lower(RecipeContext context)
    {
        // What the official image reads: POSTGRES_USER (default postgres) and POSTGRES_PASSWORD. Databases are
        // Aspire's own business: it creates them when the server is ready (ResourceReadyEvent).
        var name = context.Resource.Name;
        var server = context.Builder.AddPostgres(name,
            userName: context.ParameterFromEnvironment("POSTGRES_USER", $"{name}-username"),
            password: context.ParameterFromEnvironment("POSTGRES_PASSWORD", $"{name}-password"),
            port: context.PrimaryPort);
        if (context.HasDataVolume) server.WithDataVolume();
        return server;
    }
}
