using System.Text.RegularExpressions;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Integrations.Nginx;

namespace Orchestration.Hosting;

/// <summary>An nginx gateway: <c>builder.AddNginx("gateway").WithRoute("/api/", api).WithStaticFiles("../web/dist")</c>.</summary>
internal static partial class NginxBuilderExtensions
{
    /// <summary>
    /// An nginx gateway listening on 127.0.0.1: routes added with <c>WithRoute</c>, static files with
    /// <c>WithStaticFiles</c>, <c>/nginx-health</c> for its health check. Locally it runs <c>nginx</c> from
    /// PATH (or <c>/usr/sbin/nginx</c>) with a configuration generated into its run folder; published, the
    /// pinned nginx image.
    /// <code>var gateway = builder.AddNginx("gateway", port: 8080).WithRoute("/api/", api).WaitFor(api);</code>
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="port">A fixed local port; default a free one.</param>
    public static IResourceBuilder<NginxResource> AddNginx(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var nginx = new NginxResource(name, builder.AppHostDirectory);
        return builder.AddResource(nginx)
            .WithHttpEndpoint(port: port, targetPort: NginxContainerImageTags.Port, name: NginxResource.PrimaryEndpointName)
            .WithAnnotation(new ContainerImageAnnotation(NginxContainerImageTags.Image, NginxContainerImageTags.Tag))
            .WithInstallHint("apt-get install nginx-light")
            .WithAnnotation(NginxContainerForm.For(nginx))
            .WithArgs(ctx => NginxLocalRun.AddArgs(nginx, ctx))
            .OnBeforeResourceStarted((_, ctx) => NginxLocalRun.PrepareAsync(nginx, ctx))
            .WithHttpHealthCheck("/nginx-health");
    }

    /// <summary>
    /// Sends requests whose path starts with <paramref name="path"/> to <paramref name="target"/>'s HTTP
    /// endpoint (all its replicas), with the usual proxy headers (Host, X-Real-IP, X-Forwarded-For/Proto/Host)
    /// and WebSocket upgrades. The path reaches the target unchanged unless <paramref name="stripPrefix"/>.
    /// Records a reference for publishers; start order is yours to say with <c>WaitFor</c>.
    /// <code>gateway.WithRoute("/api/", api, rateLimitPerSecond: 10).WaitFor(api)</code>
    /// </summary>
    /// <param name="builder">The gateway.</param>
    /// <param name="path">A path prefix such as <c>/api/</c>.</param>
    /// <param name="target">The resource to route to.</param>
    /// <param name="rateLimitPerSecond">When set, requests per second per client address (bursts of as many again); more get 429.</param>
    /// <param name="stripPrefix">Forward <c>/api/items</c> as <c>/items</c> (needs a path ending in '/').</param>
    /// <param name="endpointName">The target's endpoint; default its first HTTP endpoint.</param>
    public static IResourceBuilder<NginxResource> WithRoute(this IResourceBuilder<NginxResource> builder, string path, IResourceBuilder<IResourceWithEndpoints> target,
        int? rateLimitPerSecond = null, bool stripPrefix = false, string? endpointName = null)
    {
        var endpoint = endpointName
            ?? target.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.IsHttp)?.Name;
        if (endpoint is null)
            return builder.WithProblem($"Route '{path}' of '{builder.Resource.Name}' goes to '{target.Resource.Name}', which has no HTTP endpoint; call WithHttpEndpoint() on it first.");
        return builder.WithRoute(path, new EndpointReference(target.Resource, endpoint), rateLimitPerSecond, stripPrefix);
    }

    /// <summary>Sends requests under <paramref name="path"/> to one endpoint of another resource: <c>gateway.WithRoute("/ws/", chat.GetEndpoint("ws"))</c>.</summary>
    public static IResourceBuilder<NginxResource> WithRoute(this IResourceBuilder<NginxResource> builder, string path, EndpointReference target,
        int? rateLimitPerSecond = null, bool stripPrefix = false)
    {
        var nginx = builder.Resource;
        if (!RoutePathPattern().IsMatch(path))
            return builder.WithProblem($"Route path '{path}' of '{nginx.Name}' is invalid: it starts with '/' and holds letters, digits and . _ ~ - / only (e.g. '/api/').");
        if (nginx.Routes.Any(r => r.Path == path) || (path == "/" && nginx.StaticFilesFolder is not null))
            return builder.WithProblem($"'{nginx.Name}' already serves '{path}'; each path prefix has one route.");
        if (rateLimitPerSecond is <= 0)
            return builder.WithProblem($"Route '{path}' of '{nginx.Name}': the rate limit must be at least 1 request per second, not {rateLimitPerSecond}.");
        if (stripPrefix && !path.EndsWith('/'))
            return builder.WithProblem($"Route '{path}' of '{nginx.Name}': stripping the prefix needs a path ending in '/' (e.g. '{path}/').");
        nginx.AddRoute(new NginxRoute(path, target, rateLimitPerSecond, stripPrefix));
        return builder.WithAnnotation(new ReferenceAnnotation(target.Resource));
    }

    /// <summary>
    /// Serves the files of <paramref name="folder"/> (relative to the AppHost folder) at <c>/</c>, with
    /// security headers and a Content-Security-Policy (default: <see cref="NginxResource.DefaultContentSecurityPolicy"/>).
    /// <code>gateway.WithStaticFiles("../web/dist")</code>
    /// </summary>
    public static IResourceBuilder<NginxResource> WithStaticFiles(this IResourceBuilder<NginxResource> builder, string folder, string? contentSecurityPolicy = null)
    {
        var nginx = builder.Resource;
        if (nginx.Routes.Any(r => r.Path == "/"))
            return builder.WithProblem($"'{nginx.Name}' already routes '/' to a service; static files are served at '/'.");
        var fullPath = ResourceBuilderExtensions.ResolvePath(builder.ApplicationBuilder, folder);
        if (fullPath.Any(char.IsControl) || contentSecurityPolicy?.Any(char.IsControl) == true)
            return builder.WithProblem($"The static files folder and the Content-Security-Policy of '{nginx.Name}' must not hold control characters.");
        nginx.StaticFilesFolder = fullPath;
        if (contentSecurityPolicy is not null) nginx.ContentSecurityPolicy = contentSecurityPolicy;
        return builder.WithAnnotation(new ContainerMountAnnotation(fullPath, NginxContainerImageTags.StaticFilesPath, IsVolume: false, IsReadOnly: true));
    }

    /// <summary>
    /// The largest request body accepted, in nginx's notation (<c>512k</c>, <c>100m</c>, <c>1g</c>; default <c>100m</c>);
    /// larger requests get 413 before they reach a service. <c>0</c> lifts the limit.
    /// <code>gateway.WithClientMaxBodySize("1g")</code>
    /// </summary>
    public static IResourceBuilder<NginxResource> WithClientMaxBodySize(this IResourceBuilder<NginxResource> builder, string size)
    {
        if (!BodySizePattern().IsMatch(size))
            return builder.WithProblem($"Body size '{size}' of '{builder.Resource.Name}' is invalid: use a number with an optional k, m or g (e.g. '100m').");
        builder.Resource.ClientMaxBodySize = size;
        return builder;
    }

    [GeneratedRegex("^/[A-Za-z0-9._~/-]*$")]
    private static partial Regex RoutePathPattern();

    [GeneratedRegex("^[0-9]{1,12}[kKmMgG]?$")]
    private static partial Regex BodySizePattern();
}
