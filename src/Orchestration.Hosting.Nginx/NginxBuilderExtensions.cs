using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestration.NativeRuntime.Recipes;
using Tags = Orchestration.Hosting.Integrations.Nginx.NginxContainerImageTags;

namespace Aspire.Hosting;

/// <summary>An nginx gateway for an Aspire AppHost.</summary>
public static class NginxBuilderExtensions
{
    /// <summary>
    /// An nginx gateway: the pinned <c>nginx</c> image in a container, natively <c>nginx</c> from a generated
    /// configuration. Healthy when <c>/nginx-health</c> answers.
    /// <code>builder.AddNginx("gateway", port: 8080).WithRoute("/api/", api).WithStaticFiles("wwwroot").WaitFor(api);</code>
    /// </summary>
    public static IResourceBuilder<NginxResource> AddNginx(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INativeRecipe, NginxRecipe>());
        return builder.AddResource(new NginxResource(name))
            .WithImage(Tags.Image, Tags.Tag)
            .WithHttpEndpoint(port: port, targetPort: Tags.Port, name: NginxResource.PrimaryEndpointName);
    }

    /// <summary>
    /// Sends requests whose path starts with <paramref name="path"/> to <paramref name="target"/>'s HTTP endpoint,
    /// with the usual proxy headers; the path reaches it unchanged unless <paramref name="stripPrefix"/>.
    /// <code>gateway.WithRoute("/api/", api, rateLimitPerSecond: 10).WaitFor(api)</code>
    /// </summary>
    public static IResourceBuilder<NginxResource> WithRoute<T>(this IResourceBuilder<NginxResource> builder, string path, IResourceBuilder<T> target,
        int? rateLimitPerSecond = null, bool stripPrefix = false, string? endpointName = null) where T : IResourceWithEndpoints
    {
        var endpoint = endpointName
            ?? target.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.UriScheme is "http" or "https")?.Name
            ?? throw new DistributedApplicationException($"Route '{path}' of '{builder.Resource.Name}' goes to '{target.Resource.Name}', which has no HTTP endpoint; call WithHttpEndpoint() on it first.");
        builder.Resource.AddRoute(new NginxRouteAnnotation(path, target.GetEndpoint(endpoint), rateLimitPerSecond, stripPrefix));
        return builder.WithReferenceRelationship(target.Resource);
    }

    /// <summary>
    /// Serves the files of <paramref name="folder"/> (relative to the AppHost folder) at <c>/</c>, with security headers.
    /// <code>gateway.WithStaticFiles("wwwroot")</code>
    /// </summary>
    public static IResourceBuilder<NginxResource> WithStaticFiles(this IResourceBuilder<NginxResource> builder, string folder, string? contentSecurityPolicy = null)
    {
        var fullPath = Path.GetFullPath(Path.Combine(builder.ApplicationBuilder.AppHostDirectory, folder));
        builder.Resource.StaticFilesFolder = fullPath;
        builder.Resource.ContentSecurityPolicy = contentSecurityPolicy;
        return builder.WithBindMount(fullPath, Tags.StaticFilesPath, isReadOnly: true);
    }

    /// <summary>The largest request body accepted (<c>512k</c>, <c>100m</c>, <c>1g</c>; default <c>100m</c>).</summary>
    public static IResourceBuilder<NginxResource> WithClientMaxBodySize(this IResourceBuilder<NginxResource> builder, string size)
    {
        builder.Resource.ClientMaxBodySize = size;
        return builder;
    }
}
