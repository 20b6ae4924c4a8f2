using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// An nginx gateway: routes path prefixes to other resources and serves a folder of static files at
/// <c>/</c>. Its configuration is generated into the run folder at each start and checked with
/// <c>nginx -t</c> before nginx runs.
/// </summary>
internal sealed class NginxResource(string name, string workingDirectory) : ExecutableResource(name, "nginx", workingDirectory)
{
    /// <summary>Where Debian puts nginx; outside PATH for users other than root.</summary>
    internal const string DebianPath = "/usr/sbin/nginx";

    /// <summary>The name of the endpoint nginx listens on.</summary>
    public const string PrimaryEndpointName = "http";

    private readonly List<NginxRoute> _routes = [];

    /// <summary>The routes, in the order they were added.</summary>
    public IReadOnlyList<NginxRoute> Routes => _routes;

    /// <summary>The folder served at <c>/</c>, or null.</summary>
    public string? StaticFilesFolder { get; internal set; }

    /// <summary>The Content-Security-Policy sent with the static files.</summary>
    public string ContentSecurityPolicy { get; internal set; } = DefaultContentSecurityPolicy;

    /// <summary>The largest request body accepted (nginx's <c>client_max_body_size</c>, e.g. <c>100m</c>); larger ones get 413.</summary>
    public string ClientMaxBodySize { get; internal set; } = "100m";

    /// <summary>The endpoint nginx listens on.</summary>
    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    /// <summary><c>nginx</c> from PATH, else Debian's <c>/usr/sbin/nginx</c>.</summary>
    public override string Command => ExecutableLookup.Find("nginx", WorkingDirectory) is null && File.Exists(DebianPath) ? DebianPath : "nginx";

    /// <summary>Scripts, styles, images and connections from the page's own origin only; no plugins, no framing.</summary>
    public const string DefaultContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    internal void AddRoute(NginxRoute route) => _routes.Add(route);

    /// <inheritdoc />
    protected internal override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (Annotations.Last<ReplicaAnnotation>() is { Replicas: > 1 })
            yield return $"Resource '{Name}': nginx runs as one copy; put replicas behind it (WithReplicas on the routed resource) instead.";
        if (StaticFilesFolder is { } folder && !Directory.Exists(folder))
            yield return $"Resource '{Name}': the static files folder '{folder}' does not exist.";
        foreach (var route in _routes.Where(r => !r.Target.Exists))
            yield return $"Resource '{Name}': route '{route.Path}' goes to endpoint '{route.Target.EndpointName}' of '{route.Target.Resource.Name}', which has no such endpoint; add it with WithHttpEndpoint().";
    }
}
