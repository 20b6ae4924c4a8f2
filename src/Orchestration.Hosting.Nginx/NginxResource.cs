namespace Aspire.Hosting.ApplicationModel;

/// <summary>An nginx gateway: routes by path prefix to other resources' endpoints, and static files at <c>/</c>.</summary>
public sealed class NginxResource(string name) : ContainerResource(name)
{
    /// <summary>The gateway's HTTP endpoint name.</summary>
    public const string PrimaryEndpointName = "http";

    private readonly List<NginxRouteAnnotation> _routes = [];

    /// <summary>The routes, in the order they were added.</summary>
    public IReadOnlyList<NginxRouteAnnotation> Routes => _routes;

    /// <summary>The folder served at <c>/</c> (absolute), or null.</summary>
    public string? StaticFilesFolder { get; internal set; }

    /// <summary>The Content-Security-Policy of static files; null for the engine's default.</summary>
    public string? ContentSecurityPolicy { get; internal set; }

    /// <summary>The largest request body, in nginx's notation; null for the default (100m).</summary>
    public string? ClientMaxBodySize { get; internal set; }

    internal void AddRoute(NginxRouteAnnotation route)
    {
        _routes.Add(route);
        Annotations.Add(route);
    }
}

/// <summary>Requests under <see cref="Path"/> go to <see cref="Target"/>.</summary>
public sealed record NginxRouteAnnotation(string Path, EndpointReference Target, int? RateLimitPerSecond, bool StripPrefix) : IResourceAnnotation;
