using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting;

/// <summary><c>WithReference</c>: hand one resource the address or connection string of another.</summary>
internal static class ReferenceExtensions
{
    /// <summary>
    /// Gives the resource what it needs to reach <paramref name="source"/>: <c>ConnectionStrings__{name}</c>
    /// for a connection string; for endpoints <c>services__{name}__{endpoint}__{i}</c> per replica (the
    /// format Microsoft.Extensions.ServiceDiscovery reads) and <c>{NAME}_{ENDPOINT}</c> (a URL).
    /// <code>builder.AddProject("api", "../api/Api.csproj").WithReference(db).WaitFor(db)</code>
    /// </summary>
    public static IResourceBuilder<T> WithReference<T, TSource>(this IResourceBuilder<T> builder, IResourceBuilder<TSource> source)
        where T : IResourceWithEnvironment where TSource : IResource
    {
        var target = source.Resource;
        if (target is not (IResourceWithConnectionString or IResourceWithEndpoints))
            return builder.WithProblem($"'{builder.Resource.Name}' cannot reference '{target.Name}': it has neither a connection string nor endpoints.");
        builder.WithAnnotation(new ReferenceAnnotation(target));
        return builder.WithEnvironment(ctx =>
        {
            if (target is IResourceWithConnectionString withConnectionString)
                ctx.EnvironmentVariables[$"ConnectionStrings__{withConnectionString.ConnectionStringName}"] = withConnectionString;
            if (target is IResourceWithEndpoints withEndpoints)
                AddEndpointVariables(ctx, withEndpoints);
        });
    }

    /// <summary>Gives the resource one endpoint of another (service discovery and URL variables for that endpoint only).</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, EndpointReference endpoint) where T : IResourceWithEnvironment
    {
        builder.WithAnnotation(new ReferenceAnnotation(endpoint.Resource));
        return builder.WithEnvironment(ctx => AddEndpointVariable(ctx, endpoint));
    }

    private static void AddEndpointVariables(EnvironmentCallbackContext ctx, IResourceWithEndpoints target)
    {
        foreach (var endpoint in target.Annotations.OfType<EndpointAnnotation>())
            AddEndpointVariable(ctx, new EndpointReference(target, endpoint.Name));
    }

    private static void AddEndpointVariable(EnvironmentCallbackContext ctx, EndpointReference endpoint)
    {
        var replicas = endpoint.Resource.Annotations.Last<ReplicaAnnotation>()?.Replicas ?? 1;
        for (var i = 0; i < replicas; i++)
            ctx.EnvironmentVariables[$"services__{endpoint.Resource.Name}__{endpoint.EndpointName}__{i}"] = new EndpointReferenceExpression(endpoint, EndpointProperty.Url, i);
        ctx.EnvironmentVariables[$"{EnvName(endpoint.Resource.Name)}_{EnvName(endpoint.EndpointName)}"] = endpoint.Property(EndpointProperty.Url);
    }

    private static string EnvName(string name) => name.ToUpperInvariant().Replace('-', '_');
}
