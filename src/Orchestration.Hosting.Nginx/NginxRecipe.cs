using Aspire.Hosting.ApplicationModel;
using Orchestration.Hosting;
using Orchestration.NativeRuntime.Recipes;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>The nginx gateway as native <c>nginx</c>, routing to the native counterparts of its targets.</summary>
internal sealed class NginxRecipe : INativeRecipe
{
    /// <inheritdoc />
    public string Name => "nginx";

    /// <inheritdoc />
    public bool Matches(IResource resource) => resource is NginxResource;

    /// <inheritdoc />
    public NativeModel.IResourceBuilder<NativeModel.IResource> Lower(RecipeContext context)
    {
        // The engine checks routes, paths and sizes, and names what is wrong.
        var nginx = (NginxResource)context.Resource;
        var native = context.Builder.AddNginx(nginx.Name, context.PrimaryPort);
        foreach (var route in nginx.Routes)
        {
            if (context.NativeOf(route.Target.Resource) is not NativeModel.IResourceWithEndpoints target)
                throw new Orchestration.Hosting.DistributedApplicationException($"Route '{route.Path}' of '{nginx.Name}' goes to '{route.Target.Resource.Name}', which does not run natively.");
            native.WithRoute(route.Path, new NativeModel.EndpointReference(target, route.Target.EndpointName), route.RateLimitPerSecond, route.StripPrefix);
        }
        if (nginx.StaticFilesFolder is { } folder) native.WithStaticFiles(folder, nginx.ContentSecurityPolicy);
        if (nginx.ClientMaxBodySize is { } size) native.WithClientMaxBodySize(size);
        return native;
    }
}
