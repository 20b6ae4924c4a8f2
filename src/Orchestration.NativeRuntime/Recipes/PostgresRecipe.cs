using Aspire.Hosting.ApplicationModel;
using Orchestration.Hosting;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Recipes;

/// <summary>PostgreSQL (<c>AddPostgres</c>, or any <c>postgres</c> image) as native <c>initdb</c> + <c>postgres</c>.</summary>
internal sealed class PostgresRecipe : INativeRecipe
{
    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    public bool Matches(IResource resource) => resource is PostgresServerResource || NativeRecipes.ImageNameOf(resource) == "postgres";

    /// <inheritdoc />
    public NativeModel.IResourceBuilder<NativeModel.IResource> Lower(RecipeContext context)
    {
        // What the official image reads: POSTGRES_USER (default postgres) and POSTGRES_PASSWORD.
        var name = context.Resource.Name;
        // The image's default user needs no parameter of its own.
        var userName = context.LiteralFromEnvironment("POSTGRES_USER") is "postgres" ? null : context.ParameterFromEnvironment("POSTGRES_USER", $"{name}-username");
        var server = context.Builder.AddPostgres(name,
            userName: userName,
            password: context.ParameterFromEnvironment("POSTGRES_PASSWORD", $"{name}-password"),
            port: context.PrimaryPort);
        if (context.HasDataVolume) server.WithDataVolume();
        // The engine creates the databases before anything that waits for them starts (and tells the writers:
        // POSTGRES_DB); Aspire's own creation on ResourceReadyEvent then finds them there.
        foreach (var database in context.Children.OfType<PostgresDatabaseResource>())
            context.Claim(database, server.AddDatabase(database.Name, database.DatabaseName).Resource);
        return server;
    }
}
